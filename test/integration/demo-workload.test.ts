import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInput, type ResolvedProfile } from '../../electron/core/profile/profile';
import { allocate } from '../../electron/workload/allocate';
import { startDemo } from '../../electron/workload/demo';
import { unlinkMatching } from '../../electron/workload/invalidate';
import { getProfile } from '../../electron/workload/profiles';
import { seedKeys } from '../../electron/workload/seed';
import { CacheWorkload } from '../../electron/workload/workload';
import { startRedis, type TestRedis } from '../helpers/redis-server';

let server: TestRedis;

beforeAll(async () => {
  server = await startRedis(['--databases', '16']);
});

afterAll(async () => {
  await server?.stop();
});

const target = (db: number): ResolvedProfile => resolveInput({ name: 'workload-test', host: server.host, port: server.port, db }).profile;

/** A fresh connection to `db` with its own server statistics zeroed. */
async function freshDb(db: number): Promise<Redis> {
  const c = testClient({ host: server.host, port: server.port, db, enableAutoPipelining: true });
  await c.flushdb();
  return c;
}

async function keyspaceStats(c: Redis): Promise<{ hits: number; misses: number }> {
  const info = await c.info('stats');
  return { hits: Number(/keyspace_hits:(\d+)/.exec(info)![1]), misses: Number(/keyspace_misses:(\d+)/.exec(info)![1]) };
}

/** The server's hit rate over the next `ops` operations of the workload. */
async function serverHitRate(c: Redis, w: CacheWorkload, ops: number): Promise<number> {
  const before = await keyspaceStats(c);
  await w.whenOps(w.counters().ops + ops);
  const after = await keyspaceStats(c);
  const hits = after.hits - before.hits;
  return hits / (hits + after.misses - before.misses);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
}

describe('the cache-aside workload', () => {
  // One server at a time: keyspace_hits/misses are server-wide, so these run one after another.
  it('steers the server-measured hit rate to the target, and follows a new target set while running', async () => {
    const c = await freshDb(1);
    const profile = getProfile('vtp');
    await seedKeys(target(1), { profile, keys: 2000, seed: 4 });
    const w = new CacheWorkload({ client: c, profile, idSpace: allocate(profile.specs, 2000), opsPerSec: 600, hitTarget: 0.9, seed: 4 });
    w.start();
    try {
      await w.whenOps(1500); // warm-up: the controller learns the hot set's own hit rate
      const first = await serverHitRate(c, w, 2000);
      expect(Math.abs(first - 0.9), `hit rate ${first}`).toBeLessThanOrEqual(0.05);
      w.setHitTarget(0.6);
      await w.whenOps(w.counters().ops + 500);
      const second = await serverHitRate(c, w, 2000);
      expect(Math.abs(second - 0.6), `hit rate ${second}`).toBeLessThanOrEqual(0.05);
      expect(w.freshShare).toBeGreaterThan(0.2);
    } finally {
      await w.stop();
      c.disconnect();
    }
  });

  it("keeps gomeet's cache:stats JSON equal to its own counts; reading it on every call inflates the server's hit rate", async () => {
    const c = await freshDb(2);
    await c.config('RESETSTAT');
    const profile = getProfile('gomeet');
    await seedKeys(target(2), { profile, keys: 2000, seed: 2 });
    const w = new CacheWorkload({ client: c, profile, idSpace: allocate(profile.specs, 2000), opsPerSec: 800, seed: 2, patternShare: 0.2 });
    w.start();
    await w.whenOps(2500);
    await w.stop();
    const own = w.counters();
    const server = await keyspaceStats(c); // before the GET below, which is itself a keyspace hit
    const raw = await c.get('cache:stats');
    const ttl = await c.pttl('cache:stats');
    c.disconnect();
    expect(own.lookups).toBeGreaterThan(2000);
    expect(own.misses).toBeGreaterThan(0);
    expect(own.patternInvalidations).toBeGreaterThan(0);
    // A JSON string, as the app writes it, with its 24 h TTL.
    const stats = JSON.parse(raw!) as Record<string, number | string>;
    expect({ hits: stats.hits, misses: stats.misses, sets: stats.sets, deletes: stats.deletes, errors: stats.errors }).toEqual({
      hits: own.hits,
      misses: own.misses,
      sets: own.sets,
      deletes: own.deletes,
      errors: 0,
    });
    expect(Date.parse(String(stats.last_updated))).not.toBeNaN();
    expect(ttl).toBeGreaterThan(23 * 3600_000);
    // One read of cache:stats per Get, Set and Delete: hits on the server the app's rate leaves out.
    expect(own.statsReads).toBe(own.lookups + own.sets + own.deletes);
    expect(server).toEqual({ hits: own.hits + own.statsReads, misses: own.misses });
    expect(server.hits / (server.hits + server.misses)).toBeGreaterThan(own.hits / (own.hits + own.misses));
    expect(own.sets).toBe(own.misses);
  });

  it('changes its rate and target while running, and rejects nonsense', async () => {
    const c = await freshDb(3);
    const profile = getProfile('skillup');
    const w = new CacheWorkload({ client: c, profile, idSpace: allocate(profile.specs, 500), opsPerSec: 100, seed: 1 });
    w.start();
    try {
      await w.whenOps(20);
      w.setRate(2000);
      expect(w.rate).toBe(2000);
      await w.whenOps(500);
      expect(() => w.setRate(0)).toThrow(RangeError);
      expect(() => w.setHitTarget(1.5)).toThrow(RangeError);
      w.setHitTarget(null);
      expect(w.freshShare).toBe(0);
      // Without a seed every key starts cold: misses write the keys, all under the app's prefix.
      expect(w.counters().sets).toBeGreaterThan(0);
    } finally {
      await w.stop();
    }
    let cursor = '0';
    do {
      const [next, keys] = await c.scan(cursor, 'COUNT', 500);
      for (const k of keys) expect(k.startsWith('skillup:')).toBe(true);
      cursor = next;
    } while (cursor !== '0');
    await expect(w.whenOps(1e9)).rejects.toThrow(/not running/);
    c.disconnect();
  });
});

