import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { client, openCore, stopActionsServer, waitJob } from './actions-helpers';

const KEYS = 200_000;
const MB = 1024 * 1024;

// A real gc() so the samples are live memory, not garbage waiting for a collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const live = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe(`invalidating ${KEYS} keys keeps memory flat`, () => {
  let redis: TestRedis;
  let seed: Redis;
  let t: TestCore;
  let id: string;

  beforeAll(async () => {
    redis = await startRedis(['--enable-debug-command', 'yes']);
    seed = client(redis);
    await seed.call('DEBUG', 'POPULATE', String(KEYS), 'big:', '64');
    await seed.call('DEBUG', 'POPULATE', '1000', 'keep:', '8');
    ({ t, id } = await openCore(redis));
  });
  afterAll(() => stopActionsServer({ redis, seed, t }));

  it('counts the match with progress, deletes every key with an undo file, and live memory does not grow with the keys', async () => {
    const previewProgress: number[] = [];
    const off = t.core.on('job.progress', (p) => {
      if (p.kind === 'preview') previewProgress.push(p.matched ?? 0);
    });
    const preview = await t.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'big:' } } });
    off();
    expect(preview.matchedKind).toBe('counted');
    // SCAN returns every key present throughout; during a rehash it may repeat a few.
    expect(preview.matched).toBeGreaterThanOrEqual(KEYS);
    expect(preview.matched).toBeLessThan(KEYS * 1.02);
    expect(previewProgress.length).toBeGreaterThan(2);
    expect(preview.bytesKind).toBe('estimated');
    expect(preview.bytes).toBeGreaterThan(KEYS * 64);

    const baseline = live();
    let peak = baseline;
    const samples: { deleted: number; live: number }[] = [];
    const stop = t.core.on('job.progress', (p) => {
      if (p.kind !== 'invalidate') return;
      const now = live();
      peak = Math.max(peak, now);
      samples.push({ deleted: p.deleted, live: now });
    });
    const { jobId } = await t.call('actions.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase, undo: true });
    const result = await waitJob(t, jobId);
    stop();

    expect(result).toMatchObject({ state: 'done', deleted: KEYS });
    expect(await seed.dbsize()).toBe(1000);
    const files = await t.call('actions.undoFiles', { id });
    expect(files[0]).toMatchObject({ entries: KEYS, complete: true });
    expect(samples.length).toBeGreaterThan(5);

    // Keeping every name would hold 200k Buffers (well over 20 MB); the batches are forgotten.
    const growth = peak - baseline;
    console.log(`invalidate ${KEYS} keys with undo: live heap+buffers baseline ${(baseline / MB).toFixed(1)} MB, peak +${(growth / MB).toFixed(1)} MB over ${samples.length} samples; ${result.keysPerSec} keys/s; undo file ${(files[0]!.bytes / MB).toFixed(1)} MB`);
    expect(growth).toBeLessThan(12 * MB);
    const firstQuarter = samples.find((s) => s.deleted >= KEYS / 4)!;
    const last = samples[samples.length - 1]!;
    expect(last.live - firstQuarter.live).toBeLessThan(8 * MB);
  }, 180_000);
});
