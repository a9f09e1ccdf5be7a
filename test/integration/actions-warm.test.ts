import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../helpers/core';
import { closedPort, startRedis, type TestRedis } from '../helpers/redis-server';
import { client, invalidate, openCore, startActionsServer, stopActionsServer, waitJob } from './actions-helpers';

/** A warm file with good lines of every type and bad lines at known numbers. */
const LINES = [
  '{"key":"course:1","type":"string","value":{"id":1,"title":"Redis"},"ttl":300}', // 1
  '{"key":"user:1","value":"plain text"}', // 2
  'not json', // 3
  '{"key":{"base64":"/wBr"},"type":"string","value":{"base64":"AAEC"},"ttl":60}', // 4: binary key and value
  '{"key":"stats:h","type":"hash","value":{"hits":"10","misses":"2"},"ttl":3600}', // 5
  '{"key":"q:list","type":"list","value":["a","b","c"]}', // 6
  '', // 7: blank lines are skipped
  '{"key":"s:set","type":"set","value":["x","y"]}', // 8
  '{"key":"z:zset","type":"zset","value":{"one":1,"two":2.5}}', // 9
  '{"key":"bad:ttl","value":"v","ttl":-5}', // 10
  '{"key":"bad:type","type":"stream","value":[]}', // 11
  '{"key":"bad:zset","type":"zset","value":{"m":"high"}}', // 12
  '{"value":"no key"}', // 13
  '{"key":"h:empty","type":"hash","value":{}}', // 14
];

describe('warm from a file', () => {
  let redis: TestRedis;
  let seed: Redis;
  let t: TestCore;
  let id: string;
  let file: string;

  beforeAll(async () => {
    ({ redis, seed, t, id } = await startActionsServer());
    file = path.join(t.dataDir, 'warm.ndjson');
    writeFileSync(file, `${LINES.join('\n')}\n`);
  });
  afterAll(() => stopActionsServer({ redis, seed, t }));

  it('previews, writes the good lines, and reports every bad line by number and reason', async () => {
    await seed.set('q:list', 'a string the warm replaces');
    const preview = await t.call('warm.file.preview', { id, source: { content: readFileSync(file, 'utf8'), name: 'warm.ndjson' } });
    expect(preview).toMatchObject({ format: 'ndjson', valid: 7, invalid: 6 });
    expect(preview.byType).toEqual({ string: 3, hash: 1, list: 1, set: 1, zset: 1 });
    expect(preview.errors.map((e) => e.line)).toEqual([3, 10, 11, 12, 13, 14]);
    expect(await seed.exists('course:1')).toBe(0); // a preview writes nothing
    const { jobId } = await t.call('warm.file.execute', { id, previewId: preview.previewId });
    const result = await waitJob(t, jobId);
    expect(result).toMatchObject({ state: 'done', written: 7, failed: 6, scanned: 13 });
    expect(result.errors!.map((e) => e.line)).toEqual([3, 10, 11, 12, 13, 14]);
    expect(result.errors!.find((e) => e.line === 11)!.reason).toMatch(/type "stream" is not one of/);
    expect(result.errors!.find((e) => e.line === 14)!.reason).toMatch(/empty hash/);

    expect(JSON.parse((await seed.get('course:1'))!)).toEqual({ id: 1, title: 'Redis' });
    expect(await seed.ttl('course:1')).toBeGreaterThan(290);
    expect(await seed.ttl('user:1')).toBe(-1);
    expect(await seed.getBuffer(Buffer.from([0xff, 0x00, 0x6b]))).toEqual(Buffer.from([0, 1, 2]));
    expect(await seed.hgetall('stats:h')).toEqual({ hits: '10', misses: '2' });
    expect(await seed.lrange('q:list', 0, -1)).toEqual(['a', 'b', 'c']);
    expect((await seed.smembers('s:set')).sort()).toEqual(['x', 'y']);
    expect(await seed.zrange('z:zset', 0, -1, 'WITHSCORES')).toEqual(['one', '1', 'two', '2.5']);
    expect(await seed.exists('bad:ttl', 'bad:type', 'bad:zset', 'h:empty')).toBe(0);

    const audit = await t.call('audit.list', { action: 'warm-file' });
    expect(audit.entries[0]).toMatchObject({ outcome: 'partial', previewCount: 7, resultCount: 7 });
  });

  it('warms from an undo/backup file, and from text sent by a browser', async () => {
    await seed.flushdb();
    await seed.hset('snap:h', 'f', 'v');
    await seed.set('snap:s', 'v', 'EX', 500);
    const { result } = await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'snap:' } }, { undo: true });
    const content = readFileSync(path.join(t.dataDir, 'undo', result.undoFile!), 'utf8');
    const preview = await t.call('warm.file.preview', { id, source: { content, name: 'backup.ndjson' } });
    expect(preview).toMatchObject({ format: 'undo', valid: 2, invalid: 0, byType: { dump: 2 } });
    const warmed = await waitJob(t, (await t.call('warm.file.execute', { id, previewId: preview.previewId })).jobId);
    expect(warmed).toMatchObject({ written: 2, failed: 0 });
    expect(await seed.hget('snap:h', 'f')).toBe('v');
    expect(await seed.ttl('snap:s')).toBeGreaterThan(490);
  });
});

