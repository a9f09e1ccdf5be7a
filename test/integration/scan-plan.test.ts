import type Redis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_SCAN_MAX_KEYS } from '../../shared/contract/limits';
import { seedLayouts } from '../fixtures/keyspace';
import { makeCore, type TestCore } from '../helpers/core';
import { testClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';

/** keys.scan.plan on a real server: the size, the threshold, and whether SCAN is allowed — without reading a key. */
const KEYS = 120;
let redis: TestRedis;
let seed: Redis;
let app: TestCore | null = null;

async function planFor(env: NodeJS.ProcessEnv) {
  app = makeCore(env);
  await app.call('connections.open', { id: 'env-default' });
  return app.call('keys.scan.plan', { id: 'env-default' });
}

async function keyspaceReads(): Promise<number> {
  const info = await seed.info('stats');
  return Number(/keyspace_hits:(\d+)/.exec(info)![1]) + Number(/keyspace_misses:(\d+)/.exec(info)![1]);
}

beforeAll(async () => {
  redis = await startRedis(['--user', 'noscan', 'on', '>noscan-pw', '~*', '&*', '+@all', '-scan']);
  seed = testClient({ host: redis.host, port: redis.port });
  await seedLayouts(seed, KEYS);
}, 60_000);
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(async () => {
  seed.disconnect();
  await redis.stop();
});

describe('keys.scan.plan', () => {
  it('a small db scans by itself, and asking reads no key', async () => {
    const before = await keyspaceReads();
    const plan = await planFor({ REDIS_URL: redis.url });
    expect(plan).toEqual({ dbsize: KEYS, autoScanMaxKeys: AUTO_SCAN_MAX_KEYS, auto: true, blocked: null });
    expect(await keyspaceReads()).toBe(before);
  });

  it('over the threshold (lowered by CACHESCOPE_AUTO_SCAN_MAX_KEYS) it waits for a click', async () => {
    const plan = await planFor({ REDIS_URL: redis.url, CACHESCOPE_AUTO_SCAN_MAX_KEYS: String(KEYS - 1) });
    expect(plan).toEqual({ dbsize: KEYS, autoScanMaxKeys: KEYS - 1, auto: false, blocked: null });
  });

  it('a threshold of 0 turns it off, even for an empty db', async () => {
    const plan = await planFor({ REDIS_URL: `${redis.url}/1`, CACHESCOPE_AUTO_SCAN_MAX_KEYS: '0' });
    expect(plan).toEqual({ dbsize: 0, autoScanMaxKeys: 0, auto: false, blocked: null });
  });

  it('an ACL user without SCAN is never scanned by itself, and is told why', async () => {
    const plan = await planFor({ REDIS_URL: `redis://noscan:noscan-pw@${redis.host}:${redis.port}` });
    expect(plan.dbsize).toBe(KEYS);
    expect(plan.auto).toBe(false);
    expect(plan.blocked).toMatch(/scan/i);
  });
});
