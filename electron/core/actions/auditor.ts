import type { AuditEntry, AuditOutcome } from '../../../shared/contract';
import { describeAddress, type ResolvedProfile } from '../connections/profile';
import type { StreamBus } from '../events';
import { AuditLog, osUser } from './audit-log';
import { assertWritable } from './read-only';

export interface AuditFields {
  action: string;
  target: string;
  previewCount?: number | null;
  resultCount?: number | null;
  durationMs?: number | null;
  outcome: AuditOutcome;
  undoFile?: string;
  message?: string;
}

type Profile = Pick<ResolvedProfile, 'id' | 'name' | 'host' | 'port' | 'db'>;

/** Which connection an entry is about: a profile's, or one recorded earlier (an undo file's header). */
export type AuditWhere = Pick<AuditEntry, 'connectionId' | 'connectionName' | 'server' | 'db'>;

export function whereOf(profile: Profile): AuditWhere {
  return { connectionId: profile.id, connectionName: profile.name, server: describeAddress(profile), db: profile.db };
}

/** One audit line: who, where, what, how many, how long, how it ended. */
export function auditEntry(where: AuditWhere, source: AuditEntry['source'], f: AuditFields, now = Date.now()): AuditEntry {
  return {
    ts: now,
    osUser: osUser(),
    source,
    connectionId: where.connectionId,
    connectionName: where.connectionName,
    server: where.server,
    db: where.db,
    action: f.action,
    target: f.target,
    previewCount: f.previewCount ?? null,
    resultCount: f.resultCount ?? null,
    durationMs: f.durationMs === undefined || f.durationMs === null ? null : Math.round(f.durationMs),
    outcome: f.outcome,
    ...(f.undoFile ? { undoFile: f.undoFile } : {}),
    ...(f.message ? { message: f.message } : {}),
  };
}

/** Appends to the audit log and tells the UI; a full disk must not turn a finished action into an error. */
export class Auditor {
  constructor(
    readonly log: AuditLog,
    private readonly source: AuditEntry['source'],
    private readonly bus: StreamBus | null,
  ) {}

  record(profile: Profile, fields: AuditFields): Promise<void> {
    return this.recordAt(whereOf(profile), fields);
  }

  async recordAt(where: AuditWhere, fields: AuditFields): Promise<void> {
    const entry = auditEntry(where, this.source, fields);
    try {
      await this.log.append(entry);
    } catch {
      // Reported through the stream below; the action's own result stands.
    }
    this.bus?.emit('audit.appended', entry);
  }

  /** assertWritable, with the refusal written to the audit log. */
  async guardWritable(profile: Profile & Pick<ResolvedProfile, 'readOnly'>, action: string, target: string): Promise<void> {
    try {
      assertWritable(profile, action);
    } catch (e) {
      await this.record(profile, { action, target, outcome: 'refused', message: (e as Error).message });
      throw e;
    }
  }
}
