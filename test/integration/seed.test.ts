import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInput, type ResolvedProfile } from '../../electron/core/profile/profile';
import { getProfile, PROFILE_NAMES, redisTypeOf, specOfKey, type ProfileChoice } from '../../electron/workload/profiles';
import { seedKeys } from '../../electron/workload/seed';
import { ensureNodeBuilt } from '../helpers/build-node';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';

const N = 3000;
let server: TestRedis;
let client: Redis;

beforeAll(async () => {
  ensureNodeBuilt();
  server = await startRedis(['--databases', '32']);
  client = testClient({ host: server.host, port: server.port });
});

afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

function target(db: number): ResolvedProfile {
  return resolveInput({ name: 'seed-test', host: server.host, port: server.port, db }).profile;
}

/** Every key of the selected db, by SCAN (a test may; the product never uses KEYS either). */
async function allKeys(c: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await c.scan(cursor, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

const profiles: ProfileChoice[] = [...PROFILE_NAMES, 'all'];

describe('seedKeys', () => {
  it.each(profiles.map((p, i) => [p, i + 1] as const))(
    '%s: exactly N keys, every key of a known pattern with its type and TTL range; the layouts are strings, all has every type',
    async (name, db) => {
      const profile = getProfile(name);
      const result = await seedKeys(target(db), { profile, keys: N, seed: 11, batchKeys: 250 });
      expect(result.keys).toBe(N);
      const c = testClient({ host: server.host, port: server.port, db });
      try {
        expect(await c.dbsize()).toBe(N);
        const keys = await allKeys(c);
        expect(keys).toHaveLength(N);
        const pipe = c.pipeline();
        for (const k of keys) pipe.type(k).pttl(k);
        const replies = (await pipe.exec())!.map(([err, v]) => {
          expect(err).toBeNull();
          return v;
        });
        const perSpec = new Map<string, number>();
        const types = new Set<string>();
        const gzipKeys: string[] = [];
        keys.forEach((key, i) => {
          const spec = specOfKey(profile, key);
          expect(spec, `unknown key ${key}`).toBeDefined();
          perSpec.set(spec!.name, (perSpec.get(spec!.name) ?? 0) + 1);
          const type = replies[2 * i] as string;
          const pttl = replies[2 * i + 1] as number;
          expect(type, key).toBe(redisTypeOf(spec!.value));
          types.add(type);
          if (spec!.ttl === null) expect(pttl, key).toBe(-1);
          else {
            const range = 'oneOf' in spec!.ttl ? [Math.min(...spec!.ttl.oneOf), Math.max(...spec!.ttl.oneOf)] : [spec!.ttl.min, spec!.ttl.max];
            // The seed takes a moment: a key may have lived a few seconds of its TTL already.
            expect(pttl, key).toBeGreaterThan(range[0]! * 1000 - 30_000);
            expect(pttl, key).toBeLessThanOrEqual(range[1]! * 1000);
          }
          if (spec!.value.kind === 'json' && spec!.value.gzip) gzipKeys.push(key);
          if (name === 'skillup') expect(key.startsWith('skillup:')).toBe(true);
        });
        expect(Object.fromEntries(perSpec)).toEqual(Object.fromEntries(Object.entries(result.counts).filter(([, n]) => n > 0)));
        // Each layout keeps to its own types (JSON strings, counters); `all` adds the others for the key browser.
        expect([...types].sort()).toEqual(name === 'all' ? ['hash', 'list', 'set', 'stream', 'string', 'zset'] : ['string']);

        // Values: JSON strings parse; vtp's large values are gzip and inflate to JSON.
        if (name === 'vtp' || name === 'all') {
          expect(gzipKeys.length).toBeGreaterThan(10);
          for (const key of gzipKeys.slice(0, 20)) {
            const bytes = (await c.getBuffer(key))!;
            expect([bytes[0], bytes[1]], key).toEqual([0x1f, 0x8b]);
            expect(() => JSON.parse(gunzipSync(bytes).toString('utf8'))).not.toThrow();
          }
        }
        const plain = keys.filter((k) => {
          const s = specOfKey(profile, k)!;
          return s.value.kind === 'json' && !s.value.gzip;
        });
        const values = await c.mget(...plain.slice(0, 50));
        for (const v of values) expect(() => JSON.parse(v!)).not.toThrow();
        if (name === 'gomeet') expect(JSON.parse((await c.get('cache:stats'))!)).toMatchObject({ hits: 0, misses: 0, sets: 0, deletes: 0, errors: 0 });
      } finally {
        c.disconnect();
      }
    },
    60_000,
  );

  it('is deterministic: the same seed gives the same values, another seed other values', async () => {
    const profile = getProfile('hypersdk');
    for (const [db, seed] of [
      [20, 5],
      [21, 5],
      [22, 6],
    ] as const)
      await seedKeys(target(db), { profile, keys: 500, seed });
    const read = async (db: number) => {
      const c = testClient({ host: server.host, port: server.port, db });
      try {
        return await c.mget('user:1', 'user:7:profile', 'product:3:details', 'config');
      } finally {
        c.disconnect();
      }
    };
    const [a, b, other] = await Promise.all([read(20), read(21), read(22)]);
    expect(a.every((v) => v !== null)).toBe(true);
    expect(b).toEqual(a);
    expect(other).not.toEqual(a);
  });

  it('reports a failed write instead of passing it over (a WRONGTYPE key in the way)', async () => {
    const c = testClient({ host: server.host, port: server.port, db: 23 });
    try {
      // The seed's first stream key (in `all`: the layouts themselves are strings) is a list here: XADD fails with WRONGTYPE.
      await c.rpush('events:recordings', 'x');
      await expect(seedKeys(target(23), { profile: getProfile('all'), keys: 500 })).rejects.toThrow(/WRONGTYPE/);
    } finally {
      c.disconnect();
    }
  });
});

describe('cachescope seed', () => {
  it('loads N keys, prints keys/s, and says so in JSON with --json', async () => {
    const human = await runCli(['seed', '--url', `${server.url}/24`, '--profile', 'lms-phase4', '--keys', '5000']);
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Seeded 5,000 keys \(profile lms-phase4, seed 1\) into 127\.0\.0\.1:\d+ db 24 in [\d.]+ s: [\d,]+ keys\/s/);
    const json = await runCli(['seed', '--url', `${server.url}/25`, '--profile', 'gomeet', '--keys', '1234', '--seed', '3', '--json']);
    expect(json.code).toBe(0);
    const line = JSON.parse(json.stdout) as { keys: number; keysPerSec: number; profile: string };
    expect(line).toMatchObject({ keys: 1234, profile: 'gomeet' });
    expect(line.keysPerSec).toBeGreaterThan(0);
    const c = testClient({ host: server.host, port: server.port, db: 24 });
    try {
      expect(await c.dbsize()).toBe(5000);
      await c.select(25);
      expect(await c.dbsize()).toBe(1234);
    } finally {
      c.disconnect();
    }
  });

  it('refuses a database that holds keys unless --force', async () => {
    const c = testClient({ host: server.host, port: server.port, db: 26 });
    try {
      await c.set('precious', 'data');
      const refused = await runCli(['seed', '--url', `${server.url}/26`, '--profile', 'vtp', '--keys', '100']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/db 26 on 127\.0\.0\.1:\d+ already holds 1 keys/);
      expect(await c.dbsize()).toBe(1);
      const forced = await runCli(['seed', '--url', `${server.url}/26`, '--profile', 'vtp', '--keys', '100', '--force']);
      expect(forced.code).toBe(0);
      expect(await c.dbsize()).toBe(101);
      expect(await c.get('precious')).toBe('data');
    } finally {
      c.disconnect();
    }
  });

  it.each([
    [['seed', '--keys', '10'], /--profile is required/],
    [['seed', '--profile', 'nope', '--keys', '10'], /--profile must be one of/],
    [['seed', '--profile', 'vtp'], /--keys is required/],
    [['seed', '--profile', 'vtp', '--keys', 'many'], /--keys expects a whole number/],
  ])('exits 2 on bad usage %j', async (args, reason) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
  });
});
