import { createReadStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry, AuditFilter } from '../../../shared/contract';
import type { z } from 'zod';
import { numberedLines } from './undo-file';

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

/**
 * The audit log: one JSON object per line in the user data folder. Each entry is appended
 * with a single write to a file opened for append, so the desktop app and a CLI in another
 * terminal can both log without interleaving lines. Reading streams the file.
 */
export class AuditLog {
  constructor(readonly file: string) {}

  async append(entry: AuditEntry): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await fs.appendFile(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  /** Entries matching `query`, newest first, at most `limit` (the newest ones); `matched` counts all. */
  async list(query: AuditQuery): Promise<{ entries: AuditEntry[]; matched: number }> {
    const keep: AuditEntry[] = [];
    let matched = 0;
    for await (const entry of this.entries()) {
      if (!matches(entry, query)) continue;
      matched++;
      keep.push(entry);
      // Trim in bulk, not per entry: linear in the log's size whatever the limit.
      if (keep.length >= 2 * query.limit) keep.splice(0, keep.length - query.limit);
    }
    return { entries: keep.slice(-query.limit).reverse(), matched };
  }

  private async *entries(): AsyncGenerator<AuditEntry> {
    let stream;
    try {
      await fs.access(this.file);
      stream = createReadStream(this.file, { encoding: 'utf8' });
    } catch {
      return; // no log yet
    }
    for await (const { text } of numberedLines(stream)) {
      try {
        const e = JSON.parse(text) as AuditEntry;
        if (e && typeof e.ts === 'number' && typeof e.action === 'string') yield e;
      } catch {
        // a line cut short by a crash: skip it, keep the rest readable
      }
    }
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

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) => CSV_COLUMNS.map((c) => csvCell(c === 'time' ? new Date(e.ts).toISOString() : e[c as keyof AuditEntry])).join(','));
  return `${CSV_COLUMNS.join(',')}\n${rows.map((r) => `${r}\n`).join('')}`;
}

export function toJsonl(entries: AuditEntry[]): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}
