import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppStatsConfig, AppStatsSample } from '../../shared/contract';
import { readAppStats } from '../../electron/core/app-stats/read';
import { ReadLedger } from '../../electron/core/metrics/read-ledger';
import { testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, type TestCore } from '../helpers/core';

const DAY_SEC = 86_400;
const ZEROS = { hits: 0, misses: 0, sets: 0, deletes: 0, errors: 0 };
type Counts = typeof ZEROS;

/** gomeet's real `cache:stats`: a JSON string, read and re-written with a 24 h TTL by every cache operation. */
const GOMEET: AppStatsConfig = { kind: 'json', key: 'cache:stats', fields: ['hits', 'misses', 'sets', 'deletes', 'errors'], hitsField: 'hits', missesField: 'misses' };

/** The app's own bookkeeping as its cache repository does it: GET the JSON, add, SET it back with EX 24 h. */
async function bump(client: TestClient, add: Partial<Counts>): Promise<void> {
  const raw = await client.get('cache:stats');
  const stats = { ...ZEROS, ...(raw ? (JSON.parse(raw) as Counts) : {}) };
  for (const [k, v] of Object.entries(add)) stats[k as keyof Counts] += v;
  await client.set('cache:stats', JSON.stringify({ ...stats, last_updated: new Date().toISOString() }), 'EX', DAY_SEC);
}

async function keyspaceCounters(client: TestClient): Promise<{ hits: number; misses: number }> {
  const info = await client.info('stats');
  const get = (k: string) => Number(new RegExp(`^${k}:(\\d+)`, 'm').exec(info)![1]);
  return { hits: get('keyspace_hits'), misses: get('keyspace_misses') };
}

