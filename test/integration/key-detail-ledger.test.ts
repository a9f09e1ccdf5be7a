import { rmSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState, MetricSample, StreamPage } from '../../shared/contract';
import { Connection } from '../../electron/core/connections/connection';
import { resolveInput } from '../../electron/core/profile/profile';
import { keyDetail, valuePage } from '../../electron/core/key-detail/detail';
import { downloadValue } from '../../electron/core/key-detail/download';
import { setTtl } from '../../electron/core/key-detail/ttl';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { Auditor } from '../../electron/core/audit/auditor';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, tempDir } from '../helpers/core';

async function keyspace(client: Redis): Promise<{ hits: number; misses: number }> {
  const info = await client.info('stats');
  return { hits: Number(/keyspace_hits:(\d+)/.exec(info)![1]), misses: Number(/keyspace_misses:(\d+)/.exec(info)![1]) };
}

/** Error replies the server has sent, by prefix (INFO errorstats): {ERR: 4, EXECABORT: 1}. */
async function errorReplies(client: Redis): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of (await client.info('errorstats')).matchAll(/^errorstat_(\w+):count=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

const k = (s: string) => Buffer.from(s);

describe("Cachescope's key reads are all in the ledger; NO-TOUCH", () => {
  let redis: TestRedis;
  let client: Redis;
  const opened: Connection[] = [];
  const dir = tempDir('cachescope-ledger-');
  const auditor = new Auditor(new AuditLog(path.join(dir, 'audit.jsonl')), 'serve', null);

  async function connect(fakeVersion?: string): Promise<Connection> {
    const { profile } = resolveInput({ name: 'ledger test', url: redis.url });
    const conn = new Connection(profile, { onState: () => undefined, onSample: () => undefined });
    opened.push(conn);
    await conn.open();
    // Connect the values client now: ioredis's CLIENT SETINFO on connect is an error reply on 7.0.
    await conn.target.client('values').ping();
    if (fakeVersion) {
      // The same server, claiming a version that has CLIENT NO-TOUCH.
      const real = Object.getOwnPropertyDescriptor(Connection.prototype, 'state')!.get!;
      Object.defineProperty(conn, 'state', { get: (): ConnectionState => ({ ...real.call(conn), server: { version: fakeVersion, role: 'master', mode: 'standalone' } }) });
    }
    return conn;
  }

  beforeAll(async () => {
    redis = await startRedis();
    client = testClient(redis.port, '127.0.0.1');
    await client.set('s', 'x'.repeat(200_000));
    await client.hset('h', ...Array.from({ length: 2000 }, (_, i) => [`f${i}`, `v${i}`]).flat());
    await client.rpush('l', ...Array.from({ length: 300 }, (_, i) => `i${i}`));
    await client.sadd('st', ...Array.from({ length: 50 }, (_, i) => `m${i}`));
    await client.zadd('z', 1, 'a', 2, 'b');
    for (let i = 0; i < 150; i++) await client.xadd('x', '*', 'n', String(i));
    await client.set('retyped', 'string now');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the INFO keyspace_hits/misses delta around detail, paging, download and TTL reads equals the ledger', async () => {
    const conn = await connect();
    const server0 = await keyspace(client);
    const own0 = conn.ledger.totals();

    for (const key of ['s', 'h', 'l', 'st', 'z', 'x']) await keyDetail(conn, k(key));
    await valuePage(conn, k('s'), { type: 'string', offset: 65_536, count: 65_536 });
    let cursor: string | null = '0';
    while (cursor !== null) cursor = ((await valuePage(conn, k('h'), { type: 'hash', cursor, count: 500 })) as { nextCursor: string | null }).nextCursor;
    await valuePage(conn, k('l'), { type: 'list', offset: 100, count: 100 });
    await valuePage(conn, k('st'), { type: 'set', cursor: '0', count: 100 });
    await valuePage(conn, k('z'), { type: 'zset', offset: 0, count: 10 });
    const x = (await keyDetail(conn, k('x'))).value as StreamPage;
    await valuePage(conn, k('x'), { type: 'stream', after: x.nextAfter, count: 100 });
    await downloadValue(conn, k('s'), path.join(dir, 's.txt'), 64 * 1024);
    await setTtl(conn, auditor, k('l'), 60_000);
    await setTtl(conn, auditor, k('l'), null);
    // Misses: a vanished key, a page of a deleted key, a TTL on a missing key.
    await expect(keyDetail(conn, k('nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(valuePage(conn, k('nope'), { type: 'list', offset: 0, count: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setTtl(conn, auditor, k('nope'), 1000)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(downloadValue(conn, k('nope'), path.join(dir, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A page of a key that changed type: Redis counts the WRONGTYPE read as a hit.
    await expect(valuePage(conn, k('retyped'), { type: 'hash', cursor: '0', count: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const server1 = await keyspace(client);
    const own1 = conn.ledger.totals();
    const serverDelta = { hits: server1.hits - server0.hits, misses: server1.misses - server0.misses };
    expect(serverDelta.hits).toBeGreaterThan(50);
    expect(serverDelta.misses).toBeGreaterThanOrEqual(8);
    expect({ hits: own1.hits - own0.hits, misses: own1.misses - own0.misses }).toEqual(serverDelta);
  });

  it('end to end: browsing keys leaves the dashboard hit rate untouched', async () => {
    const app = makeCore({ REDIS_URL: redis.url });
    try {
      const samples: MetricSample[] = [];
      await app.call('connections.open', { id: 'env-default' });
      await app.next('metrics.sample', () => true);
      app.core.on('metrics.sample', (s) => samples.push(s));
      const server0 = await keyspace(client);
      const id = 'env-default';
      await app.call('keys.detail', { id, key: { utf8: 'h' } });
      await app.call('keys.value', { id, key: { utf8: 'h' }, type: 'hash', cursor: '0', count: 1000 });
      await app.call('keys.detail', { id, key: { utf8: 'x' } });
      expect((await app.core.invoke('keys.detail', { id, key: { utf8: 'missing' } })).ok).toBe(false);
      const server1 = await keyspace(client);
      const done = Date.now();
      await app.next('metrics.sample', (s) => s.ts > done + 10);
      const sum = (f: 'ownHitsDelta' | 'ownMissesDelta' | 'hitsDelta' | 'missesDelta') => samples.reduce((a, s) => a + (s[f] ?? 0), 0);
      expect(sum('ownHitsDelta')).toBe(server1.hits - server0.hits);
      expect(sum('ownMissesDelta')).toBe(server1.misses - server0.misses);
      expect(sum('ownMissesDelta')).toBe(2); // the metadata pipeline's TYPE and OBJECT ENCODING
      expect(sum('hitsDelta')).toBe(0);
      expect(sum('missesDelta')).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('on Redis 7.0 CLIENT NO-TOUCH is never sent, and the detail carries the LRU note', async () => {
    const conn = await connect();
    const errors0 = await errorReplies(client);
    const d = await keyDetail(conn, k('h'));
    expect(d.lruNote).toMatch(/has no CLIENT NO-TOUCH/);
    expect(await errorReplies(client)).toEqual(errors0);
  });

  it('when the version says 7.2+, NO-TOUCH leads the read; a server that refuses it is read without, once', async () => {
    const conn = await connect('7.2.4');
    const errors0 = await errorReplies(client);
    const server0 = await keyspace(client);
    const own0 = conn.ledger.totals();
    const first = await keyDetail(conn, k('l'));
    // The 7.0 server refused the CLIENT NO-TOUCH at the head of the transaction (ERR), hence EXECABORT.
    expect(await errorReplies(client)).toEqual({ ...errors0, ERR: (errors0.ERR ?? 0) + 1, EXECABORT: (errors0.EXECABORT ?? 0) + 1 });
    expect(first.lruNote).toMatch(/7\.2\.4 has no CLIENT NO-TOUCH/);
    expect(first.value).toMatchObject({ kind: 'list', total: 300 });
    await keyDetail(conn, k('z'));
    const errors1 = await errorReplies(client);
    await keyDetail(conn, k('st'));
    expect(await errorReplies(client)).toEqual(errors1); // remembered: not tried again
    const server1 = await keyspace(client);
    const own1 = conn.ledger.totals();
    // The discarded transaction counted nothing, and the ledger recorded nothing for it.
    expect({ hits: own1.hits - own0.hits, misses: own1.misses - own0.misses }).toEqual({ hits: server1.hits - server0.hits, misses: server1.misses - server0.misses });
  });
});
