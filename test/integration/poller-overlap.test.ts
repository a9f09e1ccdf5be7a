import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Poller } from '../../electron/core/metrics/poller';
import { SingleClientTarget } from '../../electron/core/redis/target';
import { startRedis, type TestRedis } from '../helpers/redis-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Poller on a server that stalls', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis(['--enable-debug-command', 'yes']);
  });
  afterAll(async () => redis.stop());

  it('never overlaps polls, times a stalled poll out, and resumes with a gap', async () => {
    const client = testClient(redis.port, '127.0.0.1', { enableOfflineQueue: false });
    const blocker = testClient(redis.port, '127.0.0.1');
    await new Promise((resolve) => client.once('ready', resolve));
    // Count concurrent INFO calls on the real client (a spy, the server is real).
    let inFlight = 0;
    let maxInFlight = 0;
    const realInfo = client.info.bind(client) as (section: string) => Promise<string>;
    (client as unknown as { info: (s: string) => Promise<string> }).info = async (section: string) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await realInfo(section);
      } finally {
        inFlight--;
      }
    };
    const failures: unknown[] = [];
    const samples: { gap?: boolean; opsPerSec: number | null }[] = [];
    const poller = new Poller({ connectionId: 't', client, watch: (ms) => new SingleClientTarget(client).watch('poll', ms), intervalMs: 500, timeoutMs: 700, onSample: (s) => samples.push(s), onFailure: (e) => failures.push(e) });
    poller.start();
    await sleep(1200);
    await blocker.call('DEBUG', 'SLEEP', '2'); // the server answers nothing for 2 s
    await sleep(1500);
    poller.stop();
    expect(maxInFlight).toBe(1);
    expect(failures.some((e) => String(e).includes('timed out'))).toBe(true);
    const gapSample = samples.find((s) => s.gap);
    expect(gapSample).toBeDefined();
    expect(gapSample!.opsPerSec).toBeNull();
    client.disconnect();
    blocker.disconnect();
  });
});
