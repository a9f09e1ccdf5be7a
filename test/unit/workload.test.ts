import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../electron/workload/allocate';
import { parseMemorySize } from '../../electron/workload/memory-size';
import { getProfile, LMS_TTL, PROFILE_NAMES, redisTypeOf, specOfKey, type KeySpec } from '../../electron/workload/profiles';
import { createRng, zipfRank } from '../../electron/workload/random';
import { coldToHot } from '../../electron/workload/seed';
import type { Arg, CommandSink } from '../../electron/workload/resp';
import { docJson, jsonValue } from '../../electron/workload/values';
import { queueWrite, ttlMsOf } from '../../electron/workload/writes';

/** Records queued commands instead of sending them. */
class Recorder implements CommandSink {
  readonly calls: [string, Arg[]][] = [];
  call(command: string, args: Arg[]): void {
    this.calls.push([command, args]);
  }
}

const all = getProfile('all');

describe('profiles', () => {
  it('every spec of every profile generates keys its own pattern matches, and no other spec of any profile does', () => {
    for (const spec of all.specs) {
      for (let n = 0; n < Math.min(300, spec.cardinality ?? 300); n++) {
        const key = spec.key(n);
        const owners = all.specs.filter((s) => s.match.test(key)).map((s) => s.name);
        expect(owners, key).toEqual([spec.name]);
      }
    }
  });

  it('distinct ids give distinct keys across all five layouts at once (so a seed of N is N keys)', () => {
    const seen = new Set<string>();
    let total = 0;
    for (const spec of all.specs) {
      for (let n = 0; n < Math.min(2000, spec.cardinality ?? 2000); n++) {
        seen.add(spec.key(n));
        total++;
      }
    }
    expect(seen.size).toBe(total);
  });

  it('reproduces the layouts: vtp, gomeet, hypersdk ids mid-key, the skillup: prefix, lms TTL classes', () => {
    const names = (p: Parameters<typeof getProfile>[0]) => getProfile(p).specs.map((s) => s.key(41));
    expect(names('vtp')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^user:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        'course:42',
        expect.stringMatching(/^session:sess_\w+$/),
        'stats:course:42',
        'ratelimit:api:10.0.0.41',
        'instructors:list:verified=true&page=42',
      ]),
    );
    expect(names('gomeet')).toEqual(expect.arrayContaining(['user:profile:42', 'meeting:details:42', 'meeting:participants:42', 'cache:stats']));
    expect(names('gomeet').some((k) => /^meeting:list:\d+:page:\d+:limit:\d+:search:\w*$/.test(k))).toBe(true);
    expect(names('hypersdk')).toEqual(expect.arrayContaining(['user:42', 'user:42:profile', 'user:42:settings', 'product:42:details', 'tags:post:42', 'config']));
    for (const key of names('skillup')) expect(key).toMatch(/^skillup:/);
    const lmsTtls = new Set(getProfile('lms-phase4').specs.map((s) => ttlMsOf(s, 0, 1)! / 1000));
    // The layout's keys use three of lms's TTL classes (MEDIUM, LONG, VERY_LONG).
    expect([...lmsTtls].sort((a, b) => a - b)).toEqual([LMS_TTL.MEDIUM, LMS_TTL.LONG, LMS_TTL.VERY_LONG]);
    expect(getProfile('hypersdk').maxmemoryPolicy).toBe('allkeys-lru');
  });

  it.each([
    // [key, TTL seconds from docs/cache-layouts.md: exact or [min, max]]
    ['user:00000000-0000-4000-8000-000000000001', 1800],
    ['course:1', 7200],
    ['instructors:list:verified=true&page=1', 300],
    ['session:sess_abcdefABCDEF1', 7 * 86_400],
    ['stats:course:1', 86_400],
    ['ratelimit:api:10.0.0.1', [60, 3600]],
    ['user:profile:1', 1800],
    ['meeting:details:1', 900],
    ['meeting:participants:1', 600],
    ['feature_flag:polls', 300],
    ['public_user:00000000-0000-4000-8000-000000000001', 1800],
    ['meeting:list:1:page:1:limit:20:search:', 300],
    ['meeting:joined:1:page:1:limit:20', 300],
    ['meeting:upcoming:1:limit:10', 300],
    ['meeting:past:1:page:2:limit:20', 300],
    ['cache:stats', 86_400],
    ['user:1', [3600, 86_400]],
    ['user:1:profile', [3600, 86_400]],
    ['user:1:settings', [3600, 86_400]],
    ['product:1:details', 1800],
    ['tags:post:1', 1800],
    ['config', 300],
    ['skillup:course:0123456789abcdef01234567', 3600],
    ['skillup:user:0123456789abcdef01234567', 1800],
    ['skillup:session:0123456789abcdef01234567', 1800],
    ['dashboard:student:1', 300],
    ['dashboard:admin', 300],
    ['courses:active', 300],
    ['course:c0123456789abcdefghijklmn', 1800],
    ['course:c0123456789abcdefghijklmn:stats', 300],
    ['profile:teacher:1', 1800],
    ['analytics:revenue', 3600],
  ] as const)('%s has the TTL of the layout table', (key, ttl) => {
    const spec = specOfKey(all, key);
    expect(spec, key).toBeDefined();
    const expected = ttl === null ? null : typeof ttl === 'number' ? { min: ttl, max: ttl } : { min: ttl[0], max: ttl[1] };
    expect(spec!.ttl).toEqual(expected);
  });

  it('each layout keeps to strings, `all` adds every other Redis type; the TTL of each key lies in its spec range', () => {
    for (const name of PROFILE_NAMES) {
      const types = new Set(getProfile(name).specs.map((s) => redisTypeOf(s.value)));
      expect([...types].sort(), name).toEqual(['string']);
    }
    expect([...new Set(all.specs.map((s) => redisTypeOf(s.value)))].sort()).toEqual(['hash', 'list', 'set', 'stream', 'string', 'zset']);
    const ranged = all.specs.find((s) => s.name === 'vtp.ratelimit')!;
    const ttls = Array.from({ length: 500 }, (_, n) => ttlMsOf(ranged, n, 7)!);
    expect(Math.min(...ttls)).toBeGreaterThanOrEqual(60_000);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(3_600_000);
    expect(new Set(ttls).size).toBeGreaterThan(100);
    expect(specOfKey(all, 'no:such:pattern')).toBeUndefined();
  });
});

