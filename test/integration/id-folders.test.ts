import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderRow, NamespaceStats, WireBytes } from '../../shared/contract';
import { makeCore, type TestCore } from '../helpers/core';
import { testClient } from '../helpers/redis-client';
import { startRedis, type TestRedis } from '../helpers/redis-server';

/**
 * Issue 17 on a hypersdk-like keyspace (../shared/CACHE-LAYOUTS.md): `user:<id>:profile` (1 h)
 * and `user:<id>:settings` (24 h) sit under one id folder, yet the tree and the analysis one
 * level deeper tell them apart, each with its own TTL health and memory, and the row's glob is
 * what an invalidation of exactly those keys takes. GoMeet-style `page:<n>` stays literal.
 */
const IDS = 20_000;
const SETTINGS_WITHOUT_TTL = 150;
const PAGES = 5;
const text = (w: WireBytes) => ('utf8' in w ? w.utf8 : `b64:${w.base64}`);
const folders = (rows: { kind: string }[]) => rows.filter((r): r is FolderRow => r.kind === 'folder');

let redis: TestRedis;
let app: TestCore;
const id = 'env-default';

beforeAll(async () => {
  redis = await startRedis();
  const seed = testClient({ host: redis.host, port: redis.port });
  try {
    for (let from = 0; from < IDS; from += 2000) {
      const p = seed.pipeline();
      for (let i = from; i < from + 2000; i++) {
        p.set(`user:${i}`, JSON.stringify({ id: i }), 'EX', 3600);
        p.set(`user:${i}:profile`, JSON.stringify({ id: i, name: `user ${i}` }), 'EX', 3600);
        // Settings are larger, live a day, and a few were written without a TTL (a bug to see).
        const settings = JSON.stringify({ id: i, theme: 'dark', notifications: { email: true, push: false }, locale: 'en-GB', tz: 'Europe/London' });
        if (i < SETTINGS_WITHOUT_TTL) p.set(`user:${i}:settings`, settings);
        else p.set(`user:${i}:settings`, settings, 'EX', 86_400);
      }
      await p.exec();
    }
    const p = seed.pipeline();
    for (let i = 0; i < 200; i++) p.set(`product:${i}:details`, '{}', 'EX', 1800).set(`tags:post:${i}`, '[]', 'EX', 1800);
    for (let host = 0; host < 40; host++) for (let page = 1; page <= PAGES; page++) p.set(`meeting:list:${1000 + host}:page:${page}:limit:20`, '[]', 'EX', 300);
    p.set('config', '{}', 'EX', 300);
    await p.exec();
  } finally {
    seed.disconnect();
  }
  app = makeCore({ REDIS_URL: redis.url });
  await app.call('connections.open', { id });
  const { scanId } = await app.call('keys.scan.start', { id });
  const done = await app.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted', 120_000);
  expect(done.state).toBe('done');
}, 180_000);

afterAll(async () => {
  await app?.close();
  await redis?.stop();
});

describe('id folders that still tell siblings apart (hypersdk)', () => {
  it('the id folder lists profile and settings across ids, each with its own count, TTL health and memory', async () => {
    const user = await app.call('keys.tree', { id, prefix: { utf8: 'user:' }, collapseIds: true });
    const [idFolder] = folders(user.rows);
    expect(idFolder).toMatchObject({ prefix: { utf8: 'user:*:' }, pattern: true, ids: IDS, keys: 2 * IDS });
    expect(user.keys).toBe(IDS); // user:<id> itself: direct keys

    const inside = await app.call('keys.tree', { id, prefix: idFolder!.prefix, pattern: true, collapseIds: true });
    expect(inside.keys).toBe(0);
    const rows = folders(inside.rows);
    expect(rows.map((r) => [text(r.prefix), text(r.name), r.leaf, r.keys, r.ttlHealth, r.noTtl])).toEqual([
      ['user:*:profile', 'profile', true, IDS, 'ok', 0],
      ['user:*:settings', 'settings', true, IDS, 'partial', SETTINGS_WITHOUT_TTL],
    ]);
    const [profile, settings] = rows as [FolderRow, FolderRow];
    expect(settings.bytes).toBeGreaterThan(profile.bytes);
    // Their TTLs differ by class: an hour against a day.
    expect(profile.ttlBuckets).not.toEqual(settings.ttlBuckets);

    // A leaf group opens on exactly its keys.
    const opened = await app.call('keys.tree', { id, prefix: profile.prefix, pattern: true, collapseIds: true, limit: 50 });
    expect(opened.keys).toBe(IDS);
    expect(opened.folders).toBe(0);
    for (const r of opened.rows) expect(r.kind === 'key' && text(r.key)).toMatch(/^user:\d+:profile$/);
  });

  it('the analysis at depth 3 reports user:*:profile and user:*:settings apart; depth 2 keeps user:*:', async () => {
    const ns = (list: NamespaceStats[]) => Object.fromEntries(list.map((n) => [text(n.prefix), { keys: n.keys, pattern: n.pattern ?? false, noTtl: n.noTtl }]));
    const deep = ns((await app.call('analysis.run', { id, depth: 3 })).namespaces);
    expect(deep['user:*:profile']).toEqual({ keys: IDS, pattern: true, noTtl: 0 });
    expect(deep['user:*:settings']).toEqual({ keys: IDS, pattern: true, noTtl: SETTINGS_WITHOUT_TTL });
    expect(deep['user:*:']).toBeUndefined();
    expect(deep['product:*:details']).toMatchObject({ keys: 200, pattern: true });
    expect(deep['tags:post:']).toMatchObject({ keys: 200, pattern: false });
    const shallow = ns((await app.call('analysis.run', { id, depth: 2 })).namespaces);
    expect(shallow['user:*:']).toEqual({ keys: 2 * IDS, pattern: true, noTtl: SETTINGS_WITHOUT_TTL });
  });

  it('the leaf group’s glob is the invalidation target for exactly those keys', async () => {
    const inside = await app.call('keys.tree', { id, prefix: { utf8: 'user:*:' }, pattern: true, collapseIds: true });
    const settings = folders(inside.rows).find((r) => text(r.name) === 'settings')!;
    const preview = await app.call('actions.preview', { id, target: { kind: 'pattern', pattern: settings.prefix } });
    expect(preview.matched).toBe(IDS);
    for (const k of preview.sample) expect(text(k)).toMatch(/^user:\d+:settings$/);
  });

  it('page numbers are not ids: page:1..5 stay one folder each, under the host id folder', async () => {
    const pages = await app.call('keys.tree', { id, prefix: { utf8: 'meeting:list:*:page:' }, pattern: true, collapseIds: true });
    expect(folders(pages.rows).map((r) => [text(r.prefix), r.keys, r.pattern])).toEqual(Array.from({ length: PAGES }, (_, p) => [`meeting:list:*:page:${p + 1}:`, 40, true]));
    const report = await app.call('analysis.run', { id, depth: 5 });
    const names = report.namespaces.map((n) => text(n.prefix)).filter((n) => n.startsWith('meeting:'));
    expect(names.sort()).toEqual(Array.from({ length: PAGES }, (_, p) => `meeting:list:*:page:${p + 1}:`));
  });
});
