import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { startCli } from '../helpers/run-cli';
import { rawAuditLines } from '../helpers/audit';

/**
 * An invalidation that does not end normally — the server dies under it, or the CLI itself is
 * killed — still leaves the truth behind: what was deleted, and the undo file that holds it.
 */

const KEYS = 20_000;

beforeAll(() => ensureNodeBuilt(), 120_000);

let redis: TestRedis | undefined;
let seed: Redis | undefined;
afterEach(async () => {
  seed?.disconnect();
  await redis?.stop();
  redis = undefined;
  seed = undefined;
});

async function seeded(): Promise<{ redis: TestRedis; seed: Redis }> {
  redis = await startRedis();
  seed = testClient({ host: redis.host, port: redis.port, retryStrategy: () => null, lazyConnect: true });
  seed.on('error', () => undefined); // the server is killed under it on purpose
  await seed.connect();
  const pipe = seed.pipeline();
  for (let i = 0; i < KEYS; i++) pipe.set(`job:${i}`, `value-${i}`);
  await pipe.exec();
  return { redis, seed };
}

/** Resolves once the server holds fewer keys than at the start: the run has deleted some. */
async function someDeleted(client: Redis, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await client.dbsize()) >= KEYS) {
    if (Date.now() > deadline) throw new Error('no key was deleted in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function undoEntries(file: string): number {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length - 1; // minus the header line
}

describe('cachescope invalidate when the server is lost midway', () => {
  it('prints and audits how many keys were deleted and where the backup is, and exits 3', async () => {
    const { redis, seed } = await seeded();
    const dataDir = tempDir();
    const backup = path.join(dataDir, 'lost.ndjson');
    // Throttled so the run is still going when the server is killed.
    const run = startCli(['invalidate', '--prefix', 'job:', '--yes', '--backup', backup, '--throttle', '2000', '--host', redis.host, '--port', String(redis.port)], {
      env: { CACHESCOPE_DATA_DIR: dataDir },
      timeoutMs: 120_000,
    });
    await someDeleted(seed);
    await redis.kill();
    const r = await run.done;

    expect(r.code, r.stderr).toBe(3);
    const m = new RegExp(`Lost the connection to 127\\.0\\.0\\.1:${redis.port} after deleting (\\d+) keys \\((\\d+) examined\\)`).exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    const deleted = Number(m![1]);
    expect(deleted).toBeGreaterThan(0);
    expect(deleted).toBeLessThan(KEYS);
    // Values are saved before their batch is unlinked, so the backup holds every key that may be
    // gone — the confirmed ones and a batch whose UNLINK reply the lost socket never delivered.
    const saved = undoEntries(backup);
    expect(saved).toBeGreaterThanOrEqual(deleted);
    expect(r.stdout).toContain(`Backup: ${backup} (${saved} keys). Undo with: cachescope restore --backup ${JSON.stringify(backup)}`);
    expect(r.stderr).not.toMatch(/unexpected error/);

    const entry = rawAuditLines(dataDir).filter((e) => e.action === 'invalidate' && !e.phase).pop();
    expect(entry).toMatchObject({ outcome: 'failed', resultCount: deleted, undoFile: backup, previewCount: KEYS });
    expect(entry!.message).toMatch(/Lost the connection/);
  }, 180_000);
});

describe('cachescope invalidate killed midway (SIGKILL)', () => {
  it('leaves an audit entry: started, not finished, how many deleted so far, and the undo file', async () => {
    const { redis, seed } = await seeded();
    const dataDir = tempDir();
    const backup = path.join(dataDir, 'killed.ndjson');
    const run = startCli(['invalidate', '--prefix', 'job:', '--yes', '--backup', backup, '--throttle', '2000', '--host', redis.host, '--port', String(redis.port)], {
      env: { CACHESCOPE_DATA_DIR: dataDir },
      timeoutMs: 120_000,
    });
    // Wait for a progress checkpoint that counts deletions, then kill: no chance to write an end line.
    const deadline = Date.now() + 60_000;
    while (!rawAuditLines(dataDir).some((e) => e.phase === 'progress' && (e.resultCount ?? 0) > 0)) {
      if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`no checkpoint was written; lines: ${JSON.stringify(rawAuditLines(dataDir))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const left = await seed.dbsize();
    expect(left).toBeGreaterThan(0); // it was killed midway, not after the end

    const { entries } = await new AuditLog(path.join(dataDir, 'audit.jsonl')).list({ limit: 10 });
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({ action: 'invalidate', outcome: 'unfinished', previewCount: KEYS, undoFile: backup, source: 'cli' });
    expect(entry.resultCount).toBeGreaterThan(0);
    // The checkpoint lags the deletions, never leads them: every key it counts is gone and in the undo file.
    expect(entry.resultCount).toBeLessThanOrEqual(KEYS - left);
    expect(undoEntries(backup)).toBeGreaterThanOrEqual(entry.resultCount!);
    expect(entry.message).toMatch(/Started, not finished .* done so far\. Undo file: .*killed\.ndjson\./);
  }, 180_000);
});
