import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HashPage, KeyDetail, ListPage, SetPage, StreamPage, StringPage, WireBytes, ZSetPage } from '../../shared/contract';
import { jsonKind } from '../../shared/value-view';
import { toWire } from '../../electron/core/keys/wire-bytes';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, type TestCore } from '../helpers/core';

const w = (k: string | Buffer): WireBytes => toWire(typeof k === 'string' ? Buffer.from(k) : k);
const text = (b: WireBytes) => {
  if (!('utf8' in b)) throw new Error(`expected text, got base64 ${b.base64.slice(0, 40)}`);
  return b.utf8;
};

describe('key detail against a real redis-server', () => {
  let redis: TestRedis;
  let client: Redis;
  let app: TestCore;
  const id = 'env-default';

  beforeAll(async () => {
    redis = await startRedis();
    client = testClient(redis.port, '127.0.0.1');
    app = makeCore({ REDIS_URL: redis.url });
    await app.call('connections.open', { id });
  });
  afterAll(async () => {
    await app.close();
    client.disconnect();
    await redis.stop();
  });

  const detail = (key: string | Buffer) => app.call('keys.detail', { id, key: w(key) });
  async function failure(command: 'keys.detail' | 'keys.value' | 'keys.ttl.set', args: unknown) {
    const r = await app.core.invoke(command, args);
    if (r.ok) throw new Error(`${command} unexpectedly succeeded`);
    return r.error;
  }

  it('string: text, TTL, encoding, memory, length and the LRU note of a 7.0 server', async () => {
    await client.set('user:42', 'hello world', 'PX', 60_000);
    const d = await detail('user:42');
    expect(d).toMatchObject({ key: { utf8: 'user:42' }, type: 'string', encoding: 'embstr', length: 11 });
    expect(d.ttlMs).toBeGreaterThan(50_000);
    expect(d.ttlMs).toBeLessThanOrEqual(60_000);
    expect(d.memoryBytes).toBeGreaterThan(0);
    expect(d.value).toEqual({ kind: 'string', offset: 0, bytes: { utf8: 'hello world' }, size: 11, total: 11, nextOffset: null });
    expect(d.lruNote).toMatch(/7\.0\.\d+ has no CLIENT NO-TOUCH/);

    await client.set('ratelimit:api:1.2.3.4', 42);
    const counter = await detail('ratelimit:api:1.2.3.4');
    expect(counter).toMatchObject({ encoding: 'int', ttlMs: -1, length: 2, value: { bytes: { utf8: '42' } } });

    const json = JSON.stringify({ id: 7, title: 'Redis 101', tags: ['cache'] });
    await client.set('course:7', json);
    expect(jsonKind(text(((await detail('course:7')).value as StringPage).bytes))).toBe('json');

    const bin = Buffer.from([0x00, 0xff, 0xfe, 0x41]);
    await client.set('bin:value', bin);
    expect((await detail('bin:value')).value).toMatchObject({ bytes: { base64: bin.toString('base64') }, size: 4, total: 4 });

    await client.set('empty', '');
    expect((await detail('empty')).value).toEqual({ kind: 'string', offset: 0, bytes: { utf8: '' }, size: 0, total: 0, nextOffset: null });
  });

  it('hash: HLEN count, HSCAN page, big values previewed with their size', async () => {
    await client.hset('cache:stats', 'hits', '10', 'misses', '2', 'blob', 'x'.repeat(20_000));
    const d = await detail('cache:stats');
    expect(d).toMatchObject({ type: 'hash', length: 3 });
    const page = d.value as HashPage;
    expect(page).toMatchObject({ kind: 'hash', cursor: '0', nextCursor: null, total: 3 });
    const byField = new Map(page.entries.map((e) => [text(e.field.bytes), e.value]));
    expect(byField.get('hits')).toEqual({ bytes: { utf8: '10' }, size: 2, truncated: false });
    const blob = byField.get('blob')!;
    expect(blob.truncated).toBe(true);
    expect(blob.size).toBe(20_000);
    expect(text(blob.bytes).length).toBe(8 * 1024);
  });

  it('list: LLEN count and LRANGE pages by offset', async () => {
    const items = Array.from({ length: 250 }, (_, i) => `item-${i}`);
    await client.rpush('queue', ...items);
    const d = await detail('queue');
    const first = d.value as ListPage;
    expect(d.length).toBe(250);
    expect(first.items.map((x) => x.index)).toEqual(items.slice(0, 100).map((_, i) => i));
    expect(first.nextOffset).toBe(100);
    const second = await app.call('keys.value', { id, key: w('queue'), type: 'list', offset: 100 });
    expect(second.kind === 'list' && second.items.map((x) => text(x.value.bytes))).toEqual(items.slice(100, 200));
    const last = (await app.call('keys.value', { id, key: w('queue'), type: 'list', offset: 200, count: 100 })) as ListPage;
    expect(last.items.map((x) => text(x.value.bytes))).toEqual(items.slice(200));
    expect(last.nextOffset).toBeNull();
  });

  it('set: SCARD count and SSCAN pages until the cursor returns to 0', async () => {
    const members = Array.from({ length: 300 }, (_, i) => `m${i}`);
    await client.sadd('tags:post:1', ...members);
    const d = await detail('tags:post:1');
    expect(d.length).toBe(300);
    const seen = new Set<string>();
    let page = d.value as SetPage;
    for (;;) {
      page.members.forEach((m) => seen.add(text(m.bytes)));
      if (page.nextCursor === null) break;
      page = (await app.call('keys.value', { id, key: w('tags:post:1'), type: 'set', cursor: page.nextCursor })) as SetPage;
    }
    expect([...seen].sort()).toEqual([...members].sort());
  });

  it('sorted set: ZCARD count, ZRANGE pages with exact scores', async () => {
    const args: (string | number)[] = [];
    for (let i = 0; i < 150; i++) args.push(i * 1.5, `p${i}`);
    await client.zadd('leaderboard', ...args, 'inf', 'top');
    const d = await detail('leaderboard');
    expect(d.length).toBe(151);
    const first = d.value as ZSetPage;
    expect(first.members[1]).toEqual({ rank: 1, member: { bytes: { utf8: 'p1' }, size: 2, truncated: false }, score: '1.5' });
    const rest = (await app.call('keys.value', { id, key: w('leaderboard'), type: 'zset', offset: first.nextOffset! })) as ZSetPage;
    expect(rest.members.length).toBe(51);
    expect(rest.members[50]).toMatchObject({ rank: 150, member: { bytes: { utf8: 'top' } }, score: 'inf' });
    expect(rest.nextOffset).toBeNull();
  });

  it('stream: XLEN count, XRANGE pages after the last id seen', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push((await client.xadd('events', '*', 'n', String(i), 'kind', 'click'))!);
    const d = await detail('events');
    expect(d.length).toBe(120);
    const first = d.value as StreamPage;
    expect(first.entries.map((e) => e.id)).toEqual(ids.slice(0, 100));
    expect(first.entries[3]!.fields.map((f) => [text(f.field.bytes), text(f.value.bytes)])).toEqual([
      ['n', '3'],
      ['kind', 'click'],
    ]);
    expect(first.nextAfter).toBe(ids[99]);
    const next = (await app.call('keys.value', { id, key: w('events'), type: 'stream', after: first.nextAfter })) as StreamPage;
    expect(next.entries.map((e) => e.id)).toEqual(ids.slice(100));
    expect(next.nextAfter).toBeNull();
  });

  it('binary, unicode, space/newline and glob-character key names are read and changed exactly', async () => {
    const names = [Buffer.from([0xff, 0x00, 0x6b]), 'ключ:🔑', 'a key\nwith newline', 'report:[2024]:*?\\'];
    // Decoys a glob or lossy decoding would hit instead.
    await client.set('report:2:x', 'decoy');
    await client.set(Buffer.from([0xef, 0xbf, 0xbd, 0x00, 0x6b]), 'decoy');
    for (const [i, name] of names.entries()) {
      const key = typeof name === 'string' ? Buffer.from(name) : name;
      await client.set(key, `value ${i}`);
      const d: KeyDetail = await detail(key);
      expect(d.key).toEqual(toWire(key));
      expect(d.value).toMatchObject({ bytes: { utf8: `value ${i}` } });
      const set = await app.call('keys.ttl.set', { id, key: w(key), ttlMs: 120_000 });
      expect(set.ttlMs).toBeGreaterThan(100_000);
      expect(await client.pttl(key)).toBeGreaterThan(100_000);
    }
    expect(await client.pttl('report:2:x')).toBe(-1);
    expect(await client.pttl(Buffer.from([0xef, 0xbf, 0xbd, 0x00, 0x6b]))).toBe(-1);
  });

  it('a key that vanished is NOT_FOUND with a clear message', async () => {
    const gone = await failure('keys.detail', { id, key: w('session:sess_gone\n') });
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.message).toBe('Key "session:sess_gone\\n" no longer exists: it was deleted, expired or evicted.');

    await client.rpush('short-lived', 'a', 'b');
    const d = await detail('short-lived');
    expect(d.type).toBe('list');
    await client.del('short-lived');
    const page = await failure('keys.value', { id, key: w('short-lived'), type: 'list', offset: 2 });
    expect(page.code).toBe('NOT_FOUND');
    expect(page.message).toMatch(/no longer exists/);

    await client.set('short-lived', 'now a string');
    const retyped = await failure('keys.value', { id, key: w('short-lived'), type: 'list', offset: 2 });
    expect(retyped).toEqual({ code: 'NOT_FOUND', message: 'Key "short-lived" is now a string, no longer the list being viewed: reopen it.' });

    const ttl = await failure('keys.ttl.set', { id, key: w('never-was'), ttlMs: 1000 });
    expect(ttl.code).toBe('NOT_FOUND');
    expect((await app.call('audit.list', { text: 'never-was', limit: 5 })).entries[0]).toMatchObject({ action: 'ttl.set', outcome: 'failed' });
    expect(await client.exists('never-was')).toBe(0);
  });

  it('TTL: set, change, persist; bad values are refused at the boundary', async () => {
    await client.set('config', '{}');
    expect((await app.call('keys.ttl.set', { id, key: w('config'), ttlMs: 300_000 })).ttlMs).toBeGreaterThan(290_000);
    expect((await app.call('keys.ttl.set', { id, key: w('config'), ttlMs: 5_000 })).ttlMs).toBeLessThanOrEqual(5_000);
    expect(await app.call('keys.ttl.set', { id, key: w('config'), ttlMs: null })).toEqual({ key: { utf8: 'config' }, ttlMs: -1 });
    expect(await client.pttl('config')).toBe(-1);
    // Every change is in the audit log, newest first.
    const audit = await app.call('audit.list', { text: '"config"', limit: 10 });
    expect(audit.entries.map((e) => [e.action, e.outcome, e.message])).toEqual([
      ['ttl.persist', 'ok', 'PERSIST'],
      ['ttl.set', 'ok', 'PEXPIRE 5000 ms'],
      ['ttl.set', 'ok', 'PEXPIRE 300000 ms'],
    ]);
    expect(audit.entries[0]).toMatchObject({ connectionId: id, target: '"config"', resultCount: 1 });
    for (const ttlMs of [0, -5, 1.5]) expect((await failure('keys.ttl.set', { id, key: w('config'), ttlMs })).code).toBe('BAD_REQUEST');
    expect(await client.exists('config')).toBe(1);
  });

  it('TTL changes are refused by the core on a read-only connection', async () => {
    await client.set('vtp:readonly', 'v', 'PX', 600_000);
    const saved = await app.call('profiles.save', { name: 'prod (read-only)', url: redis.url, readOnly: true, env: 'prod' });
    await app.call('connections.open', { id: saved.id });
    for (const ttlMs of [1000, null]) {
      const r = await app.core.invoke('keys.ttl.set', { id: saved.id, key: w('vtp:readonly'), ttlMs });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('READ_ONLY');
    }
    expect(await client.pttl('vtp:readonly')).toBeGreaterThan(590_000);
    const refused = await app.call('audit.list', { connectionId: saved.id, limit: 10 });
    expect(refused.entries.map((e) => [e.target, e.outcome])).toEqual([
      ['"vtp:readonly"', 'refused'],
      ['"vtp:readonly"', 'refused'],
    ]);
    // Reading is still fine.
    expect((await app.call('keys.detail', { id: saved.id, key: w('vtp:readonly') })).type).toBe('string');
  });

  it('validates page requests at the boundary', async () => {
    expect((await failure('keys.value', { id, key: w('queue'), type: 'hash', cursor: '1; FLUSHALL' })).code).toBe('BAD_REQUEST');
    expect((await failure('keys.value', { id, key: w('queue'), type: 'list', offset: -1 })).code).toBe('BAD_REQUEST');
    expect((await failure('keys.value', { id, key: w('queue'), type: 'list', count: 100_000 })).code).toBe('BAD_REQUEST');
    expect((await failure('keys.value', { id, key: w('events'), type: 'stream', after: '+' })).code).toBe('BAD_REQUEST');
    expect((await failure('keys.value', { id, key: { base64: '!!' }, type: 'list' })).code).toBe('BAD_REQUEST');
  });
});