describe('allocate', () => {
  it('sums to exactly N, gives each pattern one key first, and respects cardinalities', () => {
    for (const name of [...PROFILE_NAMES, 'all'] as const) {
      const specs = getProfile(name).specs;
      for (const total of [0, 1, specs.length, 2000, 12_345, 1_000_000]) {
        const counts = allocate(specs, total);
        expect(counts.reduce((a, b) => a + b, 0), `${name} ${total}`).toBe(total);
        counts.forEach((c, i) => expect(c).toBeLessThanOrEqual(specs[i]!.cardinality ?? Infinity));
        if (total >= specs.length) for (const c of counts) expect(c).toBeGreaterThanOrEqual(1);
      }
    }
    expect(() => allocate(all.specs, -1)).toThrow(RangeError);
  });

  it('splits by weight: the heavier pattern gets more keys', () => {
    const vtp = getProfile('vtp').specs;
    const counts = allocate(vtp, 10_000);
    const of = (n: string) => counts[vtp.findIndex((s) => s.name === n)]!;
    expect(of('vtp.user')).toBeGreaterThan(of('vtp.course') * 3);
    expect(of('vtp.instructors')).toBe(50);
  });
});

describe('seeding order', () => {
  it('writes every [spec, id] once, each spec from its coldest id down to its hottest (id 0), interleaved', () => {
    const counts = [1000, 3, 0, 1, 257];
    const order = [...coldToHot(counts)];
    expect(order).toHaveLength(counts.reduce((a, b) => a + b, 0));
    expect(new Set(order.map(([s, n]) => `${s}:${n}`)).size).toBe(order.length);
    for (let s = 0; s < counts.length; s++) {
      const ids = order.filter(([x]) => x === s).map(([, n]) => n);
      expect(ids).toEqual(Array.from({ length: counts[s]! }, (_, i) => counts[s]! - 1 - i));
    }
    // Hot keys of every pattern come last (most recently used when LRU has to choose).
    const lastQuarter = order.slice(Math.floor(order.length * 0.75));
    expect(lastQuarter).toEqual(expect.arrayContaining([[0, 0], [4, 0]]));
    expect(order.slice(0, 10).every(([s, n]) => n >= counts[s]! * 0.9)).toBe(true);
  });
});

