import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry, AuditFilter } from '../../../shared/contract';
import type { z } from 'zod';
import { numberedLines } from '../numbered-lines';
import { csvDocument, type CsvValue } from '../../../shared/csv';

export type AuditQuery = z.output<typeof AuditFilter>;

export function auditFile(dataDir: string): string {
  return path.join(dataDir, 'audit.jsonl');
}

/** The OS account running Cachescope, for the audit trail. */
export function osUser(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

export interface AuditLogOptions {
  /** Rotate before an append would take the file past this size. */
  maxBytes?: number;
  /** Rotated files kept; older ones are deleted. */
  keepRotated?: number;
}

export const DEFAULT_AUDIT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_AUDIT_KEEP_ROTATED = 20;

/** Appends to one file take turns within this process, so two of them cannot both rotate it. */
const turns = new Map<string, Promise<void>>();

function inTurn(file: string, work: () => Promise<void>): Promise<void> {
  const key = path.resolve(file);
  const mine = (turns.get(key) ?? Promise.resolve()).then(work);
  const settled = mine.catch(() => undefined);
  turns.set(key, settled);
  void settled.then(() => {
    if (turns.get(key) === settled) turns.delete(key);
  });
  return mine;
}

/** Rotation times of this process never repeat: a rotated name is never reused (rename would overwrite it). */
let lastRotation = 0;

function rotationTime(now = Date.now()): string {
  lastRotation = Math.max(now, lastRotation + 1);
  return new Date(lastRotation).toISOString().replace(/[:.]/g, '-');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return 0;
    throw e;
  }
}

async function openIfExists(file: string): Promise<FileHandle | null> {
  try {
    return await fs.open(file, 'r');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null; // not written yet, or pruned meanwhile
    throw e;
  }
}

/** The file's identity, to recognise it under its rotated name; null where the file system has none. */
async function fileIdentity(handle: FileHandle): Promise<string | null> {
  const s = await handle.stat();
  return s.ino ? `${s.dev}:${s.ino}` : null;
}

/**
 * The audit log: one JSON object per line in the user data folder. Each entry is appended
 * with a single write to a file opened for append, so the desktop app and a CLI in another
 * terminal can both log without interleaving lines. Before an append would take the file past
 * `maxBytes` it is renamed to `<name>-<time>-<pid>.jsonl` beside it, and only the newest
 * `keepRotated` of those are kept. Reading streams the rotated files, oldest first, then the
 * current one.
 */
export class AuditLog {
  private readonly maxBytes: number;
  private readonly keepRotated: number;
  private readonly stem: string;
  private readonly rotatedName: RegExp;

  constructor(
    readonly file: string,
    options: AuditLogOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_AUDIT_MAX_BYTES;
    this.keepRotated = options.keepRotated ?? DEFAULT_AUDIT_KEEP_ROTATED;
    this.stem = path.basename(file, '.jsonl');
    this.rotatedName = new RegExp(`^${escapeRegExp(this.stem)}-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z-\\d+\\.jsonl$`);
  }

