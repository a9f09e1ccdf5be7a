import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectionState, MetricSample } from '../../shared/contract';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, tempDir, type TestCore } from '../helpers/core';
import { ask, pollUntil, testClient, type TestClient } from '../helpers/redis-client';
import { closedPort } from '../helpers/redis-server';
import { startSentinelSet, type TestSentinelSet } from '../helpers/redis-sentinel';
import { runCli } from '../helpers/run-cli';

// Issue 16: a Sentinel-managed primary, end to end — the CLI through --sentinel flags, the app's
// core through a failover, and the ways a Sentinel connection goes wrong, in words.
const SLOW = 180_000;
const DATA_PW = 'data-s3cret';
const SENTINEL_PW = 'sentinel-s3cret';

let set: TestSentinelSet;
let primary: TestClient;
let dataDir: string;

beforeAll(async () => {
  ensureNodeBuilt();
  set = await startSentinelSet({ password: DATA_PW, sentinelPassword: SENTINEL_PW });
  primary = testClient({ host: '127.0.0.1', port: set.primary.port, password: DATA_PW });
  dataDir = tempDir();
  const pipe = primary.pipeline();
  for (let i = 0; i < 300; i++) pipe.set(`session:${i}`, 'v'.repeat(20), 'EX', 3600);
  for (let i = 0; i < 200; i++) pipe.set(`user:${i}`, 'u');
  await pipe.exec();
}, SLOW);

afterAll(async () => {
  primary?.disconnect();
  await set?.stop();
});

const sentinelFlags = () => [...set.sentinels.flatMap((s) => ['--sentinel', `127.0.0.1:${s.port}`]), '--master-name', set.masterName];
/** Both passwords from the environment, as a script would keep them out of `ps`. */
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { CACHESCOPE_DATA_DIR: dataDir, REDISCLI_AUTH: DATA_PW, CACHESCOPE_SENTINEL_PASSWORD: SENTINEL_PW, ...env }, timeoutMs: 60_000 });

