import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { UndoWriter, type UndoEntry } from '../../electron/core/actions/undo-file';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { testClient, type TestClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { startCli } from '../helpers/run-cli';
import { rawAuditLines } from '../helpers/audit';

/**
 * A restore or a warm-up killed midway (SIGKILL: no chance to write an end line) still leaves an
 * audit entry: started, not finished, how many keys were written so far.
 */

const KEYS = 200_000;

beforeAll(() => ensureNodeBuilt(), 120_000);

let redis: TestRedis | undefined;
let watcher: TestClient | undefined;
afterEach(async () => {
  watcher?.disconnect();
  await redis?.stop();
  redis = undefined;
  watcher = undefined;
});

/** A backup of KEYS small string keys of db 0 on `redis`, written as an invalidation would. */
async function bigBackup(redis: TestRedis, c: TestClient, file: string): Promise<void> {
  await c.set('template', 'v');
  const dump = (await c.dumpBuffer('template'))!;
  await c.del('template');
  const at = Date.now();
  const writer = await UndoWriter.create(file, { format: 'cachescope-undo', version: 1, createdAt: at, connectionId: 'cli', connectionName: 'test', server: `${redis.host}:${redis.port}`, db: 0, description: 'test' });
  for (let i = 0; i < KEYS; i += 1000) await writer.append(Array.from({ length: 1000 }, (_, j): UndoEntry => ({ key: Buffer.from(`k:${i + j}`), pttl: -1, dump, at })));
  await writer.close(true);
}

async function until(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each([
  { command: 'restore', action: 'restore', args: (file: string) => ['restore', '--backup', file] },
  { command: 'warm --file', action: 'warm-file', args: (file: string) => ['warm', '--file', file] },
])('cachescope $command killed midway (SIGKILL)', ({ action, args }) => {
  it('leaves an unfinished audit entry with the count written so far', async () => {
    redis = await startRedis();
    watcher = testClient({ host: redis.host, port: redis.port });
    const dataDir = tempDir();
    const file = path.join(dataDir, 'big.ndjson');
    await bigBackup(redis, watcher, file);

    const run = startCli([...args(file), '--host', redis.host, '--port', String(redis.port)], { env: { CACHESCOPE_DATA_DIR: dataDir }, timeoutMs: 180_000 });
    // Once the first keys are written, hold writes for a moment: the batch after the pause ends
    // more than a checkpoint interval after the start, so the run writes a progress line.
    await until('the first restored keys', async () => (await watcher!.dbsize()) > 0);
    await watcher.call('CLIENT', 'PAUSE', '1500', 'WRITE');
    await until('a progress checkpoint', () => rawAuditLines(dataDir).some((e) => e.action === action && e.phase === 'progress' && (e.resultCount ?? 0) > 0));
    // Freeze it there (the server holds its writes), then kill it: it cannot write an end line.
    await watcher.call('CLIENT', 'PAUSE', '600000', 'WRITE');
    expect(run.child.exitCode, 'the run ended before it could be killed midway').toBeNull();
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    await watcher.call('CLIENT', 'UNPAUSE');
    const left = KEYS - (await watcher.dbsize());
    expect(left).toBeGreaterThan(0); // killed midway, not after the end

    const { entries } = await new AuditLog(path.join(dataDir, 'audit.jsonl')).list({ limit: 10 });
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({ action, outcome: 'unfinished', source: 'cli', db: 0 });
    expect(entry.resultCount).toBeGreaterThan(0);
    // The checkpoint lags the writes, never leads them.
    expect(entry.resultCount).toBeLessThanOrEqual(KEYS - left);
    expect(entry.message).toMatch(/^Started, not finished .* done so far\./);
    if (action === 'restore') expect(entry).toMatchObject({ undoFile: file });
  }, 240_000);
});
