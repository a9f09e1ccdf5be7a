import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { runCli } from '../helpers/run-cli';
import { allKeys, client } from './actions-helpers';

let redis: TestRedis;
let seed: Redis;
let db1: Redis;
let dataDir: string;

beforeAll(async () => {
  ensureNodeBuilt();
  redis = await startRedis();
  seed = client(redis);
  db1 = client(redis, 1);
  dataDir = tempDir();
}, 120_000);
afterAll(async () => {
  seed?.disconnect();
  db1?.disconnect();
  await redis?.stop();
});

const cli = (args: string[]) => runCli([...args, '--host', redis.host, '--port', String(redis.port)], { env: { CACHESCOPE_DATA_DIR: dataDir }, timeoutMs: 60_000 });
let n = 0;
const newFile = () => path.join(dataDir, `backup-${++n}.ndjson`);

/** A backup of db 0's key "k" (value "v"), made by the CLI. */
async function backupOfK(): Promise<string> {
  await seed.set('k', 'v');
  const file = newFile();
  const made = await cli(['invalidate', '--key', 'k', '--yes', '--backup', file]);
  expect(made.code, made.stderr).toBe(0);
  return file;
}

describe('cachescope restore into another target than the file names', () => {
  beforeEach(async () => {
    await seed.flushall();
  });

  it('refuses another db without --into-other-target (exit 2, both named, nothing written), restores there with it', async () => {
    const file = await backupOfK();
    const refused = await cli(['restore', '--backup', file, '--db', '1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`This file holds keys of db 0 on 127.0.0.1:${redis.port}, but the target is db 1 on 127.0.0.1:${redis.port}.`);
    expect(refused.stderr).toMatch(/--into-other-target/);
    expect(await db1.dbsize()).toBe(0);
    const done = await cli(['restore', '--backup', file, '--db', '1', '--into-other-target']);
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(await db1.get('k')).toBe('v');
    expect(await seed.exists('k')).toBe(0);
  });

  it('refuses a file whose header names another server', async () => {
    const file = await backupOfK();
    const [header, ...rest] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [JSON.stringify({ ...JSON.parse(header!), server: 'cache.example.com:6379' }), ...rest].join('\n'));
    const refused = await cli(['restore', '--backup', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`db 0 on cache.example.com:6379, but the target is db 0 on 127.0.0.1:${redis.port}`);
    expect(await seed.exists('k')).toBe(0);
  });

  it('rejects tampered lines by number (negative TTL, TTL over 10 years, key not base64) and restores only the sound ones', async () => {
    const file = await backupOfK();
    const [header, good] = readFileSync(file, 'utf8').split('\n');
    const entry = JSON.parse(good!) as { k: string; t: number; d: string; at: number };
    const year = 365 * 24 * 3600 * 1000;
    const tampered = [
      { ...entry, k: Buffer.from('neg').toString('base64'), t: -5 },
      { ...entry, k: Buffer.from('forever').toString('base64'), t: 20 * year },
      { ...entry, k: 'a2V5@!*?' }, // Buffer.from would quietly make "key" of it
      { ...entry, k: 'a2V5=a2V5' }, // …or stop at the first "="
    ];
    writeFileSync(file, [header, ...tampered.map((e) => JSON.stringify(e)), good, ''].join('\n'));
    const r = await cli(['restore', '--backup', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 2: the TTL \(t\) must be -1 \(none\) or a positive number of milliseconds, got -5/);
    expect(r.stdout).toMatch(/line 3: the TTL \(t\) of \d+ ms is over 10 years/);
    expect(r.stdout).toMatch(/line 4: the key \(k\) is not valid base64/);
    expect(r.stdout).toMatch(/line 5: the key \(k\) is not valid base64/);
    expect(await allKeys(seed)).toEqual(new Set(['k']));
  });
});

describe('cachescope warm --file of a backup follows the same target rule as restore', () => {
  beforeEach(async () => {
    await seed.flushall();
  });

  it('refuses another db without --into-other-target (exit 2, both named, nothing written), writes there with it', async () => {
    const file = await backupOfK();
    const refused = await cli(['warm', '--file', file, '--db', '1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`This file holds keys of db 0 on 127.0.0.1:${redis.port}, but the target is db 1 on 127.0.0.1:${redis.port}.`);
    expect(refused.stderr).toMatch(/--into-other-target/);
    expect(await db1.dbsize()).toBe(0);
    const done = await cli(['warm', '--file', file, '--db', '1', '--into-other-target']);
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(await db1.get('k')).toBe('v');
    expect(await seed.exists('k')).toBe(0);
  });

  it('refuses a backup whose header names another server; without --db, writes into the db the header names', async () => {
    const file = await backupOfK();
    const [header, ...rest] = readFileSync(file, 'utf8').split('\n');
    const elsewhere = newFile();
    writeFileSync(elsewhere, [JSON.stringify({ ...JSON.parse(header!), server: 'cache.example.com:6379' }), ...rest].join('\n'));
    const refused = await cli(['warm', '--file', elsewhere]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`db 0 on cache.example.com:6379, but the target is db 0 on 127.0.0.1:${redis.port}`);
    expect(await seed.exists('k')).toBe(0);

    // A backup of db 1 goes back to db 1 when no --db is given.
    const ofDb1 = newFile();
    writeFileSync(ofDb1, [JSON.stringify({ ...JSON.parse(header!), db: 1 }), ...rest].join('\n'));
    const done = await cli(['warm', '--file', ofDb1]);
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(await db1.get('k')).toBe('v');
    expect(await seed.exists('k')).toBe(0);
  });

  it('--into-other-target goes with --file only', async () => {
    const r = await cli(['warm', '--urls', newFile(), '--into-other-target']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--into-other-target goes with --file/);
  });
});
