import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/contract';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { startCli } from '../helpers/run-cli';

// A server that answers late (CLIENT PAUSE, DEBUG SLEEP) is slow or paused, not lost: the poll
// times out after 2 s on an open socket. The stalls below last well beyond that, so a busy
// machine still sees at least one poll time out inside them.
const STALL_MS = 6000;

let redis: TestRedis;
let admin: Redis;

beforeAll(async () => {
  ensureNodeBuilt();
  redis = await startRedis(['--enable-debug-command', 'yes']);
  admin = testClient({ host: redis.host, port: redis.port, lazyConnect: true });
  admin.on('error', () => undefined);
  await admin.connect();
}, 60_000);

afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('a paused or busy server is slow, not lost', () => {
  it.each([
    ['CLIENT PAUSE', () => admin.call('CLIENT', 'PAUSE', String(STALL_MS))],
    // DEBUG SLEEP blocks the whole server, the admin connection too: do not wait for its reply.
    ['DEBUG SLEEP', () => void admin.call('DEBUG', 'SLEEP', String(STALL_MS / 1000)).catch(() => undefined)],
  ])('stats waits through %s, says the server may be paused or busy, and keeps sampling (exit 0)', async (_name, stall) => {
    const cli = startCli(['stats', '--json', '--count', '3', '--interval', '0.5', '--url', redis.url], { timeoutMs: 60_000 });
    await cli.line(1);
    await stall();
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`127.0.0.1:${redis.port} has not answered for 2 s: it may be paused (CLIENT PAUSE), busy (a slow command/script) or overloaded.`);
    expect(result.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${redis.port} answered again after`));
    expect(result.stderr).not.toMatch(/firewall|Lost the connection/);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(3);
    // The first sample after the stall is a gap: no rate across it.
    const gap = lines.find((l) => l.gap === true);
    expect(gap).toBeDefined();
    expect(gap!.opsPerSec).toBeNull();
  });

  it("the core's connection state during CLIENT PAUSE is ready with code SLOW, then clears; the next sample is a gap", async () => {
    const app = makeCore({ REDIS_URL: redis.url });
    try {
      const states: ConnectionState[] = [];
      app.core.on('connection.state', (s) => states.push(s));
      await app.call('connections.open', { id: 'env-default' });
      await app.next('metrics.sample', () => true, 20_000);
      const slow = app.next('connection.state', (s) => s.code === 'SLOW', 30_000);
      await admin.call('CLIENT', 'PAUSE', String(STALL_MS));
      const during = await slow;
      expect(during.status).toBe('ready');
      expect(during.reason).toBe(`127.0.0.1:${redis.port} has not answered for 2 s: it may be paused (CLIENT PAUSE), busy (a slow command/script) or overloaded.`);
      const after = await app.next('metrics.sample', (s) => s.gap === true, 30_000);
      expect(after.opsPerSec).toBeNull();
      const last = states.at(-1)!;
      expect(last.status).toBe('ready');
      expect(last.code).toBeUndefined();
      expect(states.map((s) => s.status)).not.toContain('reconnecting');
      expect(states.map((s) => s.code)).not.toContain('TIMEOUT');
    } finally {
      await app.close();
    }
  });
});
