import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule } from '../../shared/contract';
import { createCore } from '../../electron/core/core';
import { KeyFileSecretBox } from '../../electron/core/connections/secret-box';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, type TestCore } from '../helpers/core';

const ID = 'env-default';

/** Short debounces so the test runs in seconds; latency and hit rate muted (the test makes no reads). */
const RULES: AlertRule[] = [
  { id: 'memory', threshold: 0.5, forSec: 0, clearSec: 0, muted: false },
  { id: 'evictions', threshold: 0, forSec: 1, clearSec: 2, muted: false },
  { id: 'hitRate', threshold: 0.8, forSec: 60, clearSec: 30, muted: true },
  { id: 'latency', threshold: 1, forSec: 30, clearSec: 30, muted: true },
];

describe('alerts fire and clear, end to end against a real redis-server', () => {
  let redis: TestRedis;
  let client: Redis;
  let app: TestCore;
  const events: AlertEvent[] = [];
  const event = (rule: AlertEvent['rule'], kind: AlertEvent['kind']) =>
    app.next('alert.event', (e) => e.connectionId === ID && e.rule === rule && e.kind === kind, 20_000);

  beforeAll(async () => {
    // The PRIVATE test server: a 4 MB cache that evicts, as hypersdk's does at 1 GB.
    redis = await startRedis(['--maxmemory', '4mb', '--maxmemory-policy', 'allkeys-lru']);
    client = testClient(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    client.on('error', () => undefined); // the server is killed on purpose below
    app = makeCore({ REDIS_URL: redis.url });
    app.core.on('alert.event', (e) => events.push(e));
  });
  afterAll(async () => {
    client.disconnect();
    await app.close();
    await redis.stop();
  });

  it('saves rules per connection over the defaults', async () => {
    expect((await app.call('alerts.rules.get', { id: ID })).find((r) => r.id === 'memory')).toEqual({ id: 'memory', threshold: 0.8, forSec: 0, clearSec: 30, muted: false });
    const saved = await app.call('alerts.rules.set', { id: ID, rules: RULES });
    expect(saved.map((r) => r.id)).toEqual(['memory', 'hitRate', 'evictions', 'latency', 'disconnected', 'imbalance', 'evictionSpike']);
    expect(saved.find((r) => r.id === 'disconnected')).toEqual({ id: 'disconnected', threshold: 0, forSec: 0, clearSec: 0, muted: false });
    expect(await app.core.invoke('alerts.rules.set', { id: ID, rules: [{ id: 'memory', threshold: 80, forSec: 0, clearSec: 0, muted: false }] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('memory: fires when used memory reaches the threshold, clears when it drops', async () => {
    await app.call('connections.open', { id: ID });
    const first = await app.next('metrics.sample', () => true);
    expect(first.memoryFraction).toBeLessThan(0.5);
    const fired = event('memory', 'fired');
    for (let i = 0; i < 150; i++) await client.set(`fill:${i}`, 'x'.repeat(10_000));
    const e = await fired;
    expect(e.value).toBeGreaterThanOrEqual(0.5);
    expect(e.message).toMatch(/of maxmemory \(alert at 50 %\)/);
    const active = await app.call('alerts.active', {});
    expect(active).toEqual([expect.objectContaining({ connectionId: ID, rule: 'memory', since: e.since })]);

    const cleared = event('memory', 'cleared');
    await client.flushdb();
    expect((await cleared).since).toBe(e.since);
    expect(await app.call('alerts.active', {})).toEqual([]);
  });

  it('evictions: fires after evicting for forSec, clears clearSec after evictions stop', async () => {
    const fired = event('evictions', 'fired');
    let firedYet = false;
    void fired.then(() => (firedYet = true));
    // Write past maxmemory until the alert fires: the server evicts all along.
    for (let i = 0; !firedYet; i++) await client.set(`big:${i}`, 'y'.repeat(50_000));
    const e = await fired;
    expect(e.at - e.since).toBeGreaterThanOrEqual(1000);
    expect(e.value).toBeGreaterThan(0);
    const quiet = app.next('metrics.sample', (m) => m.connectionId === ID && m.evictedPerSec === 0, 20_000);
    const cleared = await event('evictions', 'cleared'); // nothing writes any more
    expect(cleared.value).toBe(0);
    // Hysteresis: not on the first sample without evictions, but 2 s (clearSec) after it.
    expect(cleared.at - (await quiet).ts).toBeGreaterThanOrEqual(2000);
    expect(cleared.message).toMatch(/back within the limit for 2 s/);
    await client.flushdb();
    await event('memory', 'cleared');
  });

  it('disconnected: fires when the server dies, clears when it is back', async () => {
    const fired = event('disconnected', 'fired');
    await redis.kill();
    const e = await fired;
    expect(e.message).toMatch(/^Disconnected: /);
    expect((await app.call('alerts.active', {})).map((a) => a.rule)).toEqual(['disconnected']);
    const cleared = event('disconnected', 'cleared');
    await redis.restart();
    expect((await cleared).since).toBe(e.since);
    expect(await app.call('alerts.active', {})).toEqual([]);
  });

  it('keeps a history (newest first) and the rules on disk', async () => {
    const history = await app.call('alerts.history', { id: ID });
    // Exactly one firing per alert episode, each later cleared.
    expect(history.map((h) => `${h.rule}:${h.kind}`).reverse()).toEqual([
      'memory:fired',
      'memory:cleared',
      'memory:fired',
      'evictions:fired',
      'evictions:cleared',
      'memory:cleared',
      'disconnected:fired',
      'disconnected:cleared',
    ]);
    expect(history).toEqual([...events].reverse());
    expect(await app.call('alerts.history', { id: 'someone-else' })).toEqual([]);
    expect(await app.call('alerts.history', { limit: 2 })).toHaveLength(2);

    const again = createCore({ dataDir: app.dataDir, secrets: new KeyFileSecretBox(app.dataDir), mode: 'serve', version: 'test', env: { REDIS_URL: redis.url } });
    const rules = await again.invoke('alerts.rules.get', { id: ID });
    expect(rules.ok && (rules.value as AlertRule[]).find((r) => r.id === 'memory')).toEqual(RULES[0]);
    const persisted = await again.invoke('alerts.history', { id: ID });
    expect(persisted.ok && persisted.value).toEqual(history);
    await again.close();
  });
});