describe('the CLI through --sentinel … --master-name', () => {
  it('stats, analyze and invalidate reach the primary the sentinels name', { timeout: SLOW }, async () => {
    const stats = await cli(['stats', ...sentinelFlags(), '--count', '1', '--json']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout.trim())).toMatchObject({ keys: 500 });
    expect(stats.stderr).toBe('');

    const analyze = await cli(['analyze', ...sentinelFlags(), '--json']);
    expect(analyze.code, analyze.stderr).toBe(0);
    const report = JSON.parse(analyze.stdout) as { totals: { keys: number }; namespaces: { prefix: { utf8?: string }; keys: number }[] };
    expect(report.totals.keys).toBe(500);
    expect(Object.fromEntries(report.namespaces.map((n) => [n.prefix.utf8, n.keys]))).toMatchObject({ 'session:': 300, 'user:': 200 });

    const invalidate = await cli(['invalidate', ...sentinelFlags(), '--prefix', 'user:', '--yes', '--json']);
    expect(invalidate.code, invalidate.stderr).toBe(0);
    expect(JSON.parse(invalidate.stdout.trim().split('\n').pop()!)).toMatchObject({ state: 'done', deleted: 200 });
    expect(await primary.dbsize()).toBe(300);
  });

  it('takes Lettuce\'s redis-sentinel:// URL too (its password is the data nodes\')', { timeout: SLOW }, async () => {
    const hosts = set.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
    const r = await cli(['stats', '--url', `redis-sentinel://${DATA_PW}@${hosts}#${set.masterName}`, '--count', '1', '--json'], { REDISCLI_AUTH: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ keys: 300 });
  });

  it('a wrong master name, unreachable sentinels, a wrong or missing sentinel password: exit 3, in words', { timeout: SLOW }, async () => {
    const wrongName = await cli(['stats', ...sentinelFlags().slice(0, -1), 'no-such-master', '--count', '1']);
    expect(wrongName.code).toBe(3);
    expect(wrongName.stderr).toMatch(/No primary by that master name is known to the sentinels \("no-such-master" via sentinel 127\.0\.0\.1:\d+ \+2\): check the master name/);

    const port = await closedPort();
    const unreachable = await cli(['stats', '--sentinel', `127.0.0.1:${port}`, '--master-name', set.masterName, '--count', '1']);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(new RegExp(`None of the sentinels \\("${set.masterName}" via sentinel 127\\.0\\.0\\.1:${port}\\) could be reached: is Sentinel running and listening there`));

    const wrongPw = await cli(['stats', ...sentinelFlags(), '--count', '1'], { CACHESCOPE_SENTINEL_PASSWORD: 'wrong' });
    expect(wrongPw.code).toBe(3);
    expect(wrongPw.stderr).toMatch(/Wrong username or password for the sentinels .*: check the sentinels' own password/);
    expect(wrongPw.stderr).not.toContain('wrong');

    const noPw = await cli(['stats', ...sentinelFlags(), '--count', '1'], { CACHESCOPE_SENTINEL_PASSWORD: '' });
    expect(noPw.code).toBe(3);
    expect(noPw.stderr).toMatch(/The sentinels .* require a password: add the sentinels' password/);

    // The data nodes' password is another matter, and said so.
    const wrongData = await cli(['stats', ...sentinelFlags(), '--count', '1'], { REDISCLI_AUTH: 'wrong' });
    expect(wrongData.code).toBe(3);
    expect(wrongData.stderr).toMatch(/Wrong username or password for "mymaster" via sentinel/);
    for (const r of [wrongName, unreachable, wrongPw, noPw, wrongData]) expect(r.stderr).not.toMatch(/Unhandled|unexpected error/i);
  });
});

describe('the app through a SENTINEL FAILOVER', () => {
  let app: TestCore | undefined;
  afterAll(() => app?.close());

  it('a wrong master name is an error state in words, and the connection stops asking', { timeout: SLOW }, async () => {
    const wrong = makeCore({
      REDIS_SENTINELS: set.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
      REDIS_SENTINEL_MASTER: 'no-such-master',
      REDIS_SENTINEL_PASSWORD: SENTINEL_PW,
    });
    try {
      const tested = await wrong.core.invoke('profiles.test', { id: 'env-default' });
      expect(tested).toMatchObject({ ok: false, error: { code: 'HOST_NOT_FOUND', message: expect.stringMatching(/No primary by that master name is known to the sentinels/) } });
      const opened = await wrong.call('connections.open', { id: 'env-default' });
      const final = opened.status === 'error' ? opened : await wrong.next('connection.state', (s) => s.status === 'error', 30_000);
      expect(final).toMatchObject({ code: 'HOST_NOT_FOUND', reason: expect.stringMatching(/check the master name/) });
      // Retrying cannot help: after at most the round under way, no sentinel hears from it again.
      const connections = async () => {
        let n = 0;
        for (const s of set.sentinels) n += Number(/total_connections_received:(\d+)/.exec(String(await ask(s.port, ['INFO', 'stats'], { password: SENTINEL_PW })))?.[1]);
        return n;
      };
      let last = await connections();
      await pollUntil('no more sentinel connections for 3 s', 60_000, async () => {
        const t0 = Date.now();
        const before = (last = await connections());
        await new Promise((r) => setTimeout(r, 3000));
        // Our own INFO asks count too: one per sentinel per look.
        const now = await connections();
        return now - before <= set.sentinels.length ? null : `${now - before - set.sentinels.length} connections in ${Date.now() - t0} ms`;
      });
      expect(last).toBeGreaterThan(0);
    } finally {
      await wrong.close();
    }
  });

  it('polls on, reaches the new primary, says ready, and raises no unhandled error', { timeout: SLOW }, async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    const consoleErrors = vi.spyOn(console, 'error');
    try {
      app = makeCore({
        REDIS_SENTINELS: set.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
        REDIS_SENTINEL_MASTER: set.masterName,
        REDIS_SENTINEL_PASSWORD: SENTINEL_PW,
        REDIS_PASSWORD: DATA_PW,
      });
      const states: ConnectionState[] = [];
      const samples: MetricSample[] = [];
      app.core.on('connection.state', (s) => states.push(s));
      app.core.on('metrics.sample', (s) => samples.push(s));
      const opened = await app.call('connections.open', { id: 'env-default' });
      expect(opened).toMatchObject({ status: 'ready' });
      await app.next('metrics.sample', (s) => s.opsPerSec !== null, 30_000);
      expect(states.at(-1)?.server).toMatchObject({ mode: 'sentinel', role: 'master' });

      const before = (await set.currentPrimary()).port;
      await set.failover();
      const after = (await set.currentPrimary()).port;
      expect(after).not.toBe(before);

      // The poll connection moves to the new primary (ioredis asks the sentinels again)…
      await pollUntil('cachescope:poll on the new primary', 60_000, async () => {
        const list = String(await ask(after, ['CLIENT', 'LIST'], { password: DATA_PW }));
        return /name=cachescope:poll/.test(list) ? null : 'no cachescope:poll connection there yet';
      });
      // …and samples keep coming from it, the state ready with a master behind it.
      const t = Date.now();
      const fresh = await app.next('metrics.sample', (s) => s.ts > t && s.role === 'master', 60_000);
      expect(fresh.keys).toBe(300);
      const [state] = await app.call('connections.states', {});
      expect(state).toMatchObject({ status: 'ready', server: { mode: 'sentinel', role: 'master' } });
      expect(state?.reason).toBeUndefined();
      // Rates never go negative across the switch.
      for (const s of samples) for (const v of [s.opsPerSec, s.evictedPerSec, s.expiredPerSec]) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);

      // A write through the core lands on the new primary.
      await app.call('keys.ttl.set', { id: 'env-default', key: { utf8: 'session:1' }, ttlMs: null });
      expect(await ask(after, ['TTL', 'session:1'], { password: DATA_PW })).toBe(-1);
      expect(rejections).toEqual([]);
      expect(consoleErrors.mock.calls.map((c) => String(c[0])).filter((m) => /Unhandled error event/.test(m))).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      consoleErrors.mockRestore();
    }
  });
});
