import { PINGS_PER_POLL } from '../../electron/core/metrics/poller';
import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, type TestCore } from '../helpers/core';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('INFO poller against a real redis-server', () => {
  let redis: TestRedis;
  let app: TestCore;
  let client: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    client = testClient(redis.port, '127.0.0.1');
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });
  afterEach(async () => app?.close());

  it("leaves a scan's own commands out of ops/s: the app's ops stay near zero while the scan's are their own series", async () => {
    const KEYS = 20_000;
    for (let i = 0; i < KEYS; i += 1000) {
      const pipe = client.pipeline();
      for (let j = i; j < i + 1000; j++) pipe.hset(`scanned:${j}`, 'f', 'v'); // aggregates: each sized twice
      await pipe.exec();
    }
    app = makeCore({ REDIS_URL: redis.url });
    const samples: MetricSample[] = [];
    app.core.on('metrics.sample', (s) => samples.push(s));
    await app.call('connections.open', { id: 'env-default' });
    await app.next('metrics.sample', () => true);
    const startIndex = samples.length;
    const { scanId } = await app.call('keys.scan.start', { id: 'env-default' });
    await app.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted', 60_000);
    await app.next('metrics.sample', () => true);
    await app.next('metrics.sample', () => true);
    let since = samples[startIndex - 1]!.ts;
    let appOps = 0;
    let ownOps = 0;
    for (const s of samples.slice(startIndex)) {
      if (s.folded) continue;
      appOps += (s.opsPerSec ?? 0) * ((s.ts - since) / 1000);
      ownOps += (s.ownOpsPerSec ?? 0) * ((s.ts - since) / 1000);
      since = s.ts;
    }
    // Per key TYPE, PTTL and two MEMORY USAGE (one sampled, one exact): ~4 commands.
    expect(ownOps).toBeGreaterThan(3.5 * KEYS);
    // What is left is the scan's SCAN calls and set-up (tens of commands), not its per-key reads.
    expect(appOps).toBeLessThan(0.01 * ownOps);
    await client.flushdb();
  });

  it('counts exactly the hits and misses the workload made, interval by interval', async () => {
    app = makeCore({ REDIS_URL: redis.url });
    const samples: MetricSample[] = [];
    app.core.on('metrics.sample', (s) => samples.push(s));
    await app.call('connections.open', { id: 'env-default' });
    await app.next('metrics.sample', () => true);
    const startIndex = samples.length;
    let commands = 0; // the workload's commands, counted as sent
    await client.mset('user:1', 'a', 'user:2', 'b', 'user:3', 'c');
    commands += 1;
    let hits = 0;
    let misses = 0;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 90; i++) if (await client.get(`user:${(i % 3) + 1}`)) hits++;
      for (let i = 0; i < 10; i++) if ((await client.get(`absent:${i}`)) === null) misses++;
      commands += 100;
      await sleep(1100);
    }
    await app.next('metrics.sample', () => true);
    const anchor = samples[startIndex - 1]!;
    const after = samples.slice(startIndex);
    const sum = (k: 'hitsDelta' | 'missesDelta') => after.reduce((a, s) => a + (s[k] ?? 0), 0);
    // The poller's own PING/INFO never count as keyspace lookups: the sums are exact.
    expect(sum('hitsDelta')).toBe(hits);
    expect(sum('missesDelta')).toBe(misses);
    const rated = after.filter((s) => s.hitRate !== null);
    expect(rated.length).toBeGreaterThan(0);
    // A poll may split a burst, so check the typical interval, not every one.
    const sorted = rated.map((s) => s.hitRate!).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeCloseTo(0.9, 1);
    const last = after[after.length - 1]!;
    expect(last.keys).toBe(await client.dbsize());
    // ops/s, integrated over the intervals (each spans from the last accepted poll: a folded
    // sample has no rate and the next one covers its time), gives back exactly the workload's
    // commands; the poller's own (PINGs and INFO per poll, and LATENCY HISTOGRAM after an interval
    // in which the workload ran) are their own series. Nothing else talks to this server. Only the
    // float rounding of each rate separates them.
    let since = anchor.ts;
    let integrated = 0;
    let ownIntegrated = 0;
    for (const s of after) {
      if (s.folded) continue;
      expect(s.opsPerSec).not.toBeNull();
      integrated += s.opsPerSec! * ((s.ts - since) / 1000);
      ownIntegrated += s.ownOpsPerSec! * ((s.ts - since) / 1000);
      since = s.ts;
    }
    expect(integrated).toBeCloseTo(commands, 3);
    expect(ownIntegrated).toBeCloseTo(last.totalCommands - anchor.totalCommands - commands, 3);
    expect(ownIntegrated).toBeGreaterThanOrEqual((PINGS_PER_POLL + 1) * after.length - 0.01);
    expect(ownIntegrated).toBeLessThanOrEqual((PINGS_PER_POLL + 2) * after.length + 0.01);
    expect(last.version).toMatch(/^\d+\.\d+/);
    expect(last.latencyMs).toBeGreaterThan(0);
    expect(last.maxMemory).toBe(0);
    expect(last.memoryFraction).toBeNull();
  });

  it('serves history to a newly opened window', async () => {
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('connections.open', { id: 'env-default' });
    await app.next('metrics.sample', (s) => s.opsPerSec !== null);
    const history = await app.call('metrics.history', { id: 'env-default' });
    expect(history.fine.length).toBeGreaterThanOrEqual(2);
    expect(history.fine.every((s, i, a) => i === 0 || s.ts > a[i - 1]!.ts)).toBe(true);
  });
});

describe('evictions under a small maxmemory', () => {
  it('shows evictions per second, the limit, the policy and the fraction used', async () => {
    const redis = await startRedis(['--maxmemory', '3mb', '--maxmemory-policy', 'allkeys-lru']);
    const app = makeCore({ REDIS_URL: redis.url });
    const client = testClient(redis.port, '127.0.0.1');
    try {
      await app.call('connections.open', { id: 'env-default' });
      await app.next('metrics.sample', () => true);
      const value = 'x'.repeat(10_000);
      const writer = (async () => {
        for (let i = 0; i < 1500; i++) await client.set(`product:${i}:details`, value);
      })();
      const s = await app.next('metrics.sample', (x) => (x.evictedPerSec ?? 0) > 0, 15_000);
      await writer;
      expect(s.evictedTotal).toBeGreaterThan(0);
      expect(s.maxMemory).toBe(3 * 1024 * 1024);
      expect(s.maxMemoryPolicy).toBe('allkeys-lru');
      expect(s.memoryFraction).toBeGreaterThan(0.5);
    } finally {
      client.disconnect();
      await app.close();
      await redis.stop();
    }
  });
});
