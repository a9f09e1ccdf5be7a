import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../helpers/core';
import type { TestRedis } from '../helpers/redis-server';
import { invalidate, lookups, startActionsServer, stopActionsServer, waitJob } from './actions-helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BIN = Buffer.from([0x75, 0x3a, 0xff, 0x00, 0x20, 0x2a]); // "u:\xff\0 *"

/** One key of every type, some with a TTL, one with a binary name. */
async function seedEveryType(r: Redis): Promise<Buffer[]> {
  await r.set('u:string', 'hello', 'EX', 100);
  await r.set(BIN, Buffer.from([0, 1, 2, 255]));
  await r.hset('u:hash', 'a', '1', 'b', '2');
  await r.expire('u:hash', 200);
  await r.rpush('u:list', 'x', 'y', 'z');
  await r.sadd('u:set', 'm1', 'm2');
  await r.pexpire('u:set', 50_000);
  await r.zadd('u:zset', 1, 'one', 2.5, 'two');
  await r.xadd('u:stream', '1-1', 'field', 'value');
  // Values beyond the small encodings (raw string, hashtable hash, skiplist zset).
  await r.set('u:big', 'x'.repeat(100_000));
  await r.hset('u:bighash', Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, `v${i}`])));
  await r.zadd('u:bigzset', ...Array.from({ length: 300 }, (_, i) => [i / 3, `m${i}`]).flat());
  return ['u:string', 'u:hash', 'u:list', 'u:set', 'u:zset', 'u:stream', 'u:big', 'u:bighash', 'u:bigzset'].map((k) => Buffer.from(k)).concat([BIN]);
}

/** A key's logical value (DUMP bytes of a hashtable set depend on its iteration order, so not those). */
async function valueOf(r: Redis, k: Buffer, type: string): Promise<unknown> {
  switch (type) {
    case 'string':
      return (await r.getBuffer(k))?.toString('base64');
    case 'hash':
      return Object.entries(await r.hgetall(k)).sort();
    case 'list':
      return r.lrange(k, 0, -1);
    case 'set':
      return (await r.smembers(k)).sort();
    case 'zset':
      return r.zrange(k, 0, -1, 'WITHSCORES');
    case 'stream':
      return r.xrange(k, '-', '+');
    default:
      return null;
  }
}

async function snapshot(r: Redis, keys: Buffer[]) {
  const out = new Map<string, { type: string; value: unknown; pttl: number }>();
  for (const k of keys) {
    const type = await r.type(k);
    out.set(k.toString('latin1'), { type, value: await valueOf(r, k, type), pttl: await r.pttl(k) });
  }
  return out;
}

