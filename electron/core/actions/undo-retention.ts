import { promises as fs } from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../../../shared/format';
import { isUndoFileName, undoDir } from './undo-dir';
import { metaFile } from './undo-file';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface UndoRetention {
  keepDays: number;
  /** All undo files together, in bytes. */
  keepBytes: number;
}

export interface UndoFileOnDisk {
  /** Bare name, as in the undo folder. */
  file: string;
  /** When it was created: from its name, else its modification time. */
  time: number;
  bytes: number;
}

export interface PrunedUndoFile extends UndoFileOnDisk {
  reason: 'age' | 'size';
}

/** The time a name from newUndoFileName carries (`2024-05-01T10-20-30-123Z-…`), or null. */
export function timeFromUndoName(name: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-/.exec(name);
  if (!m) return null;
  const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isNaN(t) ? null : t;
}

/** Undo files in the data folder, oldest first. Headers are not read: a damaged file still counts. */
export async function undoFilesOnDisk(dataDir: string): Promise<UndoFileOnDisk[]> {
  let names: string[];
  try {
    names = await fs.readdir(undoDir(dataDir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: UndoFileOnDisk[] = [];
  for (const file of names.filter(isUndoFileName)) {
    const stat = await fs.stat(path.join(undoDir(dataDir), file)).catch(() => null);
    if (stat?.isFile()) out.push({ file, time: timeFromUndoName(file) ?? stat.mtimeMs, bytes: stat.size });
  }
  return out.sort((a, b) => a.time - b.time || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * Which files to delete (`files` oldest first): those older than keepDays, then the oldest
 * while the total is over keepBytes. The newest and those in use are kept but still counted,
 * since they take the space too.
 */
export function planUndoPrune(files: readonly UndoFileOnDisk[], retention: UndoRetention, now: number, inUse: ReadonlySet<string>): PrunedUndoFile[] {
  const newest = files.at(-1);
  const deletable = files.filter((f) => f !== newest && !inUse.has(f.file));
  const cutoff = now - retention.keepDays * DAY_MS;
  const plan: PrunedUndoFile[] = deletable.filter((f) => f.time < cutoff).map((f) => ({ ...f, reason: 'age' }));
  let total = files.reduce((sum, f) => sum + f.bytes, 0) - plan.reduce((sum, f) => sum + f.bytes, 0);
  for (const f of deletable) {
    if (total <= retention.keepBytes) break;
    if (plan.some((p) => p.file === f.file)) continue;
    plan.push({ ...f, reason: 'size' });
    total -= f.bytes;
  }
  return plan;
}

/**
 * Delete one undo file and its sidecar. False when this call did not delete it: it cannot go
 * now (open elsewhere, on Windows) and stays for the next time, or another process was first.
 */
async function deleteUndoFile(file: string): Promise<boolean> {
  let removed = true;
  try {
    await fs.rm(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    removed = false;
  }
  await fs.rm(metaFile(file), { force: true }).catch(() => undefined);
  return removed;
}

/**
 * Apply the retention to the undo folder: delete files (and their meta sidecars) older than
 * keepDays, then the oldest while all of them take more than keepBytes. Never the newest file,
 * never one named in `inUse` (being written or restored). Returns what was deleted; a file
 * that cannot be deleted now is left for the next time.
 */
export async function pruneUndoFiles(dataDir: string, retention: UndoRetention, now: number, inUse: ReadonlySet<string>): Promise<PrunedUndoFile[]> {
  return deleteUndoFiles(dataDir, planUndoPrune(await undoFilesOnDisk(dataDir), retention, now, inUse));
}

/** Delete the planned files; returns those this call deleted. */
export async function deleteUndoFiles(dataDir: string, plan: readonly PrunedUndoFile[]): Promise<PrunedUndoFile[]> {
  const deleted: PrunedUndoFile[] = [];
  for (const f of plan) {
    if (await deleteUndoFile(path.join(undoDir(dataDir), f.file))) deleted.push(f);
  }
  return deleted;
}

/** When a pruning ran, as its audit message says it. */
export type PruneOccasion = 'new-file' | 'start';
const OCCASION: Record<PruneOccasion, string> = { 'new-file': 'before writing a new one', start: 'at start-up' };

/** The audit message of a pruning: how much went, when, and why. */
export function describeUndoPrune(pruned: readonly PrunedUndoFile[], retention: UndoRetention, occasion: PruneOccasion = 'new-file'): string {
  const bytes = pruned.reduce((sum, f) => sum + f.bytes, 0);
  const byAge = pruned.filter((f) => f.reason === 'age').length;
  const bySize = pruned.length - byAge;
  const why = [
    ...(byAge ? [`${byAge} older than ${retention.keepDays} days`] : []),
    ...(bySize ? [`${bySize} to keep all undo files within ${formatBytes(retention.keepBytes)}`] : []),
  ];
  return `Deleted ${pruned.length} undo ${pruned.length === 1 ? 'file' : 'files'} (${formatBytes(bytes)}) ${OCCASION[occasion]}: ${why.join(', ')}.`;
}
