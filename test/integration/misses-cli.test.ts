import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MissesReport, TrafficSample } from '../../shared/contract';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { pollUntil, testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli, startCli, type RunningCli } from '../helpers/run-cli';

/** Resolves once the CLI's stderr holds `text`. */
function stderrHas(cli: RunningCli, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString('utf8');
      if (seen.includes(text)) {
        cli.child.stderr!.off('data', onData);
        resolve();
      }
    };
    cli.child.stderr!.on('data', onData);
    void cli.done.then((r) => reject(new Error(`the CLI exited (${r.code ?? r.signal}) before saying "${text}"; stderr: ${r.stderr}`)));
  });
}

describe('cachescope misses', () => {
  let redis: TestRedis;
  let client: TestClient;
  const setting = async () => ((await client.config('GET', 'notify-keyspace-events')) as string[])[1];
  beforeAll(() => ensureNodeBuilt(), 300_000);
  afterEach(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  const start = async () => {
    redis = await startRedis(['--notify-keyspace-events', 'xE']);
    client = testClient(redis.port, '127.0.0.1');
    const dataDir = tempDir();
    return { args: ['--host', '127.0.0.1', '--port', String(redis.port)], env: { CACHESCOPE_DATA_DIR: dataDir }, dataDir };
  };

  it('asks first: without --yes it changes nothing and says what it would change and what it costs', async () => {
    const { args, env } = await start();
    const r = await runCli(['misses', ...args, '--seconds', '1'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notify-keyspace-events .*"xE" -> "xEmeg\$".*publishes one message.*--yes/s);
    expect(await setting()).toBe('xE');
  });

  it('with --yes, watches until Ctrl-C and prints per-namespace misses and causes as JSON; the setting is put back', async () => {
    const { args, env } = await start();
    const cli = startCli(['misses', ...args, '--seconds', '3600', '--yes', '--json'], { env, timeoutMs: 60_000 });
    await stderrHas(cli, 'Watching key events');
    for (let i = 0; i < 12; i++) await client.get(`meeting:details:${i}`);
    for (let i = 0; i < 5; i++) await client.set(`feature_flag:f${i}`, '1');
    for (let i = 0; i < 5; i++) await client.del(`feature_flag:f${i}`);
    for (let i = 0; i < 5; i++) await client.get(`feature_flag:f${i}`);
    // Every reply above came back before the signal; the CLI drains its subscription before it reports.
    cli.child.kill('SIGINT');
    const r = await cli.done;
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as MissesReport;
    expect(report.totals).toEqual({ misses: 17, expired: 0, evicted: 0, deleted: 5, writes: 5 });
    expect(report.namespaces).toEqual([
      expect.objectContaining({ prefix: { utf8: 'meeting:details:' }, pattern: false, misses: 12, causes: { cold: 12, afterExpiry: 0, afterEviction: 0, afterDelete: 0 } }),
      expect.objectContaining({ prefix: { utf8: 'feature_flag:' }, misses: 5, writes: 5, deletes: 5, causes: { cold: 0, afterExpiry: 0, afterEviction: 0, afterDelete: 5 } }),
    ]);
    expect(report.seconds).toBeGreaterThan(0);
    expect(report.complete).toBe(true);
    expect(await setting()).toBe('xE');
  });

  it('with --sample, adds the traffic sample: per-namespace hit rates and the bookkeeping key', async () => {
    const { args, env } = await start();
    await client.set('cache:stats', '{}');
    const cli = startCli(['misses', ...args, '--seconds', '300', '--yes', '--sample', '--json'], { env, timeoutMs: 60_000 });
    await stderrHas(cli, 'sampling the traffic');
    let exited = '';
    void cli.done.then((d) => (exited = `the CLI exited ${d.code}: ${d.stderr}`));
    await pollUntil('MONITOR is attached', 20_000, async () => (/flags=O/.test(String(await client.client('LIST'))) ? null : exited || 'no monitor yet'));
    for (let i = 0; i < 10; i++) {
      await client.get('cache:stats');
      await client.set('cache:stats', '{}');
      await client.get(`user:profile:${i % 5}`); // 5 misses, then 5 hits
      await client.set(`user:profile:${i % 5}`, 'u');
    }
    cli.child.kill('SIGINT');
    const r = await cli.done;
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as MissesReport & { sample: TrafficSample };
    expect(out.sample).toMatchObject({ reads: 20, misses: 5, bookkeeping: [{ key: { utf8: 'cache:stats' }, reads: 10, share: 0.5, writes: 10, hitRateWithout: 0.5 }] });
    expect(out.sample.namespaces).toContainEqual({ prefix: { utf8: 'user:profile:' }, pattern: false, reads: 10, misses: 5, hitRate: 0.5 });
    expect(await setting()).toBe('xE');
  });

  it('after a run killed mid-watch, the next run puts the setting back before anything else', async () => {
    const { args, env, dataDir } = await start();
    const cli = startCli(['misses', ...args, '--seconds', '3600', '--yes'], { env, timeoutMs: 60_000 });
    await stderrHas(cli, 'Watching key events');
    cli.child.kill('SIGKILL');
    await cli.done;
    expect(await setting()).not.toBe('xE');
    const file = JSON.parse(readFileSync(path.join(dataDir, 'borrowed-settings.json'), 'utf8')) as { entries: { previous: string }[] };
    expect(file.entries).toMatchObject([{ previous: 'xE' }]);
    // No --yes: it only puts back what the killed run left, and then asks.
    const r = await runCli(['misses', ...args, '--seconds', '1'], { env });
    expect(r.stderr).toMatch(/Put notify-keyspace-events on 127\.0\.0\.1:\d+ back to "xE": an earlier run that did not stop had left "xEmeg\$"/);
    expect(r.code).toBe(2);
    await pollUntil('the setting is back', 5_000, async () => ((await setting()) === 'xE' ? null : String(await setting())));
  });
});
