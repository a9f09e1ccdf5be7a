import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { closedPort, startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli, startCli } from '../helpers/run-cli';

const HITS = 30;
const MISSES = 10;

let plain: TestRedis;
let secured: TestRedis;
let seed: Redis;

beforeAll(async () => {
  ensureNodeBuilt();
  [plain, secured] = await Promise.all([startRedis(), startRedis(['--requirepass', 's3cret'])]);
  seed = testClient({ host: plain.host, port: plain.port, lazyConnect: true });
  await seed.connect();
  const pipe = seed.pipeline();
  for (let i = 0; i < HITS; i++) pipe.set(`hit:${i}`, 'v');
  for (let i = 0; i < 12; i++) pipe.set(`other:${i}`, 'v', 'EX', 3600);
  await pipe.exec();
  await seed.select(1);
  await seed.mset('a', '1', 'b', '2', 'c', '3');
  await seed.select(0);
});

afterAll(async () => {
  seed?.disconnect();
  await Promise.all([plain?.stop(), secured?.stop()]);
});

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** One atomic batch of exactly HITS hits and MISSES misses: an INFO cannot land in the middle of it. */
async function lookups(client: Redis): Promise<void> {
  const tx = client.multi();
  for (let i = 0; i < HITS; i++) tx.get(`hit:${i}`);
  for (let i = 0; i < MISSES; i++) tx.get(`missing:${i}`);
  await tx.exec();
}

