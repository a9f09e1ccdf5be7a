import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../shared/contract';
import { ensureNodeBuilt } from '../helpers/build-node';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { startCli } from '../helpers/run-cli';

const KEYS = 600;

beforeAll(() => {
  ensureNodeBuilt();
}, 60_000);

let redis: TestRedis | undefined;
let monitor: Redis | undefined;
afterEach(async () => {
  monitor?.disconnect();
  monitor = undefined;
  await redis?.stop();
  redis = undefined;
});

async function seeded(): Promise<TestRedis> {
  const server = await startRedis();
  const seed = testClient({ host: server.host, port: server.port });
  const pipe = seed.pipeline();
  for (let i = 0; i < KEYS; i++) pipe.set(`item:${i}`, 'v');
  await pipe.exec();
  seed.disconnect();
  return server;
}

/**
 * Resolves once the CLI has sent its second page script. Under --throttle the scan runs one
 * page at a time, so by then the first page's reads are recorded: the scan is under way.
 */
async function secondPage(server: TestRedis): Promise<void> {
  monitor = testClient({ host: server.host, port: server.port });
  monitor.on('error', () => undefined);
  const m = await monitor.monitor();
  m.on('error', () => undefined);
  let pages = 0;
  await new Promise<void>((resolve) => {
    m.on('monitor', (_time: string, args: string[]) => {
      if (/^eval/i.test(args[0] ?? '') && ++pages === 2) resolve();
    });
  });
}

describe('cachescope analyze when the server restarts or freezes', () => {
  it('says the server restarted during the scan and reports own reads per server lifetime', async () => {
    redis = await seeded();
    const cli = startCli(['analyze', '--json', '--throttle', '300', '--url', redis.url], { timeoutMs: 120_000 });
    await secondPage(redis);
    monitor!.disconnect();
    await redis.kill();
    await redis.restart();
    const result = await cli.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AnalysisReport;
    expect(report.restarted).toBeDefined();
    const r = report.restarted!;
    expect(r.runIdAfter).not.toBe(r.runIdBefore);
    // The first pages' reads went to the lifetime that ended; the restarted server is empty.
    expect(r.readsBefore.hits).toBeGreaterThan(0);
    expect(r.readsAfter).toEqual({ hits: 0, misses: 0 });
    expect(r.readsBefore.hits + r.readsAfter.hits).toBe(report.serverReads.hits);
  });

  it('says so in words, without --json', async () => {
    redis = await seeded();
    const cli = startCli(['analyze', '--throttle', '300', '--url', redis.url], { timeoutMs: 120_000 });
    await secondPage(redis);
    monitor!.disconnect();
    await redis.kill();
    await redis.restart();
    const result = await cli.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/The server restarted during the scan \(run_id \w{8}… → \w{8}…\): own reads [1-9]\d* hits, 0 misses before the restart \(those counters are gone\), 0 hits, 0 misses since\./);
  });

  it('stops with a command timeout in words and exit 3 when the server freezes (SIGSTOP)', async () => {
    redis = await seeded();
    const frozen = redis;
    const cli = startCli(['analyze', '--throttle', '300', '--url', frozen.url], { timeoutMs: 120_000 });
    await secondPage(frozen);
    frozen.signal('SIGSTOP');
    try {
      const result = await cli.done;
      expect(result.code).toBe(3);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`The scan stopped: 127.0.0.1:${frozen.port} has not answered for 10 s: it may be paused (CLIENT PAUSE), busy (a slow command/script) or overloaded.`);
    } finally {
      frozen.signal('SIGCONT');
    }
  });
});
