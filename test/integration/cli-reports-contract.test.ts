import type Redis from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../shared/contract';
import { resolveInput } from '../../electron/core/profile/profile';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, type TestCore } from '../helpers/core';
import { testClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { startCli } from '../helpers/run-cli';

/**
 * `analyze` and `stats` reach the core through the contract (issue 14): a one-shot core's
 * analysis.direct and metrics.sample.now, and Ctrl-C cancelling the scan through keys.scan.cancel.
 */
beforeAll(() => {
  ensureNodeBuilt();
}, 60_000);

let redis: TestRedis | undefined;
let t: TestCore | undefined;
let monitor: Redis | undefined;
afterEach(async () => {
  monitor?.disconnect();
  monitor = undefined;
  await t?.close();
  t = undefined;
  await redis?.stop();
  redis = undefined;
});

async function seeded(keys: number): Promise<TestRedis> {
  const server = await startRedis();
  const seed = testClient({ host: server.host, port: server.port });
  const pipe = seed.pipeline();
  for (let i = 0; i < keys; i++) pipe.set(`item:${i}`, 'v');
  await pipe.exec();
  seed.disconnect();
  return server;
}

function oneShotCore(server: TestRedis): TestCore {
  const { profile } = resolveInput({ name: 'reports', host: server.host, port: server.port, pollIntervalMs: 500 }, 'cli');
  return makeCore({}, undefined, { mode: 'cli', session: profile, oneShot: true });
}

describe('analyze and stats through the contract', () => {
  it('metrics.sample.now polls a one-shot core (no poller): the second sample has rates, the first none', async () => {
    redis = await seeded(10);
    t = oneShotCore(redis);
    await t.call('connections.open', { id: 'cli' });
    const first = await t.call('metrics.sample.now', { id: 'cli' });
    expect(first.opsPerSec).toBeNull();
    expect(first.keys).toBe(10);
    await new Promise((r) => setTimeout(r, 600));
    const second = await t.call('metrics.sample.now', { id: 'cli' });
    expect(second.opsPerSec).not.toBeNull();
    expect(second.ts).toBeGreaterThan(first.ts);
  });

  it('analysis.direct reports with the given TTL rules and becomes what analysis.export writes', async () => {
    redis = await seeded(50);
    t = oneShotCore(redis);
    await t.call('connections.open', { id: 'cli' });
    const { report, state } = await t.call('analysis.direct', { id: 'cli', ttlRules: [{ pattern: 'item:*', requireTtl: true }], depth: 1 });
    expect(state).toBe('done');
    expect(report.totals.keys).toBe(50);
    expect(report.ttlViolations[0]?.count).toBe(50);
    const csv = await t.call('analysis.export', { id: 'cli', format: 'csv', table: 'violations' });
    expect(csv.content.split('\r\n')[1]).toMatch(/^item:\*,/);
  });

  it('analysis.direct is refused outside a one-shot core (it would take over the Keys tab\'s scan session)', async () => {
    redis = await seeded(5);
    t = makeCore({ REDIS_URL: redis.url });
    const [profile] = await t.call('profiles.list', {});
    await t.call('connections.open', { id: profile!.id });
    const reply = await t.core.invoke('analysis.direct', { id: profile!.id });
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it('Ctrl-C during analyze cancels the scan (keys.scan.cancel): the partial report, a note, exit 1', async () => {
    redis = await seeded(600);
    const cli = startCli(['analyze', '--json', '--throttle', '300', '--url', redis.url], { timeoutMs: 60_000 });
    // Under --throttle the scan runs one page at a time: at the second page script it is under way.
    monitor = testClient({ host: redis.host, port: redis.port });
    const m = await monitor.monitor();
    m.on('error', () => undefined);
    let pages = 0;
    await new Promise<void>((resolve) => m.on('monitor', (_time: string, args: string[]) => /^eval/i.test(args[0] ?? '') && ++pages === 2 && resolve()));
    m.disconnect();
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.stderr).toBe('Stopped: the report covers the keys scanned so far.\n');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as AnalysisReport;
    expect(report.complete).toBe(false);
    expect(report.totals.keys).toBeGreaterThan(0);
    expect(report.totals.keys).toBeLessThan(600);
  });
});
