import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract';
import { Poller } from '../../electron/core/metrics/poller';
import { SingleClientTarget } from '../../electron/core/redis/target';
import { startRedis, type TestRedis } from '../helpers/redis-server';

/**
 * A poll held up by the server (DEBUG SLEEP) and the poll right behind it: the second answers a
 * few ms after the first, and a rate over those ms is a lie (issue 13: 285 ops/s over 7 ms).
 * The waits here are the server's own DEBUG SLEEPs, not the test's clock.
 */
describe('Poller rates after a slow poll, on a real redis-server', () => {
  let redis: TestRedis;
  let client: Redis;
  let blocker: Redis;

  beforeAll(async () => {
    redis = await startRedis(['--enable-debug-command', 'yes']);
    client = testClient(redis.port, '127.0.0.1');
    blocker = testClient(redis.port, '127.0.0.1');
    client.on('error', () => {});
    blocker.on('error', () => {});
    await Promise.all([client.ping(), blocker.ping()]); // both ready before the first poll
  });
  afterAll(async () => {
    client.disconnect();
    blocker.disconnect();
    await redis.stop();
  });

  it('derives no rate from an interval below half the poll interval, and folds it into the next one', async () => {
    const intervalMs = 2000;
    const minMs = intervalMs / 2;
    const samples: MetricSample[] = [];
    const failures: unknown[] = [];
    // Polled by hand (never started): the test decides when each poll goes out.
    const poller = new Poller({ connectionId: 't', client, watch: (ms) => new SingleClientTarget(client).watch('poll', ms), intervalMs, timeoutMs: 60_000, onSample: (s) => samples.push(s), onFailure: (e) => failures.push(e) });
    await poller.pollOnce(); // the baseline
    const sleepAndPoll = async () => {
      const sleeping = blocker.call('DEBUG', 'SLEEP', '1.2'); // sent first: the poll queues behind it
      await poller.pollOnce();
      await sleeping;
    };
    await sleepAndPoll(); // slow: ≥ 1.2 s after the baseline
    await poller.pollOnce(); // right behind it: a few ms
    await sleepAndPoll(); // ≥ 1.2 s after the fast one
    expect(failures).toEqual([]);
    expect(samples).toHaveLength(4);

    // Replay the samples: each rate must span ≥ minMs from the last accepted sample, and the
    // applications' ops plus Cachescope's own equal Δcommands / Δt over that span.
    let base = samples[0]!;
    let folded = 0;
    for (const s of samples.slice(1)) {
      const dt = s.ts - base.ts;
      if (s.opsPerSec === null) {
        expect(s.folded).toBe(true);
        expect(dt).toBeLessThan(minMs);
        expect(s.hitsDelta).toBeNull();
        folded++;
        continue;
      }
      expect(dt).toBeGreaterThanOrEqual(minMs);
      expect(s.opsPerSec! + s.ownOpsPerSec!).toBeCloseTo((s.totalCommands - base.totalCommands) / (dt / 1000), 6);
      expect(s.opsPerSec).toBeGreaterThan(0); // the blocker's DEBUG SLEEP: an application's command
      base = s;
    }
    // The poll behind the slow one answered within ms on loopback: it was folded.
    expect(folded).toBe(1);
    expect(samples[3]!.opsPerSec).not.toBeNull();
  }, 60_000);
});