describe('app-side stats in the formats apps write, against a real redis-server', () => {
  let redis: TestRedis;
  let client: TestClient;
  let app: TestCore | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    client = testClient(redis.port, '127.0.0.1');
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await client.flushdb();
  });

  async function watch(config: AppStatsConfig): Promise<TestCore> {
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('appStats.set', { id: 'env-default', config });
    await app.call('connections.open', { id: 'env-default' });
    return app;
  }

  it('records exactly the keyspace lookups its JSON reads make (checked against INFO)', async () => {
    await client.set('cache:stats', JSON.stringify({ hits: 3, misses: 1, nested: { hits: 7 } }));
    await client.set('not:json', 'hello');
    await client.hset('app:metrics', 'cache', JSON.stringify({ hits: 2, misses: 2 }));
    const cases: [string, AppStatsConfig, Record<string, number | null>, RegExp | undefined][] = [
      ['JSON string', { ...GOMEET, fields: ['hits', 'misses', 'nested.hits'] }, { hits: 3, misses: 1, 'nested.hits': 7 }, undefined],
      ['JSON string without those numbers', { ...GOMEET, fields: ['hits', 'nope', 'nested.none'] }, { hits: 3, nope: null, 'nested.none': null }, /^No number at nope, nested\.none in cache:stats\.$/],
      ['missing JSON string', { ...GOMEET, key: 'cache:absent', fields: ['hits'] }, { hits: null }, /^cache:absent does not exist/],
      ['a string that is not JSON', { ...GOMEET, key: 'not:json', fields: ['hits'] }, { hits: null }, /^not:json is not JSON\.$/],
      ['a hash where a JSON string was expected', { ...GOMEET, key: 'app:metrics', fields: ['hits'] }, { hits: null }, /^app:metrics is not a string/],
      ['JSON in a hash field', { kind: 'hash-json', key: 'app:metrics', jsonField: 'cache', fields: ['hits', 'misses'] }, { hits: 2, misses: 2 }, undefined],
      ['a hash without that field', { kind: 'hash-json', key: 'app:metrics', jsonField: 'other', fields: ['hits'] }, { hits: null }, /^app:metrics has no field other\.$/],
      ['missing hash', { kind: 'hash-json', key: 'app:absent', jsonField: 'cache', fields: ['hits'] }, { hits: null }, /^app:absent does not exist/],
      ['a string where a hash was expected', { kind: 'hash-json', key: 'cache:stats', jsonField: 'cache', fields: ['hits'] }, { hits: null }, /^cache:stats is not a hash\.$/],
    ];
    for (const [what, config, values, error] of cases) {
      const ledger = new ReadLedger();
      const before = await keyspaceCounters(client);
      const read = await readAppStats(client, config, ledger);
      const after = await keyspaceCounters(client);
      expect({ what, ...ledger.totals() }).toEqual({ what, hits: after.hits - before.hits, misses: after.misses - before.misses });
      expect({ what, values: read.values }).toEqual({ what, values });
      if (error) expect(read.error, what).toMatch(error);
      else expect(read.error, what).toBeUndefined();
    }
  });

  it("reads gomeet's JSON-string cache:stats (24 h TTL), and survives it expiring and being re-created: a reset, never a negative rate", async () => {
    await bump(client, {}); // the app initialises its stats to zeros at start
    const core = await watch(GOMEET);
    await core.next('appstats.sample', (s) => s.values.hits === 0 && s.error === undefined);

    // Served traffic: 85 hits and 15 misses counted, each operation re-writing the JSON.
    await bump(client, { hits: 85, misses: 15, sets: 15 });
    const served = await core.next('appstats.sample', (s) => s.values.hits === 85);
    expect(served).toMatchObject({ values: { hits: 85, misses: 15, sets: 15, deletes: 0, errors: 0 }, hitRateTotal: 0.85 });
    expect(served.hitRate).toBeCloseTo(0.85, 10);
    expect(served.reset).toBeUndefined();
    expect(served.rates.sets).toBeGreaterThan(0);
    expect(await client.ttl('cache:stats')).toBeGreaterThan(DAY_SEC - 60); // Cachescope's reads leave the TTL alone

    // The 24 h TTL runs out (here: made to run out now; Redis expires it for real).
    await client.pexpire('cache:stats', 1);
    const gone = await core.next('appstats.sample', (s) => s.error !== undefined);
    expect(gone).toMatchObject({ values: { hits: null, misses: null }, hitRate: null });
    expect(gone.error).toMatch(/^cache:stats does not exist \(expired/);

    // The app writes it afresh from zeros: the first sample is a reset (no rates), the next ones count again.
    await bump(client, { hits: 9, misses: 1 });
    const back = await core.next('appstats.sample', (s) => s.values.hits === 9);
    expect(back).toMatchObject({ reset: true, hitRate: null, rates: { hits: null, misses: null, sets: null, deletes: null, errors: null } });
    expect(back.error).toBeUndefined();
    await bump(client, { hits: 30, misses: 10 });
    const counting = await core.next('appstats.sample', (s) => s.values.hits === 39);
    expect(counting.reset).toBeUndefined();
    expect(counting.hitRate).toBeCloseTo(0.75, 10);
    expect(counting.rates.hits).toBeGreaterThan(0);

    // Re-created between two reads (deleted and written again, lower): still a reset, not a negative rate.
    await client.del('cache:stats');
    await bump(client, { hits: 2, misses: 0, sets: 1 });
    const recreated = await core.next('appstats.sample', (s) => s.values.hits === 2);
    expect(recreated).toMatchObject({ reset: true, hitRate: null });
    expect(Object.values(recreated.rates)).toEqual([null, null, null, null, null]);
    const history: AppStatsSample[] = await core.call('appStats.history', { id: 'env-default' });
    expect(history.flatMap((s) => Object.values(s.rates)).every((r) => r === null || r >= 0)).toBe(true);
  });

  it('reads nested numbers by dotted path from JSON inside a hash field, across the hash expiring and coming back', async () => {
    const write = (hits: number, misses: number) => client.hset('app:metrics', 'cache', JSON.stringify({ counters: { hits, misses }, build: 'v1' }), 'other', 'x');
    await write(100, 100);
    const core = await watch({ kind: 'hash-json', key: 'app:metrics', jsonField: 'cache', fields: ['counters.hits', 'counters.misses'], hitsField: 'counters.hits', missesField: 'counters.misses' });
    await core.next('appstats.sample', (s) => s.values['counters.hits'] === 100);
    await write(190, 110);
    const s = await core.next('appstats.sample', (x) => x.values['counters.hits'] === 190);
    expect(s.hitRate).toBeCloseTo(0.9, 10);
    expect(s.hitRateTotal).toBeCloseTo(190 / 300, 10);
    expect(s.error).toBeUndefined();

    await client.pexpire('app:metrics', 1);
    const gone = await core.next('appstats.sample', (x) => x.error !== undefined);
    expect(gone.error).toMatch(/^app:metrics does not exist/);
    await write(4, 1);
    const back = await core.next('appstats.sample', (x) => x.values['counters.hits'] === 4);
    expect(back).toMatchObject({ reset: true, hitRate: null, rates: { 'counters.hits': null, 'counters.misses': null } });
  });

  it('refuses a JSON choice without its key, or JSON in a hash without the field', async () => {
    app = makeCore({ REDIS_URL: redis.url });
    const refused = (config: AppStatsConfig) => app!.core.invoke('appStats.set', { id: 'env-default', config });
    expect(await refused({ ...GOMEET, key: ' ' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/Name the key/) } });
    expect(await refused({ kind: 'hash-json', key: 'app:metrics', fields: ['hits'] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/field of the hash/) } });
    // A field name kept only where it means something.
    expect(await app.call('appStats.set', { id: 'env-default', config: { ...GOMEET, jsonField: 'ignored' } })).toEqual(GOMEET);
  });
});
