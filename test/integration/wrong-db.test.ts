import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import type { ConnectionState } from '../../shared/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';
import { allKeys, client, openCore } from './actions-helpers';

/**
 * ioredis reports a failed SELECT (db ≥ the server's `databases`, 16 by default) only as an
 * 'error' event and then runs everything on db 0. Every client must refuse instead.
 */
let redis: TestRedis;
let seed: Redis;
let dataDir: string;

beforeAll(async () => {
  ensureNodeBuilt();
  redis = await startRedis();
  seed = client(redis);
  dataDir = tempDir();
}, 120_000);
afterAll(async () => {
  seed?.disconnect();
  await redis?.stop();
});

const cli = (args: string[]) => runCli(args, { env: { CACHESCOPE_DATA_DIR: dataDir }, timeoutMs: 60_000 });
const NO_DB_16 = /db 16 does not exist on this server: it has 16 databases, 0–15/;

describe('a db the server does not have', () => {
  beforeEach(async () => {
    await seed.flushall();
    await seed.mset('user:1', 'a', 'user:2', 'b', 'other', 'c');
  });

  it('cachescope flush --url …/16 --yes says why, exits 2 and leaves db 0 intact', async () => {
    const before = await allKeys(seed);
    const r = await cli(['flush', '--url', `${redis.url}/16`, '--yes']);
    expect(r.stderr).toMatch(NO_DB_16);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toMatch(/removed/);
    expect(await allKeys(seed)).toEqual(before);
  });

  it('cachescope invalidate --db 16 --yes says why, exits 2 and deletes nothing from db 0', async () => {
    const r = await cli(['invalidate', '--host', redis.host, '--port', String(redis.port), '--db', '16', '--prefix', 'user:', '--yes']);
    expect(r.stderr).toMatch(NO_DB_16);
    expect(r.code).toBe(2);
    expect(await seed.exists('user:1', 'user:2')).toBe(2);
  });

  it('cachescope restore of a backup whose header names db 99 writes nothing into db 0', async () => {
    const backup = path.join(dataDir, `db99-${Date.now()}.ndjson`);
    const made = await cli(['invalidate', '--url', redis.url, '--prefix', 'user:', '--yes', '--backup', backup]);
    expect(made.code, made.stderr).toBe(0);
    const [header, ...entries] = readFileSync(backup, 'utf8').split('\n');
    writeFileSync(backup, [JSON.stringify({ ...JSON.parse(header!), db: 99 }), ...entries].join('\n'));
    const r = await cli(['restore', '--host', redis.host, '--port', String(redis.port), '--backup', backup]);
    expect(r.stderr).toMatch(/db 99 does not exist on this server: it has 16 databases, 0–15/);
    expect(r.code).toBe(2);
    expect(await allKeys(seed)).toEqual(new Set(['other']));
  });

  it('a profile with db 20: the connection is not ready and says why, and a preview refuses', async () => {
    const { t, id } = await openCore(redis, { db: 20 });
    try {
      const explained = (s: ConnectionState) => s.id === id && /it has 16 databases/.test(s.reason ?? '');
      const later = t.next('connection.state', explained, 30_000);
      later.catch(() => undefined);
      const now = (await t.call('connections.states', {})).find((s) => s.id === id);
      const state = now && explained(now) ? now : await later;
      expect(state).toMatchObject({ status: 'error', code: 'NO_SUCH_DB', reason: expect.stringMatching(/db 20 does not exist on this server: it has 16 databases, 0–15/) });
      const preview = await t.core.invoke('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'user:' } } });
      expect(preview).toMatchObject({ ok: false, error: { code: 'NO_SUCH_DB', message: expect.stringMatching(/db 20 does not exist/) } });
      expect(await allKeys(seed)).toEqual(new Set(['user:1', 'user:2', 'other']));
    } finally {
      await t.close();
    }
  });
});
