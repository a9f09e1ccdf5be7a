import { promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../shared/contract';
import { AuditLog, type AuditLogOptions } from '../../electron/core/audit/audit-log';
import { tempDir } from '../helpers/core';

/** ts from 1001 on: every entry's line has the same length, so limits can be counted in lines. */
function entry(i: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    ts: 1000 + i,
    osUser: 'ann',
    source: 'desktop',
    connectionId: 'c1',
    connectionName: 'local',
    server: '127.0.0.1:6379',
    db: 0,
    action: i % 2 ? 'warm' : 'undo', // names of one length
    target: 'prefix "a:"',
    previewCount: 1,
    resultCount: 1,
    durationMs: 3,
    outcome: 'ok',
    ...over,
  };
}

const LINE = Buffer.byteLength(`${JSON.stringify(entry(1))}\n`);
const ROTATED = new RegExp(`^audit-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z-${process.pid}\\.jsonl$`);

/** A log in a fresh folder that holds `lines` entries per file. */
function logOf(lines: number, options: AuditLogOptions = {}): AuditLog {
  return new AuditLog(path.join(tempDir(), 'audit.jsonl'), { maxBytes: lines * LINE, ...options });
}

async function appendAll(log: AuditLog, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++) await log.append(entry(i));
}

const tsOf = (entries: AuditEntry[]) => entries.map((e) => e.ts - 1000);
const range = (hi: number, lo: number) => Array.from({ length: hi - lo + 1 }, (_, k) => hi - k);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('audit log rotation', () => {
  it('renames the log before an append would take it past the limit, so every file stays within it', async () => {
    const log = logOf(3);
    await appendAll(log, 1, 7);
    const rotated = await log.rotatedFiles();
    expect(rotated.map((f) => path.basename(f))).toEqual([expect.stringMatching(ROTATED), expect.stringMatching(ROTATED)]);
    expect(rotated.map((f) => statSync(f).size)).toEqual([3 * LINE, 3 * LINE]);
    expect(statSync(log.file).size).toBe(LINE);
    expect(readFileSync(rotated[0]!, 'utf8')).toContain('"ts":1001');
    expect(readFileSync(log.file, 'utf8')).toContain('"ts":1007');
  });

  it('loses no entry across rotations: list reads every file, newest first, with filters and limit', async () => {
    const log = logOf(3);
    await appendAll(log, 1, 25);
    expect(await log.rotatedFiles()).toHaveLength(8);

    const all = await log.list({ limit: 500 });
    expect(all.matched).toBe(25);
    expect(tsOf(all.entries)).toEqual(range(25, 1));

    const undos = await log.list({ action: 'undo', limit: 4 });
    expect(undos.matched).toBe(12);
    expect(tsOf(undos.entries)).toEqual([24, 22, 20, 18]);
    // A time window across a file boundary (files hold 1–3, 4–6, …).
    expect(tsOf((await log.list({ since: 1002, until: 1008, limit: 500 })).entries)).toEqual(range(8, 2));
  });

  it('appends made at once in one process take turns: none is lost and no file rotates early', async () => {
    const log = logOf(3);
    const other = new AuditLog(log.file, { maxBytes: 3 * LINE }); // a second writer in the process, as the core has
    await Promise.all(Array.from({ length: 30 }, (_, k) => (k % 2 ? log : other).append(entry(k + 1))));
    expect((await log.list({ limit: 500 })).matched).toBe(30);
    const rotated = await log.rotatedFiles();
    expect(rotated).toHaveLength(9);
    expect(rotated.map((f) => statSync(f).size)).toEqual(Array(9).fill(3 * LINE));
  });

  it('keeps only the newest rotated files beyond the limit, deleting the oldest', async () => {
    const log = logOf(3, { keepRotated: 2 });
    await appendAll(log, 1, 15); // rotations at 4, 7, 10, 13: the files of 1–3 and 4–6 go
    const rotated = await log.rotatedFiles();
    expect(rotated).toHaveLength(2);
    expect(readFileSync(rotated[0]!, 'utf8')).toContain('"ts":1007');
    expect(readdirSync(path.dirname(log.file)).sort()).toEqual([...rotated.map((f) => path.basename(f)), 'audit.jsonl'].sort());
    expect(tsOf((await log.list({ limit: 500 })).entries)).toEqual(range(15, 7));
  });

  it('skips a half-written last line of a rotated file, and the entry after it is kept whole', async () => {
    const log = logOf(3);
    await appendAll(log, 1, 2);
    await fs.appendFile(log.file, '{"ts": 1099, "acti'); // a crash in the middle of a write
    await log.append(entry(3));
    const rotated = await log.rotatedFiles();
    expect(rotated).toHaveLength(1);
    expect(readFileSync(rotated[0]!, 'utf8').endsWith('"acti')).toBe(true);
    const all = await log.list({ limit: 500 });
    expect(all.matched).toBe(3);
    expect(tsOf(all.entries)).toEqual([3, 2, 1]);
  });

  it('when another process rotates first, the rename fails with ENOENT and the entry goes to the fresh file', async () => {
    const log = logOf(3);
    await appendAll(log, 1, 3);
    const theirs = path.join(path.dirname(log.file), 'audit-2000-01-01T00-00-00-000Z-1.jsonl');
    const rename = fs.rename.bind(fs);
    vi.spyOn(fs, 'rename').mockImplementationOnce(async (from, to) => {
      await rename(from, theirs); // the other process wins the race
      return rename(from, to);
    });
    await log.append(entry(4));
    expect(readFileSync(log.file, 'utf8')).toBe(`${JSON.stringify(entry(4))}\n`);
    expect(await log.rotatedFiles()).toEqual([theirs]);
    expect(tsOf((await log.list({ limit: 500 })).entries)).toEqual([4, 3, 2, 1]);
  });

  it('an entry larger than the limit still goes in, alone in a fresh file', async () => {
    const log = logOf(1);
    await appendAll(log, 1, 1);
    await log.append(entry(2, { message: 'x'.repeat(5 * LINE) }));
    expect(await log.rotatedFiles()).toHaveLength(1);
    expect(tsOf((await log.list({ limit: 500 })).entries)).toEqual([2, 1]);
  });
});
