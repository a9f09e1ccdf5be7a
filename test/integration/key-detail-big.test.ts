import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GZIP_INFLATE_MAX, type HashPage, type StringPage, type WireBytes } from '../../shared/contract';
import { jsonKind } from '../../shared/value-view';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { makeCore, tempDir, type TestCore } from '../helpers/core';

const w = (k: string): WireBytes => ({ utf8: k });
const text = (b: WireBytes) => {
  if (!('utf8' in b)) throw new Error('expected text');
  return b.utf8;
};

async function commandCalls(client: Redis, command: string): Promise<number> {
  const stats = await client.info('commandstats');
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
}

describe('key detail with big values', () => {
  let redis: TestRedis;
  let client: Redis;
  let app: TestCore;
  let downloads: string;
  const id = 'env-default';
  // What the user picks in main's save dialog (null = Cancel); the dialog records what it offered.
  let chosen: string | null = null;
  const offered: string[] = [];
  const dialogs = {
    chooseSavePath: async ({ defaultName }: { defaultName: string }) => (offered.push(defaultName), chosen),
    chooseOpenPath: async () => null,
  };

  beforeAll(async () => {
    redis = await startRedis();
    client = testClient(redis.port, '127.0.0.1');
    app = makeCore({ REDIS_URL: redis.url }, tempDir(), { mode: 'desktop', dialogs });
    await app.call('connections.open', { id });
    downloads = tempDir('cachescope-download-');
  });
  afterAll(async () => {
    await app.close();
    client.disconnect();
    await redis.stop();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('a 20 MB string: only 64 KiB fetched, load-more continues, download streams the whole value in chunks', async () => {
    const value = randomBytes(15_000_000).toString('base64'); // 20,000,000 ASCII bytes
    await client.set('stats:course:big', value);

    const before = await commandCalls(client, 'getrange');
    const d = await app.call('keys.detail', { id, key: w('stats:course:big') });
    expect(d.length).toBe(20_000_000);
    expect(d.memoryBytes).toBeGreaterThanOrEqual(20_000_000);
    const first = d.value as StringPage;
    expect(first).toMatchObject({ offset: 0, size: 65_536, total: 20_000_000, nextOffset: 65_536 });
    expect(text(first.bytes)).toBe(value.slice(0, 65_536));
    expect(await commandCalls(client, 'getrange')).toBe(before + 1);

    const more = (await app.call('keys.value', { id, key: w('stats:course:big'), type: 'string', offset: first.nextOffset! })) as StringPage;
    expect(more).toMatchObject({ offset: 65_536, size: 65_536, nextOffset: 131_072 });
    expect(text(more.bytes)).toBe(value.slice(65_536, 131_072));
    const tail = (await app.call('keys.value', { id, key: w('stats:course:big'), type: 'string', offset: 19_999_000 })) as StringPage;
    expect(tail).toMatchObject({ size: 1000, nextOffset: null });
    expect(text(tail.bytes)).toBe(value.slice(19_999_000));

    const file = path.join(downloads, 'big.txt');
    const calls = await commandCalls(client, 'getrange');
    chosen = file;
    const result = await app.call('keys.value.download', { id, key: w('stats:course:big') });
    expect(result).toEqual({ kind: 'saved', path: file, bytes: 20_000_000, chunks: 20 });
    expect(offered.at(-1)).toBe('stats_course_big.bin');
    // 20 GETRANGEs of 1 MiB: main never asked for (or held) the whole value at once.
    expect((await commandCalls(client, 'getrange')) - calls).toBe(20);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(createHash('sha256').update(value).digest('hex'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(downloads)).toEqual(['big.txt']);
  });

  it('download refuses what it cannot do, and leaves no partial file', async () => {
    const call = (key: string, p: string | null) => ((chosen = p), app.core.invoke('keys.value.download', { id, key: w(key) }));
    await client.hset('h:small', 'a', '1');
    const cases: [string, string, string][] = [
      ['missing:key', path.join(downloads, 'missing.bin'), 'NOT_FOUND'],
      ['h:small', path.join(downloads, 'hash.bin'), 'UNSUPPORTED'],
      ['h:small', 'relative/file.bin', 'BAD_REQUEST'],
      ['h:small', downloads, 'BAD_REQUEST'],
      ['h:small', path.join(downloads, 'no-such-dir', 'x.bin'), 'BAD_REQUEST'],
    ];
    for (const [key, p, code] of cases) {
      const r = await call(key, p);
      expect(r.ok ? 'ok' : r.error.code, `${key} → ${p}`).toBe(code);
    }
    expect(existsSync(path.join(downloads, 'missing.bin'))).toBe(false);
    expect(readdirSync(downloads).filter((f) => f.endsWith('.part'))).toEqual([]);

    await client.set('tiny', 'é');
    const tiny = path.join(downloads, 'tiny.bin');
    expect((await call('tiny', tiny)) as unknown).toEqual({ ok: true, value: { kind: 'saved', path: tiny, bytes: 2, chunks: 1 } });
    expect(readFileSync(tiny, 'utf8')).toBe('é');
    // Cancel in the dialog: nothing written, nothing read.
    expect((await call('tiny', null)) as unknown).toEqual({ ok: true, value: { kind: 'cancelled' } });
  });

  it('the renderer cannot name the file: a path in the request is refused and nothing is written', async () => {
    await client.set('victim', 'attacker-controlled bytes');
    const target = path.join(downloads, 'named-by-renderer.txt');
    chosen = null;
    const r = await app.core.invoke('keys.value.download', { id, key: w('victim'), path: target });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(existsSync(target)).toBe(false);
  });

  it('a 200k-field hash is paged with HSCAN, never read whole', async () => {
    for (let batch = 0; batch < 200; batch++) {
      const args: string[] = [];
      for (let i = 0; i < 1000; i++) args.push(`f${batch * 1000 + i}`, `v${batch * 1000 + i}`);
      await client.hset('big:hash', ...args);
    }
    const d = await app.call('keys.detail', { id, key: w('big:hash') });
    expect(d.length).toBe(200_000);
    const first = d.value as HashPage;
    expect(first.entries.length).toBeGreaterThan(0);
    expect(first.entries.length).toBeLessThan(1000);
    expect(first.nextCursor).not.toBeNull();

    const seen = new Map<string, string>();
    let cursor: string | null = '0';
    let pages = 0;
    let biggest = 0;
    while (cursor !== null) {
      const page = (await app.call('keys.value', { id, key: w('big:hash'), type: 'hash', cursor, count: 1000 })) as HashPage;
      for (const e of page.entries) seen.set(text(e.field.bytes), text(e.value.bytes));
      biggest = Math.max(biggest, page.entries.length);
      cursor = page.nextCursor;
      pages++;
    }
    expect(seen.size).toBe(200_000);
    expect(seen.get('f123456')).toBe('v123456');
    expect(pages).toBeGreaterThan(100);
    expect(biggest).toBeLessThan(5000);
  });

  it('gzip values (bytes 1f 8b) are inflated from the fetched prefix, with a note', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: randomBytes(8).toString('hex'), verified: i % 2 === 0 }));
    const json = JSON.stringify(rows);
    const gz = gzipSync(json);
    expect(gz.length).toBeGreaterThan(65_536);
    await client.set('instructors:list:verified=true&page=1', gz);
    const d = await app.call('keys.detail', { id, key: w('instructors:list:verified=true&page=1') });
    const page = d.value as StringPage;
    expect(page.bytes).toHaveProperty('base64'); // the raw page is binary
    expect(page.gzip).toBeDefined();
    const g = page.gzip!;
    expect(g.complete).toBe(false);
    expect(g.inflatedSize).toBeGreaterThan(65_536);
    expect(g.inflatedSize).toBeLessThanOrEqual(GZIP_INFLATE_MAX);
    expect(json.startsWith(text(g.inflated!))).toBe(true);
    expect(jsonKind(text(g.inflated!))).toBe('json-prefix');
    expect(g.note).toMatch(/gzip-compressed.*Download/);

    const small = JSON.stringify(rows.slice(0, 20));
    await client.set('course:9', gzipSync(small));
    const s = (await app.call('keys.detail', { id, key: w('course:9') })).value as StringPage;
    expect(s.gzip).toMatchObject({ inflated: { utf8: small }, complete: true });
    expect(jsonKind(text(s.gzip!.inflated!))).toBe('json');

    // Load-more pages of a gzip value are raw bytes: inflation is for the first page only.
    const more = (await app.call('keys.value', { id, key: w('instructors:list:verified=true&page=1'), type: 'string', offset: 65_536 })) as StringPage;
    expect(more.gzip).toBeUndefined();
  });
});
