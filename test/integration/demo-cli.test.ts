import { testClient } from '../helpers/redis-client';
import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../shared/contract/api';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli, startCli } from '../helpers/run-cli';

// Serve mode keeps a key file in its data folder: a private one, never the user's.
const dataDir = tempDir('cachescope-demo-cli-');
const env = { CACHESCOPE_DATA_DIR: dataDir };
let server: TestRedis;

beforeAll(async () => {
  ensureNodeBuilt();
  server = await startRedis(['--databases', '4']);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const STATUS = /^\d\d:\d\d:\d\d {2}ops \S+\/s {2}hit \S+( \(target \d+%\))? {2}sets \d+ {2}deletes \d+ .*keys [\d,]+ {2}mem [\d.]+ \w+( \/ [\d.]+ \w+)? {2}evicted [\d,]+$/;

function portState(port: number): Promise<'open' | 'closed'> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('open');
    });
    s.once('error', () => resolve('closed'));
  });
}

/** Running: exists and is not a zombie (this sandbox's init does not reap orphans). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The redis-server a demo started, from its first line. */
function started(line: string): { port: number; pid: number } {
  const m = /^Started redis-server on 127\.0\.0\.1:(\d+) \(pid (\d+), /.exec(line);
  expect(m, line).not.toBeNull();
  return { port: Number(m![1]), pid: Number(m![2]) };
}

describe('cachescope demo', () => {
  it('--no-open --ops 200 --keys 2000 --url: seeds, runs, prints status lines, stops cleanly on SIGINT', async () => {
    const cli = startCli(['demo', '--no-open', '--ops', '200', '--keys', '2000', '--url', `${server.url}/1`, '--interval', '0.5', '--profile', 'gomeet'], { env });
    expect(await cli.line(1)).toMatch(/^Using the server at 127\.0\.0\.1:\d+\.$/);
    expect(await cli.line(2)).toMatch(/^Seeded 2,000 keys of profile gomeet .* keys\/s\.$/);
    // No target unless asked: the hit rate emerges from the workload.
    expect(await cli.line(3)).toMatch(/^Cache-aside workload: 200 ops\/s, no hit-rate target/);
    // The command it names must work from a checkout: `cachescope` alone is not on PATH after npm install.
    expect(await cli.line(4)).toMatch(/^Dashboard not started \(--no-open\).* REDIS_URL=.+ npx cachescope serve$/);
    expect(await cli.line(5)).toMatch(STATUS);
    expect(await cli.line(6)).toMatch(STATUS);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^Stopped after [\d,]+ operations: hit rate [\d.]+%, [\d,]+ sets, [\d,]+ deletes\.$/);
    // Our server keeps running (the demo did not start it) with the demo's keys and counters.
    const c = testClient({ host: server.host, port: server.port, db: 1 });
    try {
      // gomeet's own invalidations (meeting:list:*, meeting:*:<id>) delete whole groups as it runs.
      expect(await c.dbsize()).toBeGreaterThan(1000);
      const stats = JSON.parse((await c.get('cache:stats'))!) as { hits: number };
      expect(stats.hits).toBeGreaterThan(0);
    } finally {
      c.disconnect();
    }
  });

  it('without --url starts its own redis-server and, on SIGINT, stops it: no process left, port closed', async () => {
    const cli = startCli(['demo', '--no-open', '--profile', 'hypersdk', '--keys', '3000', '--maxmemory', '16mb', '--interval', '0.5'], { env });
    const { port, pid } = started(await cli.line(1));
    expect(await cli.line(1)).toContain('maxmemory 16.0 MiB, allkeys-lru');
    await cli.line(5);
    expect(alive(pid)).toBe(true);
    const c = testClient({ host: '127.0.0.1', port, lazyConnect: true });
    await c.connect();
    expect(await c.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    c.disconnect();
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/redis-server stopped\.\n$/);
    expect(alive(pid)).toBe(false);
    expect(await portState(port)).toBe('closed');
  });

  it('serves the dashboard connected to the demo server unless --no-open', async () => {
    const cli = startCli(['demo', '--profile', 'skillup', '--keys', '500', '--interval', '0.5'], { env });
    const { port, pid } = started(await cli.line(1));
    const serving = await cli.line(4);
    const m = /^Cachescope is serving at (http:\/\/127\.0\.0\.1:(\d+)\/)#token=([0-9a-f]{64})$/.exec(serving);
    expect(m, serving).not.toBeNull();
    const [, pageUrl, servePort, token] = m!;
    expect((await fetch(pageUrl!)).status).toBeLessThan(500);
    // The dashboard's default connection (from REDIS_URL) is the demo's server.
    const ws = new WebSocket(`ws://127.0.0.1:${servePort}/ws?token=${token}`, { headers: { Origin: `http://127.0.0.1:${servePort}`, Host: `127.0.0.1:${servePort}` } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const reply = await new Promise<ServerFrame>((resolve) => {
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as ServerFrame;
        if (frame.type === 'reply' && frame.id === 1) resolve(frame);
      });
      ws.send(JSON.stringify({ type: 'invoke', id: 1, command: 'profiles.list', args: {} }));
    });
    ws.close();
    expect(reply).toMatchObject({ reply: { ok: true, value: expect.arrayContaining([expect.objectContaining({ source: 'env', host: '127.0.0.1', port })]) } });
    cli.child.kill('SIGTERM');
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(await portState(Number(servePort))).toBe('closed');
  });

  it('Ctrl-C while seeding a large dataset still removes the server it started', async () => {
    const cli = startCli(['demo', '--no-open', '--keys', '5000000', '--profile', 'vtp'], { env });
    // The first line is printed after the seed; the server's pid comes from its process list instead.
    const pid = await new Promise<number>((resolve) => {
      const poll = () => {
        void import('node:child_process').then(({ execFileSync }) => {
          let out = '';
          try {
            out = execFileSync('pgrep', ['-P', String(cli.child.pid), 'redis-server'], { encoding: 'utf8' });
          } catch {
            // not started yet
          }
          if (out.trim()) resolve(Number(out.trim().split('\n')[0]));
          else setTimeout(poll, 50);
        });
      };
      poll();
    });
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(alive(pid)).toBe(false);
  });

  it('a demo killed outright (SIGKILL) leaves its server behind; the next demo stops it', async () => {
    const first = startCli(['demo', '--no-open', '--keys', '100', '--interval', '0.5'], { env });
    const orphan = started(await first.line(1));
    first.child.kill('SIGKILL');
    await first.done;
    expect(alive(orphan.pid)).toBe(true);
    const second = startCli(['demo', '--no-open', '--keys', '100', '--interval', '0.5'], { env });
    const own = started(await second.line(1));
    expect(own.port).not.toBe(orphan.port);
    // SIGTERM was sent before the second server started; Redis takes a moment to exit.
    for (let i = 0; i < 200 && alive(orphan.pid); i++) await new Promise((r) => setTimeout(r, 25));
    expect(alive(orphan.pid)).toBe(false);
    second.child.kill('SIGINT');
    expect((await second.done).code).toBe(0);
    expect(alive(own.pid)).toBe(false);
  });

  it('refuses a --url database that holds keys, without writing', async () => {
    const c = testClient({ host: server.host, port: server.port, db: 2 });
    try {
      await c.set('precious', '1');
      const result = await runCli(['demo', '--no-open', '--keys', '10', '--url', `${server.url}/2`], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/db 2 on 127\.0\.0\.1:\d+ already holds 1 keys.*--force/);
      expect(await c.dbsize()).toBe(1);
    } finally {
      c.disconnect();
    }
  });

  it('says how to install redis-server when PATH has none', async () => {
    const result = await runCli(['demo', '--no-open'], { env: { ...env, PATH: '/nonexistent' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/redis-server was not found on PATH\. Install it .*apt-get install -y redis-server/);
  });

  it.each([
    [['demo', '--profile', 'nope'], /--profile must be one of vtp, gomeet, hypersdk, skillup, lms-phase4, all/],
    [['demo', '--port', '6380'], /--port needs --url or --host/],
    [['demo', '--hit-target', '1.5'], /--hit-target must be between 0 and 1/],
    [['demo', '--maxmemory', 'lots'], /--maxmemory expects a size/],
    [['demo', '--ops', '0'], /--ops must be between 1/],
  ])('exits 2 on bad usage %j', async (args, reason) => {
    const result = await runCli(args, { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
  });
});
