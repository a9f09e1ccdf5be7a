import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeInvalidate } from '../../electron/core/actions/execute-invalidate';
import { runRestore } from '../../electron/core/actions/restore';
import { TeeLedger } from '../../electron/core/actions/tee-ledger';
import { openUndoFile, type UndoHeader } from '../../electron/core/actions/undo-file';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { client } from './actions-helpers';

const HEADER: UndoHeader = { format: 'cachescope-undo', version: 1, createdAt: 0, connectionId: 'c', connectionName: 'c', server: 's', db: 0, description: 'prefix "r:"' };

describe('the invalidation engine at its undo limit', () => {
  let redis: TestRedis;
  let r: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    r = client(redis);
  });
  afterAll(async () => {
    r?.disconnect();
    await redis?.stop();
  });

  it('stops before the undo file would pass its limit; what it deleted is exactly what the file restores', async () => {
    const pipe = r.pipeline();
    for (let i = 0; i < 60; i++) pipe.set(`r:${i}`, randomBytes(1024)); // incompressible: DUMP ≈ 1 KiB each
    await pipe.exec();
    const file = path.join(tempDir(), 'limit.undo.ndjson');
    const env = { nodes: [r], client: r, ledger: new TeeLedger(null), groupKeys: <T,>(keys: T[]) => (keys.length ? [keys] : []) };
    const outcome = await executeInvalidate(env, { kind: 'scan', pattern: Buffer.from('r:*') }, { undo: { file, header: HEADER, limitBytes: 40 * 1024 } });

    expect(outcome.end.state).toBe('stopped');
    if (outcome.end.state === 'stopped') expect(outcome.end.reason).toMatch(/undo file reached its limit/);
    const deleted = outcome.counters.deleted;
    expect(deleted).toBeGreaterThan(0);
    expect(deleted).toBeLessThan(60);
    expect(outcome.undo!.meta).toMatchObject({ entries: deleted, complete: false });
    expect(outcome.undo!.meta.bytes).toBeLessThanOrEqual(40 * 1024);
    expect(await r.dbsize()).toBe(60 - deleted);

    const { entries } = await openUndoFile(file);
    const { counters } = await runRestore(r, entries, { replace: false });
    expect(counters).toMatchObject({ written: deleted, skipped: 0, failed: 0 });
    expect(await r.dbsize()).toBe(60);
  });
});
