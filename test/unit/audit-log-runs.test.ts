import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/contract';
import { AuditLog, toCsv } from '../../electron/core/audit/audit-log';
import { tempDir } from '../helpers/core';

function line(ts: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    ts,
    osUser: 'ann',
    source: 'serve',
    connectionId: 'c1',
    connectionName: 'local',
    server: '127.0.0.1:6379',
    db: 0,
    action: 'invalidate',
    target: 'prefix "job:"',
    previewCount: 30_618,
    resultCount: null,
    durationMs: null,
    outcome: 'ok',
    ...over,
  };
}

async function logWith(lines: AuditEntry[]): Promise<AuditLog> {
  const log = new AuditLog(path.join(tempDir(), 'audit.jsonl'));
  for (const l of lines) await log.append(l);
  return log;
}

const started = (id: string, ts: number, undoFile?: string) => line(ts, { id, phase: 'started', outcome: 'unfinished', ...(undoFile ? { undoFile } : {}) });
const checkpoint = (id: string, ts: number, count: number) => line(ts, { id, phase: 'progress', outcome: 'unfinished', resultCount: count, durationMs: ts - 1000 });

describe('audit log: a long action is one entry however many lines it wrote', () => {
  it('folds started + checkpoints + end into the end entry', async () => {
    const log = await logWith([started('a', 1000, 'u.ndjson'), checkpoint('a', 2000, 500), checkpoint('a', 3000, 900), line(3500, { id: 'a', resultCount: 1000, durationMs: 2500, undoFile: 'u.ndjson' })]);
    const { entries, matched } = await log.list({ limit: 10 });
    expect(matched).toBe(1);
    expect(entries).toEqual([expect.objectContaining({ ts: 3500, outcome: 'ok', resultCount: 1000, undoFile: 'u.ndjson' })]);
    expect(entries[0]!.phase).toBeUndefined();
  });

  it('shows an action with no end as unfinished, with its latest count and undo file, at its start time', async () => {
    const log = await logWith([line(500, { action: 'warm' }), started('k', 1000, 'undo-k.ndjson'), checkpoint('k', 2000, 12_000), checkpoint('k', 3000, 30_618), line(4000, { action: 'flushdb' })]);
    const { entries, matched } = await log.list({ limit: 10 });
    expect(matched).toBe(3);
    expect(entries.map((e) => e.action)).toEqual(['flushdb', 'invalidate', 'warm']); // newest first, the unfinished one by its start
    const unfinished = entries[1]!;
    expect(unfinished).toMatchObject({ ts: 1000, outcome: 'unfinished', resultCount: 30_618, durationMs: 2000, undoFile: 'undo-k.ndjson', previewCount: 30_618 });
    expect(unfinished.message).toMatch(/^Started, not finished .*30618 done so far\. Undo file: undo-k\.ndjson\.$/);
    expect(unfinished.phase).toBeUndefined();
  });

  it('an unfinished action started but never checkpointed says 0 done', async () => {
    const { entries } = await (await logWith([started('s', 1000)])).list({ limit: 10 });
    expect(entries).toEqual([expect.objectContaining({ outcome: 'unfinished', resultCount: null })]);
    expect(entries[0]!.message).toMatch(/0 done so far\.$/);
  });

  it('filters and limits the folded entries, not the raw lines', async () => {
    const log = await logWith([started('a', 1000), checkpoint('a', 1100, 5), line(1200, { id: 'a', outcome: 'failed', resultCount: 7 }), started('b', 2000), checkpoint('b', 2100, 3), line(3000, { action: 'warm' })]);
    expect((await log.list({ limit: 10, outcome: 'unfinished' })).entries).toEqual([expect.objectContaining({ ts: 2000, resultCount: 3 })]);
    expect((await log.list({ limit: 10, outcome: 'failed' })).entries).toEqual([expect.objectContaining({ ts: 1200, resultCount: 7 })]);
    const newest2 = await log.list({ limit: 2 });
    expect(newest2.matched).toBe(3);
    expect(newest2.entries.map((e) => e.ts)).toEqual([3000, 2000]);
  });

  it('exports the folded entries (CSV says unfinished)', async () => {
    const log = await logWith([started('k', 1000, 'u.ndjson'), checkpoint('k', 2000, 42)]);
    const csv = toCsv((await log.list({ limit: 10 })).entries);
    expect(csv.split('\n')[1]).toMatch(/,invalidate,"prefix ""job:""",30618,42,1000,unfinished,u\.ndjson,/);
  });
});