describe('warm by URL against an app doing cache-aside into the test Redis', () => {
  let redis: TestRedis;
  let seed: Redis;
  let t: TestCore;
  let id: string;
  let app: http.Server;
  let appRedis: Redis;
  let base: string;

  beforeAll(async () => {
    redis = await startRedis();
    seed = client(redis);
    appRedis = client(redis);
    // The app: GET /api/v1/courses/:id reads Redis; on a miss "loads from the database" and caches it.
    app = http.createServer((req, res) => {
      void (async () => {
        const m = /^\/api\/v1\/courses\/(\d+)$/.exec(req.url ?? '');
        if (!m) {
          res.writeHead(404).end('not found');
          return;
        }
        const key = `course:${m[1]}`;
        let body = await appRedis.get(key);
        if (body === null) {
          body = JSON.stringify({ id: Number(m[1]), title: `Course ${m[1]}` });
          await appRedis.set(key, body, 'EX', 300);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      })();
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    ({ t, id } = await openCore(redis));
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => app?.close(r));
    appRedis?.disconnect();
    seed?.disconnect();
    await redis?.stop();
  });

  it('calls each URL with a concurrency limit, shows status and time, and the hit rate before and after', async () => {
    const urls = [1, 2, 3, 4, 5, 6].map((n) => `${base}/api/v1/courses/${n}`).concat([`${base}/nope`]);
    const first = await waitJob(t, (await t.call('warm.urls', { id, urls, concurrency: 2, timeoutMs: 5000 })).jobId);
    expect(first).toMatchObject({ state: 'done', written: 6, failed: 1, scanned: 7 });
    expect(first.urls!.map((u) => u.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 404]);
    expect(first.urls!.every((u) => u.ms >= 0)).toBe(true);
    // The cold cache: every course lookup missed, and the app filled it.
    expect(first.hitRate!.during).toEqual({ hits: 0, misses: 6, hitRate: 0 });
    expect(await seed.exists(...[1, 2, 3, 4, 5, 6].map((n) => `course:${n}`))).toBe(6);
    expect(first.serverReads).toEqual({ hits: 0, misses: 0 });

    // Saved as a recipe and run again in one call: now every lookup hits.
    await t.call('warm.recipes.save', { id, recipe: { name: 'courses', kind: 'urls', urls: urls.slice(0, 6), concurrency: 3, timeoutMs: 5000 } });
    const again = await waitJob(t, (await t.call('warm.recipes.run', { id, name: 'courses' })).jobId);
    expect(again.hitRate!.during).toEqual({ hits: 6, misses: 0, hitRate: 1 });
    expect(again.hitRate!.after!.hitRate).toBeGreaterThan(again.hitRate!.before.hitRate!);
  });

  it('reports a timeout and a refused connection per URL without stopping the others', async () => {
    const slow = http.createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow`;
    const closedUrl = `http://127.0.0.1:${await closedPort()}/closed`;
    try {
      const r = await waitJob(t, (await t.call('warm.urls', { id, urls: [slowUrl, closedUrl, `${base}/api/v1/courses/9`], timeoutMs: 300 })).jobId);
      const by = new Map(r.urls!.map((u) => [u.url, u]));
      expect(by.get(slowUrl)).toMatchObject({ status: null, error: 'timed out after 300 ms' });
      expect(by.get(closedUrl)).toMatchObject({ status: null, error: 'ECONNREFUSED' });
      expect(by.get(`${base}/api/v1/courses/9`)).toMatchObject({ status: 200 });
      const audit = await t.call('audit.list', { action: 'warm-urls', limit: 1 });
      expect(audit.entries[0]).toMatchObject({ outcome: 'partial', resultCount: 1, previewCount: 3 });
    } finally {
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  });

  it('exports the audit log as CSV and JSONL, filtered', async () => {
    const csv = await t.call('audit.export', { action: 'warm-urls', format: 'csv' });
    const rows = csv.content.trim().split('\n');
    expect(rows[0]).toMatch(/^ts,time,osUser,source,connectionName,server,db,action,target/);
    expect(rows.length).toBe(1 + csv.count);
    expect(csv.count).toBe(3);
    expect(csv.filename).toMatch(/\.csv$/);
    const jsonl = await t.call('audit.export', { format: 'jsonl', text: '/slow' });
    expect(jsonl.content.trim().split('\n').map((l) => JSON.parse(l).action)).toEqual(['warm-urls']);
  });
});