describe('invalidation by pattern', () => {
  it('UNLINKs exactly the keys the glob matches, with SCAN, and nothing else', async () => {
    const c = await freshDb(4);
    await seedKeys(target(4), { profile: getProfile('gomeet'), keys: 3000, seed: 9 });
    // Look-alikes that must survive `meeting:*:42`, and keys with glob characters in their names.
    await c.mset('meeting:details:420', 'x', 'meeting:details:4', 'x', 'meeting:42', 'x', 'xmeeting:details:42', 'x', 'meeting:[a]:42', 'x', 'meeting:*:42x', 'x');
    const scanAll = async () => {
      const keys = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await c.scan(cursor, 'COUNT', 1000);
        batch.forEach((k) => keys.add(k));
        cursor = next;
      } while (cursor !== '0');
      return keys;
    };
    const before = await scanAll();
    const glob = 'meeting:*:42';
    const expected = [...before].filter((k) => globToRegExp(glob).test(k));
    expect(expected).toEqual(expect.arrayContaining(['meeting:details:42', 'meeting:participants:42', 'meeting:[a]:42']));
    const result = await unlinkMatching(c, glob, { count: 50 });
    expect(result.deleted).toBe(expected.length);
    expect(result.scans).toBeGreaterThan(1);
    const after = await scanAll();
    expect([...after].sort()).toEqual([...before].filter((k) => !expected.includes(k)).sort());
    for (const survivor of ['meeting:details:420', 'meeting:details:4', 'meeting:42', 'xmeeting:details:42', 'meeting:*:42x']) expect(after.has(survivor), survivor).toBe(true);
    c.disconnect();
  });
});

describe('startDemo', () => {
  it('starts its own redis-server with the profile’s eviction policy, puts it under pressure, and removes it on stop', async () => {
    const demo = await startDemo({ profile: 'hypersdk', keys: 20_000, maxmemory: 8 * 1024 * 1024, opsPerSec: 1000, hitTarget: null, seed: 3 });
    const port = demo.server!.port;
    const pid = demo.server!.pid;
    const c = testClient({ port, host: '127.0.0.1' });
    try {
      expect(demo.url).toBe(`redis://127.0.0.1:${port}`);
      expect(await c.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
      expect(await c.config('GET', 'maxmemory')).toEqual(['maxmemory', String(8 * 1024 * 1024)]);
      expect(await c.config('GET', 'save')).toEqual(['save', '']);
      await demo.workload.whenOps(1000);
      const info = await c.info('stats');
      expect(Number(/evicted_keys:(\d+)/.exec(info)![1])).toBeGreaterThan(0);
      const clients = await c.client('LIST');
      expect(String(clients)).toMatch(/name=demo-app:hypersdk/);
    } finally {
      c.disconnect();
      await demo.stop();
    }
    await demo.stop(); // twice is fine
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(
      new Promise((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve('open');
        });
        s.once('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a given database that already holds keys, writing nothing', async () => {
    const c = await freshDb(5);
    await c.set('someone:else', '1');
    await expect(startDemo({ profile: 'vtp', keys: 10, target: target(5) })).rejects.toThrow(/already holds 1 keys/);
    expect(await c.dbsize()).toBe(1);
    c.disconnect();
  });

  it('says how to install redis-server when it is not on PATH', async () => {
    await expect(startDemo({ profile: 'vtp', keys: 10, env: { PATH: '/nonexistent' } })).rejects.toThrow(/redis-server was not found on PATH.*apt-get install -y redis-server/);
  });
});
