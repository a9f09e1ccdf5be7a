import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInput } from '../../electron/core/profile/profile';
import { allocate } from '../../electron/workload/allocate';
import { getProfile, PROFILE_NAMES, type ProfileName } from '../../electron/workload/profiles';
import { seedKeys } from '../../electron/workload/seed';
import { CacheWorkload } from '../../electron/workload/workload';
import { testClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';

/**
 * Each demo profile against its layout as ../shared/CACHE-LAYOUTS.md writes it (issue 17): after
 * a seed and a short cache-aside run, every key on the server is one of the layout's patterns,
 * of the layout's type (strings only: JSON, and vtp's INCR counters), with a TTL in the layout's
 * range; the invalidations are the ones the layout names. The tables below are copied from the
 * layout document, not from the profiles, so a profile that drifts from its app fails here.
 */
const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;
const ID = '[0-9]+';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TOKEN = '[0-9A-Za-z_-]+';

interface LayoutRow {
  pattern: RegExp;
  /** Seconds, inclusive; the layout's range for the pattern. */
  ttl: [number, number];
  /** JSON (gzip allowed for vtp's large values), or an INCR counter. */
  value: 'json' | 'counter';
}
const row = (pattern: string, ttl: [number, number], value: LayoutRow['value'] = 'json'): LayoutRow => ({ pattern: new RegExp(`^${pattern}$`), ttl, value });

const LAYOUTS: Record<ProfileName, LayoutRow[]> = {
  vtp: [
    row(`user:${UUID}`, [30 * MIN, 30 * MIN]),
    row(`course:${ID}`, [5 * MIN, 2 * HOUR]),
    row(`instructors:list:verified=true&page=${ID}`, [5 * MIN, 5 * MIN]),
    row(`session:sess_${TOKEN}`, [7 * DAY, 7 * DAY]),
    row(`stats:course:${ID}`, [DAY, DAY]),
    row(`ratelimit:api:[0-9.]+`, [MIN, HOUR], 'counter'),
  ],
  gomeet: [
    row(`user:profile:${ID}`, [30 * MIN, 30 * MIN]),
    row(`meeting:details:${ID}`, [15 * MIN, 15 * MIN]),
    row(`meeting:participants:${ID}`, [10 * MIN, 10 * MIN]),
    row('feature_flag:[a-z0-9_]+', [5 * MIN, 5 * MIN]),
    row(`public_user:${TOKEN}`, [30 * MIN, 30 * MIN]),
    row(`meeting:list:${ID}:page:${ID}:limit:${ID}:search:[a-z]*`, [5 * MIN, 5 * MIN]),
    row(`meeting:joined:${ID}:page:${ID}:limit:${ID}`, [5 * MIN, 5 * MIN]),
    row(`meeting:upcoming:${ID}:limit:${ID}`, [5 * MIN, 5 * MIN]),
    row(`meeting:past:${ID}:page:${ID}:limit:${ID}`, [5 * MIN, 5 * MIN]),
    row('cache:stats', [DAY, DAY]),
  ],
  hypersdk: [
    row(`user:${ID}`, [HOUR, DAY]),
    row(`user:${ID}:profile`, [HOUR, DAY]),
    row(`user:${ID}:settings`, [HOUR, DAY]),
    row(`product:${ID}:details`, [30 * MIN, 30 * MIN]),
    row(`tags:post:${ID}`, [30 * MIN, 30 * MIN]),
    row('config', [5 * MIN, 5 * MIN]),
  ],
  skillup: [
    row(`skillup:course:${TOKEN}`, [HOUR, HOUR]),
    row(`skillup:user:${TOKEN}`, [30 * MIN, 30 * MIN]),
    row(`skillup:session:${TOKEN}`, [30 * MIN, 30 * MIN]),
  ],
  'lms-phase4': [
    row(`dashboard:student:${ID}`, [5 * MIN, 5 * MIN]),
    row(`dashboard:teacher:${ID}`, [5 * MIN, 5 * MIN]),
    row('dashboard:admin', [5 * MIN, 5 * MIN]),
    row('courses:active', [5 * MIN, 5 * MIN]),
    row(`course:${TOKEN}`, [30 * MIN, 30 * MIN]),
    row(`course:${TOKEN}:stats`, [5 * MIN, 5 * MIN]),
    row(`profile:student:${ID}`, [30 * MIN, 30 * MIN]),
    row(`profile:teacher:${ID}`, [30 * MIN, 30 * MIN]),
    row('analytics:(platform|enrollment|revenue)', [HOUR, HOUR]),
  ],
};

/** The invalidations each layout names, with its id as `<id>` (exact keys marked `key`). */
const INVALIDATIONS: Partial<Record<ProfileName, string[]>> = {
  vtp: ['course:<id>:*', 'key course:<id>'],
  gomeet: ['meeting:*:<id>', 'meeting:list:*'],
  hypersdk: ['user:<id>:*', 'key user:<id>'],
  'lms-phase4': ['dashboard:*', 'courses:*', '*:<id>'],
};

async function scanAll(c: ReturnType<typeof testClient>): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await c.scan(cursor, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

let server: TestRedis;
beforeAll(async () => {
  server = await startRedis(['--databases', '16']);
});
afterAll(async () => server?.stop());

describe('demo profiles follow their layouts', () => {
  it.each(PROFILE_NAMES.map((name, i) => [name, i + 1] as const))('%s: after a seed and a short run, every key is a layout pattern, a string, with the layout’s TTL', async (name, db) => {
    const profile = getProfile(name);
    const target = resolveInput({ name: 'layout', host: server.host, port: server.port, db }).profile;
    const c = testClient({ host: server.host, port: server.port, db });
    try {
      await c.flushdb();
      await seedKeys(target, { profile, keys: 1500, seed: 5 });
      // Every pattern of the layout is in the dataset (lms-phase4's singletons included).
      const seeded = await scanAll(c);
      expect(LAYOUTS[name].filter((r) => !seeded.some((k) => r.pattern.test(k))).map((r) => r.pattern.source)).toEqual([]);
      // A short run with many updates: the keys it writes back and the ones it deletes count too.
      const w = new CacheWorkload({ client: c, profile, idSpace: allocate(profile.specs, 3000), opsPerSec: 1500, seed: 5, updateShare: 0.1, patternShare: 0.3 });
      w.start();
      await w.whenOps(1500);
      await w.stop();
      expect(w.counters().errors).toBe(0);

      const keys = await scanAll(c);
      expect(keys.length).toBeGreaterThan(1000);
      const pipe = c.pipeline();
      for (const k of keys) pipe.type(k).pttl(k);
      const replies = (await pipe.exec())!.map(([, v]) => v);
      keys.forEach((key, i) => {
        const layout = LAYOUTS[name].find((r) => r.pattern.test(key));
        expect(layout, `${key} is no pattern of the ${name} layout`).toBeDefined();
        expect(replies[2 * i], key).toBe('string');
        const pttl = replies[2 * i + 1] as number;
        expect(pttl, `${key} has a TTL`).toBeGreaterThan(0);
        // A key written earlier in the run has lived some of its TTL already.
        expect(pttl, key).toBeGreaterThan(layout!.ttl[0] * 1000 - 120_000);
        expect(pttl, key).toBeLessThanOrEqual(layout!.ttl[1] * 1000);
      });
      // Values: JSON (vtp's large ones gzip), counters as integers.
      const sample = keys.filter((_, i) => i % 37 === 0);
      const values = await c.mgetBuffer(...sample);
      sample.forEach((key, i) => {
        const v = values[i]!;
        if (v === null) return; // expired or deleted since the scan
        const layout = LAYOUTS[name].find((r) => r.pattern.test(key))!;
        if (layout.value === 'counter') expect(v.toString(), key).toMatch(/^\d+$/);
        else if (v[0] === 0x1f && v[1] === 0x8b) expect(name, key).toBe('vtp');
        else expect(() => JSON.parse(v.toString('utf8')), key).not.toThrow();
      });
    } finally {
      c.disconnect();
    }
  }, 120_000);

  it('invalidates as the layouts write it', () => {
    for (const [name, expected] of Object.entries(INVALIDATIONS) as [ProfileName, string[]][]) {
      const profile = getProfile(name);
      const written = profile.patterns.map((p) => {
        const spec = profile.specs.find((s) => s.name === p.from);
        const id = spec ? spec.id(7) : '';
        const glob = id === '' ? p.glob(id, 7) : p.glob(id, 7).split(id).join('<id>');
        return p.exact ? `key ${glob}` : glob;
      });
      expect(new Set(written), name).toEqual(new Set(expected));
    }
  });
});
