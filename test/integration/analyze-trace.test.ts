import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../shared/contract';
import { ensureNodeBuilt } from '../helpers/build-node';
import { testClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';

/** What `npm run bench` reads to split an end-to-end run into phases (bench/suites/e2e.mjs). */
const PHASES = ['node bootstrapped', 'cli loaded', 'command loaded', 'connected', 'scan started', 'scan finished', 'report received', 'output formatted', 'closed', 'exit'];

let redis: TestRedis;
let seed: Redis;

beforeAll(async () => {
  ensureNodeBuilt();
  redis = await startRedis();
  seed = testClient({ host: redis.host, port: redis.port });
  const p = seed.pipeline();
  for (let i = 0; i < 3000; i++) p.set(`trace:${i}:v`, 'x', 'EX', 3600);
  await p.exec();
}, 120_000);

afterAll(async () => {
  seed?.disconnect();
  await redis?.stop();
});

describe('CACHESCOPE_TRACE', () => {
  it('=1: analyze says on stderr when each phase ended, in order, and its stdout is unchanged', async () => {
    const args = ['analyze', '--json', '--host', redis.host, '--port', String(redis.port)];
    const traced = await runCli(args, { env: { CACHESCOPE_TRACE: '1' }, timeoutMs: 60_000 });
    expect(traced.code).toBe(0);
    const lines = traced.stderr.trim().split('\n');
    expect(lines.map((l) => /^cachescope-trace (.+) \d+\.\d$/.exec(l)?.[1])).toEqual(PHASES);
    const at = lines.map((l) => Number(l.split(' ').pop()));
    // Milliseconds since the process started; the scan's own clock (Date.now) may differ by a few ms.
    for (let i = 1; i < at.length; i++) expect(at[i]! + 5).toBeGreaterThanOrEqual(at[i - 1]!);
    const report = JSON.parse(traced.stdout) as AnalysisReport;
    expect(report.totals.keys).toBe(3000);
    const [started, finished] = [at[PHASES.indexOf('scan started')]!, at[PHASES.indexOf('scan finished')]!];
    expect(Math.abs(finished - started - report.durationMs)).toBeLessThanOrEqual(1);
  });

  it('unset: nothing on stderr', async () => {
    const r = await runCli(['analyze', '--json', '--host', redis.host, '--port', String(redis.port)], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
