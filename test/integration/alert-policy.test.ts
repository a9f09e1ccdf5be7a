import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule, MetricSample } from '../../shared/contract';
import { testClient } from '../helpers/redis-client';
import { startRedis } from '../helpers/redis-server';
import { makeCore } from '../helpers/core';

const ID = 'env-default';
const VALUE = 'v'.repeat(50_000); // ~40 of these fill the 2 MB servers below

/** A private 2 MB server under `policy`, Cachescope watching it with the default rules, every alert event kept. */
async function watched(policy: string) {
  const redis = await startRedis(['--maxmemory', '2mb', '--maxmemory-policy', policy]);
  const client = testClient(redis.port, '127.0.0.1');
  const app = makeCore({ REDIS_URL: redis.url });
  const events: AlertEvent[] = [];
  const samples: MetricSample[] = [];
  app.core.on('alert.event', (e) => events.push(e));
  app.core.on('metrics.sample', (s) => samples.push(s));
  await app.call('connections.open', { id: ID });
  await app.next('metrics.sample', (s) => s.maxMemoryPolicy === policy);
  return { redis, client, app, events, samples };
}

const rule = (rules: AlertRule[], id: AlertRule['id']) => rules.find((r) => r.id === id)!;
const fired = (events: AlertEvent[], id: AlertRule['id']) => events.filter((e) => e.rule === id && e.kind === 'fired');

describe('default alert rules follow the server\u2019s eviction policy (real redis-server)', () => {
  let run: Awaited<ReturnType<typeof watched>> | undefined;
  afterEach(async () => {
    run?.client.disconnect();
    await run?.app.close();
    await run?.redis.stop();
    run = undefined;
  });

  it('allkeys-lru: a full cache evicting steadily raises no memory or eviction alert, and the rules say why', async () => {
    run = await watched('allkeys-lru');
    const { client, app, events, samples } = run;
    const rules = await app.call('alerts.rules.get', { id: ID });
    expect(rule(rules, 'memory')).toMatchObject({ muted: true, note: expect.stringMatching(/^Off by default under allkeys-lru: memory at maxmemory is the design/) });
    expect(rule(rules, 'evictions')).toMatchObject({ muted: true, note: expect.stringMatching(/steady eviction rate is normal/) });
    expect(rule(rules, 'evictionSpike')).toMatchObject({ muted: false, threshold: 3 });

    // Write past maxmemory until five samples have seen memory at the limit and keys evicted.
    const full = (s: MetricSample) => (s.memoryFraction ?? 0) >= 0.8 && (s.evictedPerSec ?? 0) > 0;
    for (let i = 0; samples.filter(full).length < 5; i++) await client.set(`fill:${i}`, VALUE);
    expect(events).toEqual([]);

    // The same data under a rule the user turns on: it is evaluated, and fires at once (memory's "for" is 0).
    const memoryFires = app.next('alert.event', (e) => e.rule === 'memory' && e.kind === 'fired');
    const saved = await app.call('alerts.rules.set', { id: ID, rules: [{ ...rule(rules, 'memory'), muted: false }] });
    expect(rule(saved, 'memory').muted).toBe(false);
    expect((await memoryFires).value).toBeGreaterThanOrEqual(0.8);
    expect(fired(events, 'evictions')).toEqual([]);
  });

  it('allkeys-lru: an eviction alert keys on a jump in the rate, not on evictions happening', async () => {
    run = await watched('allkeys-lru');
    const { client, app, events, samples } = run;
    // Short windows so the test runs in a minute: the baseline is the 60 s before the last 1 s.
    const spike: AlertRule = { id: 'evictionSpike', threshold: 10, forSec: 1, clearSec: 0, muted: false };
    await app.call('alerts.rules.set', { id: ID, rules: [spike] });

    // A steady trickle of writes into a full cache (about 5 evictions/s) until 32 s of it has been sampled.
    const evicting = () => samples.filter((s) => s.evictedPerSec !== null && s.evictedPerSec > 0);
    const covered = () => {
      const e = evicting();
      return e.length > 0 ? e[e.length - 1]!.ts - e[0]!.ts : 0;
    };
    let i = 0;
    while (covered() < 32_000) {
      await client.set(`steady:${i++}`, VALUE);
      await new Promise((r) => setTimeout(r, 200)); // the workload's pace, not a wait for the result
    }
    expect(fired(events, 'evictionSpike')).toEqual([]);
    expect(fired(events, 'evictions')).toEqual([]);

    // A burst: pipelined writes as fast as the server takes them, until the jump is noticed.
    const jump = app.next('alert.event', (e) => e.rule === 'evictionSpike' && e.kind === 'fired', 30_000);
    let noticed = false;
    void jump.then(() => (noticed = true));
    while (!noticed) {
      const burst = client.pipeline();
      for (let k = 0; k < 50; k++) burst.set(`burst:${i++}`, VALUE);
      await burst.exec();
    }
    const e = await jump;
    expect(e.value).toBeGreaterThan(10);
    expect(e.message).toMatch(/^Eviction rate jump: [\d.]+ evictions\/s, [\d.]+× the 1 min before \([\d.]+\/s\) over 1 s \(alert above 10× its trailing baseline\)$/);
  });

  it('noeviction: memory at the limit is news (fires with the defaults); switched to allkeys-lru, the defaults follow and the alert is muted', async () => {
    run = await watched('noeviction');
    const { client, app, events } = run;
    const rules = await app.call('alerts.rules.get', { id: ID });
    expect(rule(rules, 'memory')).toEqual({ id: 'memory', threshold: 0.8, forSec: 0, clearSec: 30, muted: false });
    expect(rule(rules, 'evictionSpike')).toMatchObject({ muted: true, note: expect.stringMatching(/^Off by default under noeviction: any eviction is news there/) });

    const memoryFires = app.next('alert.event', (e) => e.rule === 'memory' && e.kind === 'fired');
    let full = false;
    void memoryFires.then(() => (full = true));
    for (let i = 0; !full; i++) {
      // Past the limit the server refuses writes (OOM); the alert still comes from the next sample.
      const refused = await client.set(`fill:${i}`, VALUE).then(
        () => false,
        (err: Error) => /OOM/.test(err.message),
      );
      if (refused) break;
    }
    expect((await memoryFires).value).toBeGreaterThanOrEqual(0.8);

    const muted = app.next('alert.event', (e) => e.rule === 'memory' && e.kind === 'cleared');
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    expect((await muted).message).toBe('Memory high: rule muted');
    const after = await app.call('alerts.rules.get', { id: ID });
    expect(rule(after, 'memory')).toMatchObject({ muted: true, note: expect.stringContaining('allkeys-lru') });
    expect(rule(after, 'evictionSpike').muted).toBe(false);
    expect(fired(events, 'evictions')).toEqual([]);
  });
});