describe('undo restores what an invalidation deleted', () => {
  let redis: TestRedis;
  let seed: Redis;
  let t: TestCore;
  let id: string;

  beforeAll(async () => {
    ({ redis, seed, t, id } = await startActionsServer());
  });
  afterAll(() => stopActionsServer({ redis, seed, t }));

  it('values, types and TTLs (within a second) of every type come back; recreated keys are skipped and reported unless replace', async () => {
    await seed.flushdb();
    const keys = await seedEveryType(seed);
    await seed.set('other', 'stays');
    const before = await snapshot(seed, keys);

    const ledgerBefore = await lookups(seed);
    const { preview, result } = await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'u:' } }, { undo: true });
    const ledgerAfter = await lookups(seed);
    expect(preview.matched).toBe(keys.length);
    expect(result).toMatchObject({ state: 'done', deleted: keys.length });
    expect(result.undoFile).toMatch(/\.undo\.ndjson$/);
    // DUMP + PTTL per key: two hits each, all recorded (and reported) as Cachescope's own reads.
    expect(result.serverReads).toEqual({ hits: 2 * keys.length, misses: 0 });
    expect({ hits: ledgerAfter.hits - ledgerBefore.hits, misses: ledgerAfter.misses - ledgerBefore.misses }).toEqual(result.serverReads);
    expect(await seed.dbsize()).toBe(1);

    const files = await t.call('actions.undoFiles', { id });
    expect(files[0]).toMatchObject({ file: result.undoFile, entries: keys.length, complete: true, db: 0, description: 'prefix "u:"' });

    // The app recreates one key meanwhile.
    await seed.set('u:string', 'recreated');
    const undo = await t.call('actions.undo', { id, undoFile: result.undoFile! });
    const restored = await waitJob(t, undo.jobId);
    expect(restored).toMatchObject({ state: 'done', written: keys.length - 1, skipped: 1, failed: 0 });
    expect(restored.skippedKeys).toEqual([{ utf8: 'u:string' }]);
    expect(await seed.get('u:string')).toBe('recreated');

    const after = await snapshot(seed, keys);
    for (const [k, b] of before) {
      if (k === 'u:string') continue;
      const a = after.get(k)!;
      expect(a.type, k).toBe(b.type);
      expect(a.value, k).toEqual(b.value);
      if (b.pttl < 0) expect(a.pttl, k).toBe(-1);
      else expect(Math.abs(a.pttl - b.pttl), k).toBeLessThan(1000);
    }

    // With replace, the recreated key gets its saved value (and TTL) back.
    const again = await waitJob(t, (await t.call('actions.undo', { id, undoFile: result.undoFile!, replace: true })).jobId);
    expect(again).toMatchObject({ state: 'done', written: keys.length, skipped: 0 });
    expect(await seed.get('u:string')).toBe('hello');
    expect(Math.abs((await seed.pttl('u:string')) - before.get('u:string')!.pttl)).toBeLessThan(1000);

    const audit = await t.call('audit.list', { connectionId: id });
    expect(audit.entries.map((e) => e.action)).toEqual(['undo', 'undo', 'invalidate']);
    expect(audit.entries[2]).toMatchObject({ previewCount: keys.length, resultCount: keys.length, outcome: 'ok', undoFile: result.undoFile, db: 0 });
  });

  it('keys whose TTL ran out since they were saved are not restored, and the result says so', async () => {
    await seed.flushdb();
    await seed.set('short:1', 'v', 'PX', 600);
    await seed.set('short:2', 'v');
    const { result } = await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'short:' } }, { undo: true });
    await sleep(700);
    const restored = await waitJob(t, (await t.call('actions.undo', { id, undoFile: result.undoFile! })).jobId);
    expect(restored).toMatchObject({ written: 1, skipped: 1 });
    expect(restored.message).toMatch(/1 keys had reached their TTL/);
    expect(await seed.exists('short:1')).toBe(0);
    expect(await seed.get('short:2')).toBe('v');
  });

  it('an undo file restores into another db only when the caller says so, and the refusal names both targets', async () => {
    await seed.flushdb();
    await seed.set('moved:1', 'a');
    const { result } = await invalidate(t, id, { kind: 'keys', keys: [{ utf8: 'moved:1' }] }, { undo: true });
    expect((await t.call('actions.undoFiles', { id }))[0]).toMatchObject({ file: result.undoFile, server: `127.0.0.1:${redis.port}`, db: 0 });
    const other = await t.call('profiles.save', { name: 'db 1', host: redis.host, port: redis.port, db: 1 });
    await t.call('connections.open', { id: other.id });
    const db1 = seed.duplicate({ db: 1 });
    try {
      const refused = await t.core.invoke('actions.undo', { id: other.id, undoFile: result.undoFile! });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!refused.ok) expect(refused.error.message).toContain(`This file holds keys of db 0 on 127.0.0.1:${redis.port}, but the target is db 1 on 127.0.0.1:${redis.port}.`);
      expect(await db1.dbsize()).toBe(0);
      const confirmed = await waitJob(t, (await t.call('actions.undo', { id: other.id, undoFile: result.undoFile!, intoOtherTarget: true })).jobId);
      expect(confirmed).toMatchObject({ state: 'done', written: 1 });
      expect(await db1.get('moved:1')).toBe('a');
      expect(await seed.exists('moved:1')).toBe(0);
    } finally {
      db1.disconnect();
      await t.call('connections.close', { id: other.id });
    }
  });

  it('undo files are named, not pathed: a crafted name outside the undo folder is refused', async () => {
    for (const undoFile of ['../profiles.json', '/etc/passwd', '..\\x.undo.ndjson', 'a/b.undo.ndjson']) {
      const r = await t.core.invoke('actions.undo', { id, undoFile });
      expect(r.ok).toBe(false);
    }
  });

  it('the undo file is NDJSON with a header and one line per key, readable without Cachescope', async () => {
    await seed.flushdb();
    await seed.set('n:1', 'a');
    const { result } = await invalidate(t, id, { kind: 'keys', keys: [{ utf8: 'n:1' }] }, { undo: true });
    const file = path.join(t.dataDir, 'undo', result.undoFile!);
    expect(existsSync(file)).toBe(true);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: 'cachescope-undo', version: 1, db: 0 });
    expect(lines[1]).toMatchObject({ k: Buffer.from('n:1').toString('base64'), t: -1 });
  });
});