  async append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    await inTurn(this.file, async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await this.rotateIfFull(Buffer.byteLength(line)).catch(() => undefined); // a log past its size beats a lost entry
      await fs.appendFile(this.file, line, { mode: 0o600 });
    });
  }

  /**
   * Entries matching `query`, newest first, at most `limit` (the newest ones); `matched` counts all.
   * A long action's lines are folded into one entry (see foldRuns).
   */
  async list(query: AuditQuery): Promise<{ entries: AuditEntry[]; matched: number }> {
    const keep: AuditEntry[] = [];
    let matched = 0;
    const runs = new OpenRuns();
    for await (const raw of this.entries()) {
      const entry = runs.take(raw);
      if (!entry || !matches(entry, query)) continue;
      matched++;
      keep.push(entry);
      // Trim in bulk, not per entry: linear in the log's size whatever the limit.
      if (keep.length >= 2 * query.limit) keep.splice(0, keep.length - query.limit);
    }
    const unfinished = runs.unfinished().filter((e) => matches(e, query));
    matched += unfinished.length;
    const all = unfinished.length > 0 ? [...keep, ...unfinished].sort((a, b) => a.ts - b.ts) : keep;
    return { entries: all.slice(-query.limit).reverse(), matched };
  }

  /** Rotated files, oldest first (their names sort by time). */
  async rotatedFiles(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(path.dirname(this.file));
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return [];
      throw e;
    }
    return names
      .filter((n) => this.rotatedName.test(n))
      .sort()
      .map((n) => path.join(path.dirname(this.file), n));
  }

  private async rotateIfFull(incoming: number): Promise<void> {
    const size = await sizeOf(this.file);
    if (size === 0 || size + incoming <= this.maxBytes) return;
    const target = path.join(path.dirname(this.file), `${this.stem}-${rotationTime()}-${process.pid}.jsonl`);
    try {
      await fs.rename(this.file, target);
    } catch (e) {
      // Another process rotated it first: append to the fresh file it leaves.
      if (errnoCode(e) === 'ENOENT') return;
      throw e;
    }
    await this.pruneRotated();
  }

  private async pruneRotated(): Promise<void> {
    const rotated = await this.rotatedFiles();
    const excess = rotated.slice(0, Math.max(0, rotated.length - this.keepRotated));
    for (const file of excess) await fs.rm(file, { force: true });
  }

  /**
   * Open every file of the log before reading any: a rotation meanwhile renames a file already
   * open, so nothing is missed. The current file is opened first; if it was rotated before the
   * folder was listed, its rotated name is skipped rather than read twice. `opened` is every
   * handle to close, `read` those to read, oldest first.
   */
  private async openAll(): Promise<{ read: FileHandle[]; opened: FileHandle[] }> {
    const opened: FileHandle[] = [];
    const open = async (file: string) => {
      const h = await openIfExists(file);
      if (h) opened.push(h);
      return h;
    };
    try {
      const current = await open(this.file);
      const currentId = current ? await fileIdentity(current) : null;
      const read: FileHandle[] = [];
      for (const file of await this.rotatedFiles()) {
        const h = await open(file);
        if (h && (currentId === null || (await fileIdentity(h)) !== currentId)) read.push(h);
      }
      if (current) read.push(current);
      return { read, opened };
    } catch (e) {
      await closeAll(opened);
      throw e;
    }
  }

  private async *entries(): AsyncGenerator<AuditEntry> {
    const { read, opened } = await this.openAll();
    try {
      for (const handle of read) yield* entriesOf(handle);
    } finally {
      await closeAll(opened);
    }
  }
}

async function closeAll(handles: FileHandle[]): Promise<void> {
  await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
}

/** The entries of one file; a line cut short by a crash is skipped, the rest stay readable. */
async function* entriesOf(handle: FileHandle): AsyncGenerator<AuditEntry> {
  for await (const { text } of numberedLines(handle.createReadStream({ encoding: 'utf8', autoClose: false }))) {
    try {
      const e = JSON.parse(text) as AuditEntry;
      if (e && typeof e.ts === 'number' && typeof e.action === 'string') yield e;
    } catch {
      // skipped: see above
    }
  }
}

/**
 * Folds a long action's lines as they stream by: `started` and `progress` lines are held back
 * (the latest count wins); the end line with the same id stands for the whole action. What is
 * still held at the end never finished: `unfinished()` gives one entry each, at its start time.
 */
export class OpenRuns {
  private readonly open = new Map<string, AuditEntry>();

  /** The entry to show for this line, or null when it is held back. */
  take(e: AuditEntry): AuditEntry | null {
    if (e.id === undefined) return e;
    if (e.phase === undefined) {
      this.open.delete(e.id);
      return e;
    }
    const started = this.open.get(e.id);
    // A checkpoint keeps the start's time and adds the latest count (a lost start line: the checkpoint stands alone).
    this.open.set(e.id, started ? { ...started, resultCount: e.resultCount, durationMs: e.durationMs } : e);
    return null;
  }

  unfinished(): AuditEntry[] {
    return [...this.open.values()].map((e) => {
      const { phase: _phase, ...rest } = e;
      const done = e.resultCount ?? 0;
      const message = `Started, not finished (still running, or the process ended midway): ${done} done so far.${e.undoFile ? ` Undo file: ${e.undoFile}.` : ''}`;
      return { ...rest, outcome: 'unfinished' as const, message };
    });
  }
}

export function matches(e: AuditEntry, q: Omit<AuditQuery, 'limit'>): boolean {
  if (q.connectionId !== undefined && e.connectionId !== q.connectionId) return false;
  if (q.action !== undefined && e.action !== q.action) return false;
  if (q.outcome !== undefined && e.outcome !== q.outcome) return false;
  if (q.since !== undefined && e.ts < q.since) return false;
  if (q.until !== undefined && e.ts > q.until) return false;
  if (q.text) {
    const needle = q.text.toLowerCase();
    const hay = [e.target, e.connectionName, e.osUser, e.message ?? '', e.server].join('\n').toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

const CSV_COLUMNS = ['ts', 'time', 'osUser', 'source', 'connectionName', 'server', 'db', 'action', 'target', 'previewCount', 'resultCount', 'durationMs', 'outcome', 'undoFile', 'message'] as const;

export function toCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) => CSV_COLUMNS.map((c) => (c === 'time' ? new Date(e.ts).toISOString() : (e[c as keyof AuditEntry] as CsvValue))));
  return csvDocument(CSV_COLUMNS, rows);
}

export function toJsonl(entries: AuditEntry[]): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}
