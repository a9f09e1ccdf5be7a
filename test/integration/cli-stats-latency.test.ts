import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';

let redis: TestRedis;
let client: TestClient;

beforeAll(async () => {
  ensureNodeBuilt();
  redis = await startRedis();
  client = testClient(redis.port, '127.0.0.1');
});
afterAll(async () => {
  client.disconnect();
  await redis.stop();
});

/** GETs and SETs, one after another, until `stop` says so. */
async function traffic(stop: { done: boolean }): Promise<void> {
  for (let i = 0; !stop.done; i++) {
    await client.set(`k:${i % 50}`, 'v');
    await client.get(`k:${i % 50}`);
  }
}

describe('cachescope stats --latency', () => {
  it('--json adds latency {<command>: {p50, p99, p999}} in µs over each interval, GET, SET and the mix among them', async () => {
    const stop = { done: false };
    const running = traffic(stop);
    const result = await runCli(['stats', '--latency', '--json', '--count', '2', '--interval', '0.5', '--url', redis.url]).finally(() => (stop.done = true));
    await running;
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { latency: Record<string, { p50: number; p99: number; p999: number }>; latencySource: string });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.latencySource).toBe('histogram');
      for (const c of ['get', 'set', 'mix']) {
        const l = line.latency[c]!;
        expect(l.p50).toBeGreaterThan(0);
        expect(l.p50).toBeLessThanOrEqual(l.p99);
        expect(l.p99).toBeLessThanOrEqual(l.p999);
      }
      // Only the applications' commands are asked for: Cachescope's own polls are not in it.
      expect(line.latency['info']).toBeUndefined();
    }
  });

  it('prints the percentiles under each line for a person', async () => {
    const stop = { done: false };
    const running = traffic(stop);
    const result = await runCli(['stats', '--latency', '--count', '1', '--interval', '0.5', '--url', redis.url]).finally(() => (stop.done = true));
    await running;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/server latency p50\/p99\/p99\.9: GET [\d.]+ µs\/[\d.]+ µs\/[\d.]+ µs {2}SET .* {2}mix /);
  });

  it('a user denied LATENCY (as a server before 7.0 has none) gets commandstats means, said so', async () => {
    await client.call('ACL', 'SETUSER', 'nolatency', 'on', '>pw', '~*', '+@all', '-latency');
    const stop = { done: false };
    const running = traffic(stop);
    const url = `redis://nolatency:pw@127.0.0.1:${redis.port}`;
    const [json, human] = await Promise.all([
      runCli(['stats', '--latency', '--json', '--count', '1', '--interval', '0.5', '--url', url]),
      runCli(['stats', '--latency', '--count', '1', '--interval', '0.5', '--url', url]),
    ]).finally(() => (stop.done = true));
    await running;
    const line = JSON.parse(json.stdout.trim()) as { latency: Record<string, { p50: number; p99: number; p999: number }>; latencySource: string };
    expect(line.latencySource).toBe('commandstats');
    const get = line.latency['get']!;
    expect(get.p50).toBeGreaterThan(0);
    expect(get.p99).toBe(get.p50); // a mean, the same in every figure
    expect(human.stdout).toMatch(/server latency mean per call \(commandstats; no percentiles before Redis 7\.0\): GET [\d.]+ µs/);
  });
});