describe('values', () => {
  it('documents are valid JSON near their target size, about their own key', () => {
    const rng = createRng(3);
    for (const target of [300, 1200, 8000]) {
      const text = docJson('user', rng, 'abc', target);
      const doc = JSON.parse(text) as Record<string, unknown>;
      expect(doc.id).toBe('abc');
      expect(text.length).toBeGreaterThan(target * 0.8);
      expect(text.length).toBeLessThan(target * 1.2 + 200);
    }
    const course = JSON.parse(docJson('course', rng, '42', 5000)) as { id: number; lessons: unknown[] };
    expect(course.id).toBe(42);
    expect(course.lessons.length).toBeGreaterThan(5);
  });

  it('large vtp values are gzip (1f 8b) and inflate to the JSON document', () => {
    const value = jsonValue('course', createRng(1), '7', 6000, true);
    expect(Buffer.isBuffer(value)).toBe(true);
    const bytes = value as Buffer;
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const doc = JSON.parse(gunzipSync(bytes).toString('utf8')) as { id: number };
    expect(doc.id).toBe(7);
    expect(bytes.length).toBeLessThan(gunzipSync(bytes).length);
  });

  it('writes are a pure function of (seed, spec, id): same seed, same commands; other seed, other values', () => {
    const spec = all.specs.find((s) => s.name === 'gomeet.meeting') as KeySpec;
    const record = (seed: number) => {
      const r = new Recorder();
      queueWrite(r, spec, 5, seed, false);
      return JSON.stringify(r.calls);
    };
    expect(record(1)).toBe(record(1));
    expect(record(1)).not.toBe(record(2));
    const r = new Recorder();
    queueWrite(r, spec, 5, 1, false);
    expect(r.calls).toHaveLength(1);
    const [command, args] = r.calls[0]!;
    expect(command).toBe('SET');
    expect(args[0]).toBe('meeting:details:6');
    expect(args.slice(2)).toEqual(['PX', 900_000]);
  });

  it('non-string types are created with their TTL, and `replace` rebuilds rather than appends', () => {
    const stream = all.specs.find((s) => s.name === 'gomeet.chat')!;
    const r = new Recorder();
    const queued = queueWrite(r, stream, 3, 1, true);
    expect(queued).toBe(r.calls.length);
    expect(r.calls[0]).toEqual(['DEL', ['meeting:chat:4']]);
    expect(r.calls.slice(1, -1).every(([c, a]) => c === 'XADD' && a[0] === 'meeting:chat:4' && a[1] === '*')).toBe(true);
    expect(r.calls.at(-1)).toEqual(['PEXPIRE', ['meeting:chat:4', 86_400_000]]);
    const stats = new Recorder();
    queueWrite(stats, all.specs.find((s) => s.value.kind === 'appStats')!, 0, 1, false);
    // gomeet's cache:stats: a JSON string of zeros with its 24 h TTL.
    const [command, [key, json, px, ttl]] = stats.calls[0] as [string, string[]];
    expect([command, key, px, ttl]).toEqual(['SET', 'cache:stats', 'PX', 86_400_000]);
    expect(Object.keys(JSON.parse(json!))).toEqual(['hits', 'misses', 'sets', 'deletes', 'errors', 'last_updated']);
  });
});

describe('randomness', () => {
  it('the same seed gives the same sequence', () => {
    const a = createRng(99);
    const b = createRng(99);
    const c = createRng(100);
    const seq = (r: ReturnType<typeof createRng>) => Array.from({ length: 5 }, () => r.next());
    const sa = seq(a);
    expect(seq(b)).toEqual(sa);
    expect(seq(c)).not.toEqual(sa);
  });

  it('Zipf-like popularity: rank 0 is hottest, frequency falls about as 1/(rank+1), all ranks in range', () => {
    const rng = createRng(5);
    const n = 1000;
    const hits = new Array<number>(n).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 200_000; i++) {
      const r = zipfRank(rng.next(), n);
      if (!(r >= 0 && r < n && Number.isInteger(r))) outOfRange++;
      else hits[r]!++;
    }
    expect(outOfRange).toBe(0);
    expect(hits[0]!).toBeGreaterThan(hits[1]!);
    expect(hits[1]!).toBeGreaterThan(hits[9]!);
    // P(0)/P(9) ≈ 10 for s = 1; the continuous approximation keeps it within a factor of two.
    expect(hits[0]! / hits[9]!).toBeGreaterThan(5);
    expect(hits[0]! / hits[9]!).toBeLessThan(20);
    // The top 10 % of ids take well over half of the reads, as in a real cache.
    const top = hits.slice(0, n / 10).reduce((a, b) => a + b, 0);
    expect(top / 200_000).toBeGreaterThan(0.6);
    expect(zipfRank(0.5, 1)).toBe(0);
  });
});

describe('parseMemorySize', () => {
  it.each([
    ['64mb', 64 * 1024 * 1024],
    ['1gb', 1024 ** 3],
    ['500k', 500_000],
    ['2M', 2_000_000],
    ['123', 123],
    ['0', 0],
  ])('%s → %d bytes', (text, bytes) => expect(parseMemorySize(text)).toBe(bytes));
  it('rejects what Redis would not read', () => {
    for (const bad of ['', 'mb', '64 tb', '-1mb', 'lots']) expect(parseMemorySize(bad)).toBeNull();
  });
});
