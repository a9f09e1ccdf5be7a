import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule, MetricSample } from '../../shared/contract';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { testClient, type TestClient } from '../helpers/redis-client';
import { makeCore, type TestCore } from '../helpers/core';

/** Every rule but `keep` muted, so only the rule under test can fire. */
function only(keep: AlertRule): AlertRule[] {
  const ids = ['memory', 'hitRate', 'evictions', 'latency', 'imbalance'] as const;
  return ids.map((id) => (id === keep.id ? keep : { id, threshold: 0, forSec: 0, clearSec: 0, muted: true }));
}

/** A slow command on the server: a Lua busy loop (~ms), then a GET. */
const SLOW = "local x = 0 for i = 1, 300000 do x = x + i end return redis.call('GET', KEYS[1])";

describe('alerts over windows and server latency, against a real redis-server', () => {
  let redis: TestRedis;
  let client: TestClient;
  let app: TestCore;
  let id: string;
  const events: AlertEvent[] = [];
  /** The workload's steps still running: awaited before the next test. */
  const work: Promise<unknown>[] = [];

  /** Open a fast-polling (500 ms) connection with these rules; `onSample` runs the workload's next step. */
  async function open(rules: AlertRule[]): Promise<void> {
    app = makeCore({});
    app.core.on('alert.event', (e) => events.push(e));
    id = (await app.call('profiles.save', { name: 'window test', url: redis.url, pollIntervalMs: 500 })).id;
    await app.call('alerts.rules.set', { id, rules });
    await app.call('connections.open', { id });
  }

  /** The next `n` samples of the connection (after the current one). */
  function samples(n: number, timeoutMs = 60_000): Promise<MetricSample[]> {
    const got: MetricSample[] = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${n} samples`)), timeoutMs);
      const off = app.core.on('metrics.sample', (s) => {
        if (s.connectionId !== id) return;
        got.push(s);
        if (got.length < n) return;
        clearTimeout(timer);
        off();
        resolve(got);
      });
    });
  }

  beforeAll(async () => {
    redis = await startRedis();
    client = testClient(redis.port, '127.0.0.1');
    await client.mset('hot', 'v', 'warm', 'v');
  });
  afterEach(async () => {
    await app?.close();
    await Promise.all(work);
    work.length = 0;
    events.length = 0; // after the close, whose 'connection closed' clears land here too
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('LMS: a workload averaging 85.7 % with samples above 90 % fires "hit rate < 90 % over 6 s"', async () => {
    await open(only({ id: 'hitRate', threshold: 0.9, forSec: 6, clearSec: 0, muted: false }));
    // One burst of 100 lookups after each sample, hit rates cycling 95 95 80 80 80 80 90 (85.7 %):
    // every 6 s window (12 polls) holds a whole cycle and part of the next, all below 90 %.
    const cycle = [95, 95, 80, 80, 80, 80, 90];
    let step = 0;
    let bursts = Promise.resolve();
    const off = app.core.on('metrics.sample', (s) => {
      if (s.connectionId !== id) return;
      const hits = cycle[step++ % cycle.length]!;
      const p = client.pipeline();
      for (let i = 0; i < 100; i++) p.get(i < hits ? 'hot' : `absent:${i}`);
      bursts = bursts.then(() => p.exec().then(() => undefined));
      work.push(bursts);
    });
    const seen: MetricSample[] = [];
    const offSeen = app.core.on('metrics.sample', (s) => s.connectionId === id && seen.push(s));
    const fired = await app.next('alert.event', (e) => e.connectionId === id && e.rule === 'hitRate' && e.kind === 'fired', 60_000);
    off();
    offSeen();
    await bursts;
    // Samples above 90 % were there: "every sample below for 6 s" would never have held.
    expect(seen.some((s) => s.hitRate !== null && s.hitRate > 0.9)).toBe(true);
    expect(fired.value).toBeGreaterThan(0.8);
    expect(fired.value).toBeLessThan(0.9);
    expect(fired.at - fired.since).toBe(6000);
    expect(fired.message).toMatch(/hit rate over 6 s \(alert below 90 %\)/);
  });

  it('the server latency moves under a slow load: the mix p99 and EVAL p99 rise, GET stays fast, and the default latency rule fires', async () => {
    await open(only({ id: 'latency', threshold: 1, forSec: 2, clearSec: 0, muted: false }));
    // A quiet baseline: fast GETs only.
    let slow = false;
    const off = app.core.on('metrics.sample', (s) => {
      if (s.connectionId !== id) return;
      work.push(
        (async () => {
          const p = client.pipeline();
          for (let i = 0; i < 300; i++) p.get('hot'); // enough GETs that one descheduled GET is not the p99
          await p.exec();
          if (slow) for (let i = 0; i < 20; i++) await client.eval(SLOW, 1, 'hot');
        })(),
      );
    });
    const quiet = (await samples(4)).slice(1);
    for (const s of quiet) {
      expect(s.serverLatency?.source).toBe('histogram');
      expect(s.serverLatency!.commands['mix']!.p99).toBeLessThan(1000);
    }
    expect(events.map((e) => e.message)).toEqual([]);
    slow = true;
    const fired = await app.next('alert.event', (e) => e.connectionId === id && e.rule === 'latency' && e.kind === 'fired', 60_000);
    const [after] = await samples(1);
    off();
    expect(fired.message).toMatch(/ms server p99 \(all app commands\) over 2 s/);
    expect(fired.value).toBeGreaterThan(1);
    const l = after!.serverLatency!;
    expect(l.commands['eval']!.p99).toBeGreaterThanOrEqual(1000);
    expect(l.commands['get']!.p99).toBeLessThan(1000); // the GETs inside the scripts are fast too
    expect(after!.latencyStats?.['eval']?.p99).toBeGreaterThanOrEqual(1000);
  });

  it('VTP: a noisy client (busy event loop) with an idle server does not fire the default latency rule; the round-trip rule does', async () => {
    await open(only({ id: 'latency', threshold: 0.5, forSec: 2, clearSec: 0, muted: false }));
    const off = app.core.on('metrics.sample', (s) => {
      if (s.connectionId !== id) return;
      // 300 GETs an interval: a p99 is then not one GET the OS happened to deschedule.
      const p = client.pipeline();
      for (let i = 0; i < 300; i++) p.get('hot');
      work.push(p.exec());
    });
    // A loaded desktop: this process's event loop busy 3 ms of every 4, so replies wait to be read.
    const noise = setInterval(() => {
      const end = performance.now() + 3;
      while (performance.now() < end);
    }, 1);
    try {
      const seen = await samples(12);
      const tail = seen.slice(6); // past the 2 s window
      // The round trip was over the limit (the noise worked), the server's p99 was not.
      const trips = tail.map((s) => s.latencyMs!).sort((a, b) => a - b);
      expect(trips[Math.floor(trips.length / 2)]).toBeGreaterThan(0.5);
      for (const s of tail) expect(s.serverLatency!.commands['mix']!.p99).toBeLessThan(500);
      expect(events.filter((e) => e.rule === 'latency').map((e) => `${e.kind} ${e.message}`)).toEqual([]);
      await app.call('alerts.rules.set', { id, rules: [{ id: 'latency', threshold: 0.5, forSec: 2, clearSec: 0, muted: false, latencyOf: 'roundTrip' }] });
      const fired = await app.next('alert.event', (e) => e.connectionId === id && e.rule === 'latency' && e.kind === 'fired', 60_000);
      expect(fired.message).toMatch(/ms round trip/);
    } finally {
      clearInterval(noise);
      off();
    }
  });
});