describe('cachescope stats', () => {
  it('reports the interval hit rate of exactly 30 hits and 10 misses per interval, keys = DBSIZE, --count lines', async () => {
    // MONITOR shows each of the CLI's polls ("info all"); one batch right after each poll puts
    // exactly one batch in each interval, whatever the timing of the machine.
    const monitor = await seed.monitor();
    const traffic = testClient({ host: plain.host, port: plain.port });
    const sent: Promise<void>[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'info' && args[1] === 'all') sent.push(lookups(traffic));
    });
    try {
      const result = await runCli(['stats', '--json', '--count', '3', '--interval', '0.5', '--host', plain.host, '--port', String(plain.port)]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const lines = jsonLines(result.stdout);
      expect(lines).toHaveLength(3);
      const dbsize = await traffic.dbsize();
      expect(dbsize).toBe(HITS + 12);
      for (const line of lines) {
        for (const field of ['ts', 'hitRate', 'hitRateTotal', 'opsPerSec', 'usedMemory', 'maxMemory', 'evictedPerSec', 'expiredPerSec', 'connectedClients', 'keys'])
          expect(line).toHaveProperty(field);
        expect(line.hits).toBe(HITS);
        expect(line.misses).toBe(MISSES);
        expect(Math.abs((line.hitRate as number) - HITS / (HITS + MISSES))).toBeLessThanOrEqual(0.02);
        expect(line.keys).toBe(dbsize);
        expect(line.keysAllDbs).toBe(dbsize + 3);
        expect(line.maxMemory).toBe(0);
        expect(line.opsPerSec as number).toBeGreaterThan(0);
        expect(line.connectedClients as number).toBeGreaterThanOrEqual(3);
      }
      const ts = lines.map((l) => l.ts as number);
      expect(ts[1]! - ts[0]!).toBeGreaterThanOrEqual(400);
      expect(ts[2]! - ts[1]!).toBeGreaterThanOrEqual(400);
    } finally {
      await Promise.all(sent);
      monitor.disconnect();
      traffic.disconnect();
    }
  });

  it('says "no data" (null) for an interval without lookups, never 0 or 1', async () => {
    const result = await runCli(['stats', '--json', '--count', '1', '--interval', '0.5', '--url', plain.url]);
    expect(result.code).toBe(0);
    const [line] = jsonLines(result.stdout);
    expect(line!.hitRate).toBeNull();
    expect(line!.hits).toBe(0);
  });

  it('prints the server\'s lifetime hit rate beside the since-connected one, named apart (JSON and human)', async () => {
    // A fresh server whose only lookups are 3 hits and 1 miss made before the CLI runs: lifetime 0.75,
    // while the since-connected figure has no lookups to count (null / —).
    const fresh = await startRedis();
    const c = testClient({ host: fresh.host, port: fresh.port });
    try {
      await c.mset('k1', 'v', 'k2', 'v', 'k3', 'v');
      await c.get('k1');
      await c.get('k2');
      await c.get('k3');
      await c.get('absent');
      const info = await c.info('stats');
      expect(info).toMatch(/keyspace_hits:3\r?\n/);
      expect(info).toMatch(/keyspace_misses:1\r?\n/);
      const json = await runCli(['stats', '--json', '--count', '1', '--interval', '0.5', '--url', fresh.url]);
      expect(json.stderr).toBe('');
      expect(json.code).toBe(0);
      const [line] = jsonLines(json.stdout);
      expect(line!.hitRateLifetime).toBe(0.75);
      expect(line!.hitRateSinceConnected).toBeNull();
      expect(line!.hitRateTotal).toBeNull(); // kept for compatibility: the same figure as hitRateSinceConnected
      const human = await runCli(['stats', '--count', '1', '--interval', '0.5', '--url', fresh.url]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/ {2}lifetime hit 75\.0% {2}/);
      const help = await runCli(['stats', '--help']);
      expect(help.stdout).toMatch(/hitRateLifetime/);
      expect(help.stdout).toMatch(/hitRateSinceConnected/);
    } finally {
      c.disconnect();
      await fresh.stop();
    }
  });

  it('prints a compact human line per sample without --json', async () => {
    const result = await runCli(['stats', '--count', '2', '--interval', '0.5', '--port', String(plain.port), '--host', '127.0.0.1']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d {2}hit \S+ {2}lifetime hit \S+ {2}ops \S+\/s {2}mem .+ \/ no limit {2}evicted \S+\/s {2}expired \S+\/s {2}clients \d+ {2}keys 42 {2}latency [\d.]+ ms$/);
    expect(result.stderr).toMatch(/^Sampling 127\.0\.0\.1:\d+ db 0/);
  });

  it('honours REDIS_URL from the environment, db included, and never prints its password', async () => {
    const result = await runCli(['stats', '--json', '--count', '1', '--interval', '0.5'], { env: { REDIS_URL: `redis://:s3cret@127.0.0.1:${secured.port}/1` } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [line] = jsonLines(result.stdout);
    expect(line!.db).toBe(1);
    expect(line!.keys).toBe(0);
    expect(result.stdout + result.stderr).not.toContain('s3cret');
  });

  it('takes the password from REDISCLI_AUTH, and from --password without echoing it', async () => {
    const byEnv = await runCli(['stats', '--json', '--count', '1', '--interval', '0.5', '--port', String(secured.port), '--host', '127.0.0.1'], { env: { REDISCLI_AUTH: 's3cret' } });
    expect(byEnv.code).toBe(0);
    const byFlag = await runCli(['stats', '--count', '1', '--interval', '0.5', '--host', '127.0.0.1', '--port', String(secured.port), '--password', 's3cret']);
    expect(byFlag.code).toBe(0);
    for (const r of [byEnv, byFlag]) expect(r.stdout + r.stderr).not.toContain('s3cret');
    // A password on the command line shows in ps: one warning, pointing at REDISCLI_AUTH; none from the environment.
    expect(byFlag.stderr.match(/Warning: .*may not be safe.*REDISCLI_AUTH/g)).toHaveLength(1);
    expect(byEnv.stderr).not.toMatch(/may not be safe/);
  });

  it('exits 3 with a one-line reason naming the password when it is wrong or missing', async () => {
    for (const extra of [['--password', 'wrong-pw-123'], []]) {
      const result = await runCli(['stats', '--host', '127.0.0.1', '--port', String(secured.port), ...extra]);
      expect(result.code).toBe(3);
      expect(result.stdout).toBe('');
      // The reason is one line; --password also earns the warning that it shows in ps.
      const lines = result.stderr.trim().split('\n').filter((l) => !/^Warning: .*may not be safe/.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/password/i);
      expect(lines[0]).toContain(`127.0.0.1:${secured.port}`);
      expect(result.stderr).not.toMatch(/\n\s+at |Error:|wrong-pw-123/);
    }
  });

  it('exits 3 with "refused" when nothing listens on the port', async () => {
    const port = await closedPort();
    const result = await runCli(['stats', '--url', `redis://127.0.0.1:${port}`]);
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/refused/i);
  });

  it('exits 2 on a --url or REDIS_URL without a host, never trying 127.0.0.1', async () => {
    // --port names a closed port: before the fix the attempt is refused (exit 3) instead of meeting the local Redis.
    const port = String(await closedPort());
    for (const [args, env] of [
      [['--url', 'redis:///5'], {}],
      [['--url', 'redis://?db=2'], {}],
      [[], { REDIS_URL: 'redis:///5' }],
    ] as const) {
      const result = await runCli(['stats', '--count', '1', '--port', port, ...args], { env });
      expect(result.stderr).toMatch(/names no host/);
      expect(result.code).toBe(2);
    }
  });

  it.each([
    [['stats', '--bogus'], /Unknown option '--bogus'/],
    [['stats', '--port', 'abc'], /--port expects a whole number/],
    [['stats', '--interval', '0.2'], /--interval must be between 0.5 and 60/],
    [['stats', '--interval', '61'], /--interval must be between 0.5 and 60/],
    [['stats', '--count', '0'], /--count must be between 1/],
    [['stats', 'extra'], /Unexpected argument/],
    [['nosuchcommand'], /unknown command "nosuchcommand"/],
  ])('exits 2 on bad usage %j, with a one-line reason and a hint to --help', async (args, reason) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).toMatch(/--help/);
  });

  it('prints help and the version with exit 0', async () => {
    const help = await runCli(['stats', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--interval S/);
    expect(help.stdout).toMatch(/REDISCLI_AUTH/);
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/stats\s+Print hit rate/);
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('stops cleanly with exit 0 on SIGINT', async () => {
    const cli = startCli(['stats', '--json', '--interval', '0.5', '--url', plain.url]);
    await cli.line(1);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('exits 3 saying the connection was lost when the server goes away mid-run', async () => {
    const doomed = await startRedis();
    try {
      const cli = startCli(['stats', '--json', '--interval', '0.5', '--url', doomed.url]);
      await cli.line(1);
      await doomed.kill();
      const result = await cli.done;
      expect(result.code).toBe(3);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(new RegExp(`Lost the connection to 127\\.0\\.0\\.1:${doomed.port}`));
    } finally {
      await doomed.stop();
    }
  });
});
