import { existsSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../helpers/core';
import type { TestRedis } from '../helpers/redis-server';
import { invalidate, startActionsServer, stopActionsServer, waitJob } from './actions-helpers';

describe('undo files are pruned as new ones are written', () => {
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
});
