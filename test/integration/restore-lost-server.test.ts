import path from 'node:path';
import { testClient } from '../helpers/redis-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runRestore } from '../../electron/core/actions/restore';
import { UndoWriter, type UndoEntry, type UndoLine } from '../../electron/core/actions/undo-file';
import { resolveInput } from '../../electron/core/profile/profile';
import { connectOnce } from '../../electron/core/redis/connect-once';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { startCli } from '../helpers/run-cli';

/** A DUMP payload made by the server under test (the format is version-specific). */
async function dumpOf(redis: TestRedis, value: string): Promise<Buffer> {
  const c = testClient({ host: redis.host, port: redis.port });
  try {
    await c.set('template', value);
    const dump = (await c.dumpBuffer('template'))!;
    await c.del('template');
    return dump;
  } finally {
    c.disconnect();
  }
}

const entry = (i: number, dump: Buffer): UndoEntry => ({ key: Buffer.from(`k:${i}`), pttl: -1, dump, at: Date.now() });

let servers: TestRedis[] = [];
beforeAll(() => ensureNodeBuilt(), 120_000);
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});

describe('restore when the server goes away', () => {
  it('runRestore stops at the first entry the lost connection did not take, and counts none as failed', async () => {
    const redis = await startRedis();
    servers.push(redis);
    const dump = await dumpOf(redis, 'v');
    const { profile } = resolveInput({ name: 't', host: redis.host, port: redis.port });
    const client = await connectOnce(profile, 'cli');
    client.on('error', () => undefined);
    // Lines 2…1001 (line 1 is the header); the server dies when line 451 is asked for, after
    // two batches of 200 were written: the batch holding lines 402…601 meets a closed socket.
    async function* lines(): AsyncGenerator<UndoLine> {
      for (let i = 0; i < 1000; i++) {
        if (i === 449) await redis.kill();
        yield { line: i + 2, entry: entry(i, dump) };
      }
    }
    try {
      const r = await runRestore(client, lines(), { replace: false });
      expect(r.stopped).toMatchObject({ line: 402 });
      expect(r.stopped!.error.message).toMatch(/Connection is closed|ECONNRESET|EPIPE|Stream isn't writeable/);
      expect(r.counters).toMatchObject({ written: 400, failed: 0, errors: [] });
      expect(r.cancelled).toBe(false);
    } finally {
      client.disconnect();
    }
  });

  it('cachescope restore prints one summary (restored N of M, the line, how to resume) and exits 3', async () => {
    const redis = await startRedis();
    servers.push(redis);
    const dataDir = tempDir();
    const dump = await dumpOf(redis, 'x'.repeat(256));
    const file = path.join(dataDir, 'big.ndjson');
    const total = 50_000;
    const writer = await UndoWriter.create(file, { format: 'cachescope-undo', version: 1, createdAt: Date.now(), connectionId: 'cli', connectionName: 'test', server: `${redis.host}:${redis.port}`, db: 0, description: 'test' });
    for (let i = 0; i < total; i += 1000) await writer.append(Array.from({ length: 1000 }, (_, j) => entry(i + j, dump)));
    await writer.close(true);

    const watcher = testClient({ host: redis.host, port: redis.port, retryStrategy: () => null });
    watcher.on('error', () => undefined);
    const cli = startCli(['restore', '--url', redis.url, '--backup', file], { env: { CACHESCOPE_DATA_DIR: dataDir }, timeoutMs: 120_000 });
    try {
      // Kill the server once the restore has written its first keys (it has 50,000 to go).
      while ((await watcher.dbsize()) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await redis.kill();
    } finally {
      watcher.disconnect();
    }
    const result = await cli.done;
    const out = result.stdout + result.stderr;
    expect(result.code, out).toBe(3);
    expect(out).toMatch(new RegExp(`Restored \\d+ of ${total} keys`));
    expect(out).toMatch(/Stopped at line \d+: lost the connection to 127\.0\.0\.1:\d+/);
    expect(out).toMatch(/To resume, run the same command again/);
    expect(out.match(/Connection is closed/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(out.trim().split('\n').length).toBeLessThanOrEqual(3);
  });
});
