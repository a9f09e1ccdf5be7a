import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUndoFileName } from '../../electron/core/actions/undo-dir';
import { makeCore, type TestCore } from '../helpers/core';
import type { TestRedis } from '../helpers/redis-server';
import { invalidate, startActionsServer, stopActionsServer, waitJob } from './actions-helpers';

describe('undo retention: old undo files are pruned, audited', () => {
  let redis: TestRedis;
  let seed: Redis;
  let t: TestCore;
  let id: string;

  beforeAll(async () => {
    ({ redis, seed, t, id } = await startActionsServer());
  });
  afterAll(() => stopActionsServer({ redis, seed, t }));

  it('over the size to keep, the older undo file goes (audited) and the newer one stays and restores', async () => {
    const settings = await t.call('actions.settings.set', { undoKeepBytes: 1 });
    expect(settings).toEqual({ undoLimitBytes: 256 * 1024 * 1024, undoKeepDays: 7, undoKeepBytes: 1 });

    await seed.set('first:1', 'one');
    const first = (await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'first:' } }, { undo: true })).result;
    await seed.set('second:1', 'two');
    const second = (await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'second:' } }, { undo: true })).result;
    expect([first.state, second.state]).toEqual(['done', 'done']);

    const older = path.join(t.dataDir, 'undo', first.undoFile!);
    expect(existsSync(older)).toBe(false);
    expect(existsSync(`${older}.meta.json`)).toBe(false);
    expect((await t.call('actions.undoFiles', { id })).map((f) => f.file)).toEqual([second.undoFile]);

    const restored = await waitJob(t, (await t.call('actions.undo', { id, undoFile: second.undoFile! })).jobId);
    expect(restored).toMatchObject({ state: 'done', written: 1, failed: 0 });
    expect(await seed.get('second:1')).toBe('two');

    const pruned = await t.call('audit.list', { action: 'undo-prune' });
    expect(pruned.entries).toHaveLength(1);
    expect(pruned.entries[0]).toMatchObject({ connectionId: id, target: first.undoFile, resultCount: 1, outcome: 'ok' });
    expect(pruned.entries[0]!.message).toMatch(/Deleted 1 undo file .* to keep all undo files within 1 B/);
    // Pruned before the second invalidation deleted anything, so audited before it.
    const log = (await t.call('audit.list', { connectionId: id })).entries.map((e) => e.action);
    expect(log).toEqual(['undo', 'invalidate', 'undo-prune', 'invalidate']);
  });

  const daysAgo = (days: number, tag: string) => newUndoFileName(tag, new Date(Date.now() - days * 24 * 3600 * 1000));

  /** A second core over the same data folder (the app started again); closing waits for its start-up work. */
  async function restart(): Promise<void> {
    const again = makeCore({}, t.dataDir);
    await again.core.close();
  }

  it('at start-up, what is older than the retention goes, audited under the connection each file came from', async () => {
    await t.call('actions.settings.set', { undoKeepBytes: 2 * 1024 ** 3 }); // the default again: age alone decides
    const undo = path.join(t.dataDir, 'undo');
    const prunedBefore = (await t.call('audit.list', { action: 'undo-prune' })).entries.length;
    const keptBefore = (await t.call('actions.undoFiles', { id })).map((f) => f.file); // recent ones: they stay
    await seed.set('old:1', 'one');
    const old = (await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'old:' } }, { undo: true })).result;
    await seed.set('new:1', 'two');
    const recent = (await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'new:' } }, { undo: true })).result;
    // The first file as if written ten days ago (the name carries its time), and a damaged one of nine days ago.
    const aged = daysAgo(10, 'aaaaaaaa');
    renameSync(path.join(undo, old.undoFile!), path.join(undo, aged));
    renameSync(path.join(undo, `${old.undoFile!}.meta.json`), path.join(undo, `${aged}.meta.json`));
    const damaged = daysAgo(9, 'bbbbbbbb');
    writeFileSync(path.join(undo, damaged), 'not an undo file\n');

    await restart();

    expect(existsSync(path.join(undo, aged))).toBe(false);
    expect(existsSync(path.join(undo, `${aged}.meta.json`))).toBe(false);
    expect(existsSync(path.join(undo, damaged))).toBe(false);
    expect((await t.call('actions.undoFiles', { id })).map((f) => f.file)).toEqual([recent.undoFile, ...keptBefore]);
    const all = (await t.call('audit.list', { action: 'undo-prune' })).entries; // newest first
    const pruned = all.slice(0, all.length - prunedBefore);
    expect(pruned).toHaveLength(2);
    expect(pruned.find((e) => e.connectionId === id)).toMatchObject({
      connectionName: 'test redis',
      server: `${redis.host}:${redis.port}`,
      target: aged,
      resultCount: 1,
      outcome: 'ok',
      message: expect.stringMatching(/^Deleted 1 undo file \(.+\) at start-up: 1 older than 7 days\.$/),
    });
    expect(pruned.find((e) => e.connectionId !== id)).toMatchObject({ connectionName: 'Undo folder', target: damaged, outcome: 'ok' });

    // Within the retention now: the next start deletes nothing and logs nothing.
    await restart();
    expect((await t.call('actions.undoFiles', { id })).map((f) => f.file)).toEqual([recent.undoFile, ...keptBefore]);
    expect((await t.call('audit.list', { action: 'undo-prune' })).entries).toHaveLength(prunedBefore + 2);
  });
});
