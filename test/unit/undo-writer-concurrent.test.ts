import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entrySize, openUndoFile, UndoLimitError, UndoWriter, type UndoEntry, type UndoHeader } from '../../electron/core/actions/undo-file';
import { tempDir } from '../helpers/core';

const header: UndoHeader = { format: 'cachescope-undo', version: 1, createdAt: 1, connectionId: 'c', connectionName: 'c', server: 'cluster 127.0.0.1:1', db: 0, description: 'test' };

const batch = (part: number, n: number): UndoEntry[] =>
  Array.from({ length: n }, (_, i) => ({ key: Buffer.from(`p${part}:k${i}`), pttl: -1, dump: Buffer.from('x'.repeat(100 + i)), at: 1 }));

async function keysIn(file: string): Promise<string[]> {
  const { entries } = await openUndoFile(file);
  const out: string[] = [];
  for await (const e of entries) if ('entry' in e) out.push(e.entry.key.toString());
  return out;
}

// A cluster's parts append to one undo file side by side (invalidate.ts, unthrottled).
describe('UndoWriter with batches appended side by side', () => {
  it('writes every entry of every batch whole, one line each, and counts them', async () => {
    const file = path.join(tempDir(), 'u.ndjson');
    const w = await UndoWriter.create(file, header);
    await Promise.all(Array.from({ length: 6 }, (_, p) => Promise.all([w.append(batch(p, 40)), w.append(batch(p + 10, 25))])));
    expect(w.entries).toBe(6 * 65);
    await w.close(true);
    const keys = await keysIn(file);
    expect(keys).toHaveLength(6 * 65);
    expect(new Set(keys).size).toBe(6 * 65);
  });

  it('refuses the batch that would pass the limit, counting the batches written before it, whichever part sent them', async () => {
    const one = batch(0, 10);
    const size = one.reduce((n, e) => n + entrySize(e.key.length, e.dump.length), 0);
    const file = path.join(tempDir(), 'u.ndjson');
    // Room for the header and two batches of this size, not three.
    const w = await UndoWriter.create(file, header, JSON.stringify(header).length + 1 + 2.5 * size);
    const results = await Promise.allSettled([w.append(batch(1, 10)), w.append(batch(2, 10)), w.append(batch(3, 10))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(UndoLimitError);
    expect(w.entries).toBe(20);
    expect(w.bytes).toBeLessThanOrEqual(JSON.stringify(header).length + 1 + 2.5 * size);
    await w.close(false);
    expect(await keysIn(file)).toHaveLength(20);
  });
});
