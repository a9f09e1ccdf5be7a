import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppStatsConfig, AppStatsSample, MetricSample } from '../../shared/contract';
import { createCore } from '../../electron/core/core';
import { KeyFileSecretBox } from '../../electron/core/connections/secret-box';
import { readAppStats } from '../../electron/core/app-stats/read';
import { ReadLedger } from '../../electron/core/metrics/read-ledger';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, type TestCore } from '../helpers/core';

const GOMEET: AppStatsConfig = { kind: 'hash', key: 'cache:stats', fields: ['hits', 'misses', 'sets', 'deletes', 'errors'] };

async function keyspaceCounters(client: Redis): Promise<{ hits: number; misses: number }> {
  const info = await client.info('stats');
  const get = (k: string) => Number(new RegExp(`^${k}:(\\d+)`, 'm').exec(info)![1]);
  return { hits: get('keyspace_hits'), misses: get('keyspace_misses') };
}

describe('app-side stats against a real redis-server', () => {
  let redis: TestRedis;
  let client: Redis;
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

  it('records exactly the keyspace lookups its reads make (checked against INFO)', async () => {
    await client.hset('cache:stats', { hits: 3, misses: 1, last_updated: '2024-05-01T10:00:00Z' });
    await client.set('app:hits', '12');
    await client.set('app:misses', '4');
    const cases: [string, AppStatsConfig][] = [
      ['existing hash', GOMEET],
      ['hash without those fields', { kind: 'hash', key: 'cache:stats', fields: ['nope', 'neither'] }],
      ['missing hash', { kind: 'hash', key: 'cache:absent', fields: ['hits'] }],
      ['a string where a hash was expected', { kind: 'hash', key: 'app:hits', fields: ['hits'] }],
      ['string keys, one missing, one a hash', { kind: 'strings', key: '', fields: ['app:hits', 'app:misses', 'app:absent', 'cache:stats'] }],
    ];
    for (const [what, config] of cases) {
      const ledger = new ReadLedger();
      const before = await keyspaceCounters(client);
      await readAppStats(client, config, ledger);
      const after = await keyspaceCounters(client);
      expect({ what, ...ledger.totals() }).toEqual({ what, hits: after.hits - before.hits, misses: after.misses - before.misses });
    }
    const values = await readAppStats(client, GOMEET, new ReadLedger());
    expect(values).toEqual({ values: { hits: 3, misses: 1, sets: null, deletes: null, errors: null } });
    expect((await readAppStats(client, { kind: 'hash', key: 'app:hits', fields: ['hits'] }, new ReadLedger())).error).toBe('app:hits is not a hash.');
  });

  it("charts the app's own hit rate (Δhits / (Δhits + Δmisses)) without touching the dashboard's hit rate", async () => {
    await client.hset('cache:stats', { hits: 1000, misses: 500, sets: 0, deletes: 0, errors: 0 });
    await client.mset('user:1', 'a', 'user:2', 'b');
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('appStats.set', { id: 'env-default', config: GOMEET });
    const samples: AppStatsSample[] = [];
    const metrics: MetricSample[] = [];
    app.core.on('appstats.sample', (s) => samples.push(s));
    await app.call('connections.open', { id: 'env-default' });
    app.core.on('metrics.sample', (s) => metrics.push(s));
    const first = await app.next('appstats.sample', () => true);
    expect(first).toMatchObject({ connectionId: 'env-default', values: { hits: 1000, misses: 500 }, hitRate: null, hitRateTotal: 1000 / 1500 });
    expect(first.rates.hits).toBeNull(); // no baseline yet

    // No application traffic yet: every interval of the dashboard shows no lookups at all,
    // although app stats read the server all along (each read lands on one side of an INFO).
    const quietFrom = metrics.length;
    await app.next('metrics.sample', () => metrics.length >= quietFrom + 3);
    const quiet = metrics.slice(quietFrom);
    expect(quiet.map((s) => [s.hitsDelta ?? 0, s.missesDelta ?? 0, s.hitRate])).toEqual(quiet.map(() => [0, 0, null]));
    expect(quiet.some((s) => (s.ownHitsDelta ?? 0) > 0)).toBe(true);

    // The app serves traffic and counts it (atomically, as one MULTI), like gomeet does.
    let appHits = 0;
    let appMisses = 0;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) if (await client.get(`user:${(i % 2) + 1}`)) appHits++;
      if ((await client.get('user:absent')) === null) appMisses++;
      await client.multi().hincrby('cache:stats', 'hits', 90).hincrby('cache:stats', 'misses', 10).hincrby('cache:stats', 'sets', 7).exec();
      const target = 1000 + 90 * (round + 1);
      const seen = await app.next('appstats.sample', (s) => s.values.hits === target);
      expect(seen.values.misses).toBe(500 + 10 * (round + 1));
      // The first sample to see the increment saw all of it: exactly 90 / (90 + 10).
      expect(seen.hitRate).toBeCloseTo(0.9, 10);
      expect(seen.rates.sets).toBeGreaterThan(0);
    }

    // Stop app stats (waits for a read in flight), then let the dashboard poll twice more.
    await app.call('appStats.set', { id: 'env-default', config: null });
    const count = metrics.length;
    await app.next('metrics.sample', () => metrics.length >= count + 2);
    const sum = (k: 'hitsDelta' | 'missesDelta' | 'ownHitsDelta') => metrics.reduce((a, s) => a + (s[k] ?? 0), 0);
    // Every app-stats read was a lookup on the server, yet the dashboard counts only the app's.
    expect(sum('ownHitsDelta')).toBeGreaterThanOrEqual(2 * 4);
    expect(sum('hitsDelta')).toBe(appHits);
    expect(sum('missesDelta')).toBe(appMisses);
    expect(await app.call('appStats.history', { id: 'env-default' })).toEqual([]); // a new choice starts a new chart
    expect(samples.length).toBeGreaterThanOrEqual(4);
  });

  it('treats a counter that went down as a reset (no negative rate) and says when the hash is missing', async () => {
    await client.hset('cache:stats', { hits: 50, misses: 50 });
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('appStats.set', { id: 'env-default', config: { ...GOMEET, fields: ['hits', 'misses'] } });
    await app.call('connections.open', { id: 'env-default' });
    await app.next('appstats.sample', (s) => s.values.hits === 50);
    await client.hset('cache:stats', { hits: 2, misses: 1 }); // the app restarted its counters
    const reset = await app.next('appstats.sample', (s) => s.values.hits === 2);
    expect(reset.rates).toEqual({ hits: null, misses: null });
    expect(reset.hitRate).toBeNull();
    expect(reset.hitRateTotal).toBeCloseTo(2 / 3, 10);
    await client.del('cache:stats');
    const missing = await app.next('appstats.sample', (s) => s.error !== undefined);
    expect(missing).toMatchObject({ values: { hits: null, misses: null }, hitRate: null });
    expect(missing.error).toMatch(/^cache:stats does not exist \(expired/);
    const history = await app.call('appStats.history', { id: 'env-default' });
    expect(history.length).toBeGreaterThanOrEqual(3);
    expect(history.every((s, i) => i === 0 || s.ts >= history[i - 1]!.ts)).toBe(true);
  });

  it('reads numeric string keys, with named hits and misses counters', async () => {
    await client.mset('app:cache_hits', '10', 'app:cache_misses', '10');
    app = makeCore({ REDIS_URL: redis.url });
    const config: AppStatsConfig = { kind: 'strings', key: '', fields: ['app:cache_hits', 'app:cache_misses'], hitsField: 'app:cache_hits', missesField: 'app:cache_misses' };
    await app.call('appStats.set', { id: 'env-default', config });
    await app.call('connections.open', { id: 'env-default' });
    await app.next('appstats.sample', (s) => s.values['app:cache_hits'] === 10);
    await client.multi().incrby('app:cache_hits', 30).incrby('app:cache_misses', 10).exec();
    const s = await app.next('appstats.sample', (x) => x.values['app:cache_hits'] === 40);
    expect(s.hitRate).toBeCloseTo(0.75, 10);
    expect(s.error).toBeUndefined();
  });

  it('remembers the choice per connection across restarts, and refuses a choice that cannot work', async () => {
    app = makeCore({ REDIS_URL: redis.url });
    expect(await app.call('appStats.get', { id: 'env-default' })).toBeNull();
    await app.call('appStats.set', { id: 'env-default', config: GOMEET });
    const again = createCore({ dataDir: app.dataDir, secrets: new KeyFileSecretBox(app.dataDir), mode: 'serve', version: 'test', env: { REDIS_URL: redis.url } });
    expect(await again.invoke('appStats.get', { id: 'env-default' })).toEqual({ ok: true, value: GOMEET });
    await again.close();

    const refused = async (config: AppStatsConfig) => app!.core.invoke('appStats.set', { id: 'env-default', config });
    expect(await refused({ ...GOMEET, hitsField: 'hitz' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/hitz/) } });
    expect(await refused({ ...GOMEET, key: '' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await refused({ ...GOMEET, fields: [] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await app.core.invoke('appStats.set', { id: 'no-such-connection', config: GOMEET })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
