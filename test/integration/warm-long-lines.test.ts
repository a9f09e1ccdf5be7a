import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewWarmSource, runWarmFile } from '../../electron/core/actions/warm-file';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';

/**
 * A warm line longer than the line limit is reported by number and skipped; the lines around
 * it are written. (Before the cap, every line became one string: a 60 MB line took 532 MB and
 * one over ~512 MB crashed the process with "RangeError: Invalid string length".)
 */
describe('warm file with an over-long line', () => {
  let redis: TestRedis;
  let seed: Redis;
  let dir: string;

  beforeAll(async () => {
    redis = await startRedis();
    seed = testClient(redis.port, '127.0.0.1');
    seed.on('error', () => {});
    dir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-warm-long-'));
  });
  afterAll(async () => {
    seed.disconnect();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cachescope warm skips a line over the default 16 MiB limit, says so, and writes the good lines', async () => {
    await seed.flushdb();
    const file = path.join(dir, 'big-line.ndjson');
    // Written a MiB at a time: the test holds no 20 MiB string either.
    const out = createWriteStream(file);
    out.write('{"key":"good:1","value":"one"}\n{"key":"too:big","value":"');
    const mib = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 20; i++) out.write(mib);
    out.end('"}\n{"key":"good:3","value":"three","ttl":60}\n');
    await finished(out);

    const r = await runCli(['warm', '--file', file, '--json', '--host', redis.host, '--port', String(redis.port)], { env: { CACHESCOPE_DATA_DIR: dir }, timeoutMs: 120_000 });
    expect(r.stderr).not.toMatch(/RangeError|at .*\.js:\d+/);
    expect(r.code).toBe(1); // some lines failed
    const result = JSON.parse(r.stdout) as { written: number; failed: number; lines: number; errors: { line: number; reason: string }[] };
    expect(result).toMatchObject({ written: 2, failed: 1, lines: 3 });
    expect(result.errors).toEqual([{ line: 2, reason: 'longer than the 16.0 MiB line limit (20.0 MiB): skipped' }]);
    expect(await seed.get('good:1')).toBe('one');
    expect(await seed.get('good:3')).toBe('three');
    expect(await seed.exists('too:big')).toBe(0);

    const human = await runCli(['warm', '--file', file, '--host', redis.host, '--port', String(redis.port)], { env: { CACHESCOPE_DATA_DIR: dir }, timeoutMs: 120_000 });
    expect(human.stdout).toMatch(/line 2: longer than the 16\.0 MiB line limit \(20\.0 MiB\): skipped/);
  }, 180_000);

  it('caps NDJSON lines and backup lines, each at its own limit, in the preview and the run', async () => {
    await seed.flushdb();
    const limits = { ndjson: 256, undo: 1024 };
    const long = `{"key":"long","value":"${'y'.repeat(300)}"}`;
    const ndjson = { content: ['{"key":"a","value":"1"}', long, '{"key":"b","value":"2"}'].join('\r\n') };
    const preview = await previewWarmSource(ndjson, limits);
    expect(preview).toMatchObject({ lines: 3, valid: 2, invalid: 1 });
    expect(preview.errors).toEqual([{ line: 2, reason: expect.stringMatching(/^longer than the 256 B line limit \(3\d\d B\): skipped$/) }]);
    const into = { host: redis.host, port: redis.port, db: 0, intoOtherTarget: false };
    const run = await runWarmFile(seed, ndjson, into, { lineLimits: limits });
    expect(run.counters).toMatchObject({ written: 2, failed: 1, scanned: 3 });
    expect(await seed.mget('a', 'b', 'long')).toEqual(['1', '2', null]);

    // A backup: its entries may be longer than an NDJSON line (a DUMP of a big value), up to the backup limit.
    await seed.set('mid', 'm'.repeat(400));
    await seed.set('huge', randomBytes(2000)); // random: the DUMP does not compress it
    const entry = async (key: string) => JSON.stringify({ k: Buffer.from(key).toString('base64'), t: -1, d: (await seed.dumpBuffer(key)).toString('base64'), at: Date.now() });
    const header = JSON.stringify({ format: 'cachescope-undo', version: 1, createdAt: Date.now(), connectionId: 't', connectionName: 't', server: `${redis.host}:${redis.port}`, db: 0, description: 'test' });
    const backup = { content: [header, await entry('mid'), await entry('huge')].join('\n') };
    await seed.flushdb();
    const bp = await previewWarmSource(backup, limits);
    expect(bp).toMatchObject({ format: 'undo', valid: 1, invalid: 1 });
    expect(bp.errors).toEqual([{ line: 3, reason: expect.stringMatching(/line limit \(\d\.\d+ KiB\): skipped$/) }]);
    const br = await runWarmFile(seed, backup, into, { lineLimits: limits });
    expect(br.counters).toMatchObject({ written: 1, failed: 1 });
    expect(await seed.get('mid')).toBe('m'.repeat(400));
    expect(await seed.exists('huge')).toBe(0);
  });
});
