import path from 'node:path';
import type { ResolvedProfile } from '../profile/profile';
import type { AuditWhere } from '../audit/auditor';
import type { ActionDeps } from './deps';
import { undoDir } from './undo-dir';
import { readUndoHeader } from './undo-file';
import { deleteUndoFiles, describeUndoPrune, planUndoPrune, pruneUndoFiles, undoFilesOnDisk, type PrunedUndoFile, type UndoRetention } from './undo-retention';

/**
 * Applying the undo retention, audited, never failing what triggered it: before a new undo file
 * is written, and when the core starts — undo files hold deleted values, so they must not
 * outlive the retention on disk just because no invalidation has run since.
 */

/** Where a pruning is audited when no connection can be named (unreadable header, failure). */
const UNDO_FOLDER: AuditWhere = { connectionId: 'undo-folder', connectionName: 'Undo folder', server: '', db: 0 };

/** Make room as a new undo file starts, sparing the files running jobs write or read. */
export async function pruneForNewUndo(deps: ActionDeps, profile: ResolvedProfile, retention: UndoRetention, newFile: string): Promise<void> {
  const inUse = deps.jobs.undoFilesInUse().add(newFile);
  try {
    const pruned = await pruneUndoFiles(deps.ctx.options.dataDir, retention, Date.now(), inUse);
    if (pruned.length === 0) return;
    const target = pruned.map((f) => f.file).join(', ');
    await deps.auditor.record(profile, { action: 'undo-prune', target, resultCount: pruned.length, outcome: 'ok', message: describeUndoPrune(pruned, retention) });
  } catch (e) {
    await deps.auditor.record(profile, { action: 'undo-prune', target: 'undo files', outcome: 'failed', message: (e as Error).message });
  }
}

/**
 * At start-up: apply the retention to the whole undo folder, and audit each deletion under the
 * connection the file came from (its header says which).
 */
export async function pruneAtStart(deps: ActionDeps): Promise<void> {
  const dataDir = deps.ctx.options.dataDir;
  try {
    const { undoKeepDays, undoKeepBytes } = await deps.settings.get();
    const retention: UndoRetention = { keepDays: undoKeepDays, keepBytes: undoKeepBytes };
    const plan = planUndoPrune(await undoFilesOnDisk(dataDir), retention, Date.now(), deps.jobs.undoFilesInUse());
    if (plan.length === 0) return;
    const where = new Map<string, AuditWhere>();
    for (const f of plan) where.set(f.file, await whereFrom(path.join(undoDir(dataDir), f.file)));
    const pruned = await deleteUndoFiles(dataDir, plan);
    for (const [at, files] of groupBy(pruned, (f) => where.get(f.file) ?? UNDO_FOLDER)) {
      const target = files.map((f) => f.file).join(', ');
      await deps.auditor.recordAt(at, { action: 'undo-prune', target, resultCount: files.length, outcome: 'ok', message: describeUndoPrune(files, retention, 'start') });
    }
  } catch (e) {
    await deps.auditor.recordAt(UNDO_FOLDER, { action: 'undo-prune', target: 'undo files', outcome: 'failed', message: `At start-up: ${(e as Error).message}` });
  }
}

async function whereFrom(file: string): Promise<AuditWhere> {
  const header = await readUndoHeader(file).catch(() => null);
  if (!header) return UNDO_FOLDER;
  return { connectionId: header.connectionId, connectionName: header.connectionName, server: header.server, db: header.db };
}

/** Files grouped by the connection they are audited under (same id, server and db). */
function groupBy(files: readonly PrunedUndoFile[], whereOf: (f: PrunedUndoFile) => AuditWhere): [AuditWhere, PrunedUndoFile[]][] {
  const groups = new Map<string, [AuditWhere, PrunedUndoFile[]]>();
  for (const f of files) {
    const w = whereOf(f);
    const k = JSON.stringify([w.connectionId, w.server, w.db]);
    const g = groups.get(k) ?? groups.set(k, [w, []]).get(k)!;
    g[1].push(f);
  }
  return [...groups.values()];
}
