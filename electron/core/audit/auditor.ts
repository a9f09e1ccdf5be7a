import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditOutcome } from '../../../shared/contract';
import { describeAddress, type ResolvedProfile } from '../profile/profile';
import type { StreamBus } from '../events';
import { AuditLog, osUser } from './audit-log';
import { assertWritable } from '../profile/read-only';

export interface AuditFields {
  action: string;
  target: string;
  previewCount?: number | null;
  resultCount?: number | null;
  durationMs?: number | null;
  outcome: AuditOutcome;
  undoFile?: string;
  message?: string;
  /** Lines of one long action share an id; see AuditEntry.phase. */
  id?: string;
  phase?: AuditEntry['phase'];
}

/** How often a long action writes a progress checkpoint, at most. */
export const AUDIT_CHECKPOINT_MS = 1000;

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
    ...(f.id ? { id: f.id } : {}),
    ...(f.phase ? { phase: f.phase } : {}),
  };
}

/** What a long action's lines share: everything but its counts, duration, outcome and message. */
export type AuditStart = Pick<AuditFields, 'action' | 'target' | 'previewCount' | 'undoFile'>;

/**
 * One long action in the audit log: a `started` line written before it touches anything,
 * checkpoints of its count while it runs, and its end line. A process killed midway leaves
 * "started, not finished, N so far, undo file X" instead of nothing.
 */
export class AuditRun {
  readonly id = randomUUID();
  private readonly t0 = performance.now();
  private lastCheckpoint = performance.now();
  private lastCount: number | null = null;

  constructor(
    private readonly auditor: Auditor,
    private readonly where: AuditWhere,
    private readonly start: AuditStart,
  ) {}

  /** Written (and awaited) before the action starts. */
  begin(): Promise<void> {
    return this.auditor.recordAt(this.where, { ...this.start, outcome: 'unfinished', id: this.id, phase: 'started', message: 'Started.' });
  }

  /** Cheap to call per batch: appends a checkpoint at most every AUDIT_CHECKPOINT_MS, and only when the count moved. */
  progress(resultCount: number): void {
    const now = performance.now();
    if (resultCount === this.lastCount || now - this.lastCheckpoint < AUDIT_CHECKPOINT_MS) return;
    this.lastCheckpoint = now;
    this.lastCount = resultCount;
    void this.auditor.recordAt(this.where, { ...this.start, resultCount, durationMs: now - this.t0, outcome: 'unfinished', id: this.id, phase: 'progress' }, false);
  }

  /** The end line. The undo file is named again only if there is one (a run that failed to create it has none). */
  finish(fields: Omit<AuditFields, 'action' | 'target' | 'id' | 'phase'>): Promise<void> {
    const { undoFile: _planned, ...start } = this.start;
    return this.auditor.recordAt(this.where, { ...start, durationMs: performance.now() - this.t0, ...fields, id: this.id });
  }
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

  /** `announce` false: a checkpoint, not worth making every open audit view reload. */
  async recordAt(where: AuditWhere, fields: AuditFields, announce = true): Promise<void> {
    const entry = auditEntry(where, this.source, fields);
    try {
      await this.log.append(entry);
    } catch {
      // Reported through the stream below; the action's own result stands.
    }
    if (announce) this.bus?.emit('audit.appended', entry);
  }

  /** A long action's lines (see AuditRun); call begin() on it before starting. */
  run(profile: Profile, start: AuditStart): AuditRun {
    return new AuditRun(this, whereOf(profile), start);
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
