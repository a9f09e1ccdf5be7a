import { afterEach, describe, expect, it } from 'vitest';
import type { TrafficSample } from '../../shared/contract';
import { fromWire } from '../../electron/core/keys/wire-bytes';
import { makeCore, type TestCore } from '../helpers/core';
import { pollUntil, testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';

const ID = 'env-default';

describe('misses: a traffic sample (MONITOR) beside the key events', () => {
  let redis: TestRedis | undefined;
  let client: TestClient | undefined;
  let app: TestCore | undefined;
  afterEach(async () => {
    await app?.close();
    client?.disconnect();
    await redis?.stop();
  });

  it('finds a bookkeeping key like GoMeet’s cache:stats and gives each namespace its hit rate', async () => {
    redis = await startRedis();
    client = testClient(redis.port, '127.0.0.1');
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('connections.open', { id: ID });
    await app.call('misses.start', { id: ID, consent: true, depth: 2 });
    await client.set('cache:stats', '{"hits":0}');
    for (let i = 0; i < 10; i++) await client.set(`user:profile:${i}`, 'u');
    for (let i = 0; i < 10; i++) await client.set(`meeting:details:${i}`, 'm');

    const sampling = app.core.invoke('misses.sample', { id: ID, seconds: 300 });
    await pollUntil('MONITOR is attached', 20_000, async () => (/flags=O/.test(String(await client!.client('LIST'))) ? null : 'no monitor yet'));

    // GoMeet's repository: every lookup re-reads and re-writes its own stats key.
    const lookup = async (key: string) => {
      await client!.get('cache:stats');
      await client!.set('cache:stats', '{"hits":1}', 'EX', 86400);
      if ((await client!.get(key)) === null) await client!.set(key, 'v');
    };
    for (let pass = 0; pass < 2; pass++) for (let i = 0; i < 20; i++) await lookup(`user:profile:${i}`); // 10 misses in 40
    for (let i = 0; i < 30; i++) await lookup(`meeting:details:${i}`); // 20 misses in 30
    // Cachescope's own commands (CONFIG GET of the plan) are left out.
    await app.call('misses.plan', { id: ID });
    await app.call('misses.sample.stop', { id: ID });
    const reply = await sampling;
    if (!reply.ok) throw new Error(reply.error.message);
    const s = reply.value as TrafficSample;

    const byName = Object.fromEntries(s.namespaces.map((n) => [fromWire(n.prefix).toString(), n]));
    expect(byName['user:profile:']).toMatchObject({ reads: 40, misses: 10, hitRate: 0.75 });
    expect(byName['meeting:details:']).toMatchObject({ reads: 30, misses: 20 });
    expect(byName['meeting:details:']!.hitRate).toBeCloseTo(10 / 30, 5);
    expect(byName['cache:']).toMatchObject({ reads: 70, misses: 0, hitRate: 1 });
    expect(s).toMatchObject({ reads: 140, misses: 30 });
    expect(s.hitRate).toBeCloseTo(110 / 140, 5);
    expect(s.bookkeeping).toEqual([{ key: { utf8: 'cache:stats' }, reads: 70, share: 0.5, writes: 70, hitRateWithout: 40 / 70 }]);
    expect(s.hotKeys[0]).toEqual({ key: { utf8: 'cache:stats' }, reads: 70 });
    expect(s.commands.find((c) => c.name === 'GET')?.count).toBe(140);
    expect(s.commands.find((c) => c.name === 'SET')?.count).toBe(100);
    expect(s.commands.find((c) => c.name === 'CONFIG')).toBeUndefined();
    expect(s.ownExcluded).toBeGreaterThan(0);
  });

  it('refuses to sample before misses are watched', async () => {
    redis = await startRedis();
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('connections.open', { id: ID });
    const r = await app.core.invoke('misses.sample', { id: ID, seconds: 1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/Start watching misses first/) } });
  });
});
