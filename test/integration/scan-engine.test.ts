import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandArgs, FolderRow, KeyRow, ScanProgress, WireBytes } from '../../shared/contract';
import { escapeGlob, fromWire, toWire } from '../../electron/core/keys/wire-bytes';
import { indexPage } from '../../electron/core/scan/index-page';
import { KeyIndex } from '../../electron/core/scan/key-index';
import { DEFAULT_SIZES, parseScriptReply, pipelinePage } from '../../electron/core/scan/page-meta';
import { PAGE_SCRIPT } from '../../electron/core/scan/page-script';
import { MAX_COUNT, PAGE_KEYS } from '../../electron/core/scan/scanner';
import { EDGE_KEYS, seedEdgeKeys, seedLayouts, TYPED_KEYS, type SeedSummary } from '../fixtures/keyspace';
import { makeCore, type TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';

const LAYOUT_KEYS = 20_000;
const text = (w: WireBytes) => ('utf8' in w ? w.utf8 : `b64:${w.base64}`);

let redis: TestRedis;
let seed: Redis;
let summary: SeedSummary;
let dbsize: number;
let app: TestCore | null = null;

async function keyspaceHits(): Promise<{ hits: number; misses: number }> {
  const info = await seed.info('stats');
  return { hits: Number(/keyspace_hits:(\d+)/.exec(info)![1]), misses: Number(/keyspace_misses:(\d+)/.exec(info)![1]) };
}

/** A core with the connection open; `id` is the profile to use. */
async function openCore(id = 'env-default', url = redis.url): Promise<TestCore> {
  app = makeCore({ REDIS_URL: url });
  await app.call('connections.open', { id });
  return app;
}

async function scanToEnd(core: TestCore, args: Partial<CommandArgs<'keys.scan.start'>> = {}, id = 'env-default'): Promise<ScanProgress> {
  const seen: ScanProgress[] = [];
  const off = core.core.on('scan.progress', (p) => seen.push(p));
  const { scanId } = await core.call('keys.scan.start', { ...args, id });
  const done = await core.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted', 60_000);
  off();
  expect(seen.some((p) => p.scanId === scanId && p.state === 'running')).toBe(true);
  return done;
}

beforeAll(async () => {
  redis = await startRedis();
  seed = testClient({ host: redis.host, port: redis.port });
  summary = await seedLayouts(seed, LAYOUT_KEYS);
  await seedEdgeKeys(seed, { big: true });
  dbsize = await seed.dbsize();
}, 120_000);

afterEach(async () => {
  await app?.close();
  app = null;
});

afterAll(async () => {
  seed?.disconnect();
  await redis?.stop();
});

describe('scan through the core (script path)', () => {
  it('indexes every key once (= DBSIZE), with exact server reads, and says which path ran', async () => {
    const core = await openCore();
    const before = await keyspaceHits();
    const done = await scanToEnd(core);
    const after = await keyspaceHits();
    expect(done).toMatchObject({ state: 'done', path: 'script', indexed: dbsize, total: dbsize, fraction: 1 });
    expect(done.scanned).toBeGreaterThanOrEqual(dbsize);
    // TYPE + PTTL per key, all hits; MEMORY USAGE and SCAN are free. Nothing else read keys meanwhile.
    expect(done.serverReads).toEqual({ hits: after.hits - before.hits, misses: after.misses - before.misses });
    expect(done.serverReads.hits).toBe(2 * done.scanned);
    const status = await core.call('keys.scan.status', { id: 'env-default' });
    expect(status?.state).toBe('done');
  });

  it('serves the namespace tree: counts per folder match what was written, coverage is complete', async () => {
    const core = await openCore();
    await scanToEnd(core);
    const root = await core.call('keys.tree', { id: 'env-default', prefix: null, limit: 2000 });
    expect(root.coverage).toMatchObject({ complete: true, indexed: dbsize, dbsize, state: 'done' });
    expect(root.summary.keys).toBe(dbsize);
    const folders = Object.fromEntries(root.rows.filter((r): r is FolderRow => r.kind === 'folder').map((f) => [text(f.prefix), f]));
    for (const [first, n] of summary.byFirstSegment) expect(folders[first]?.keys, first).toBe(n);
    expect(folders['types:']!.keys).toBe(6);
    expect(folders['profile:']).toMatchObject({ ttlHealth: 'none' }); // the forgotten TTL
    expect(folders['session:']).toMatchObject({ ttlHealth: 'ok', noTtl: 0 });
    expect(folders['session:']!.ttlBuckets.lt7d).toBe(summary.byFirstSegment.get('session:'));
    // The binary key's first segment (before its ':') is a folder with an exact base64 prefix.
    expect(folders[`b64:${Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x3a]).toString('base64')}`]?.keys).toBe(1);
    // Direct keys at the root: those without a delimiter.
    const direct = root.rows.filter((r): r is KeyRow => r.kind === 'key').map((k) => text(k.key));
    expect(direct.sort()).toEqual(['', 'key with spaces'].sort());

    // Open `user:`: the hypersdk `user:<id>:profile` keys gather in one `user:*:` folder (ids
    // collapsed, the default), vtp's `user:<uuid>` are direct keys.
    const user = await core.call('keys.tree', { id: 'env-default', prefix: { utf8: 'user:' }, limit: 50, sort: { by: 'name', dir: 'asc' } });
    expect(user.summary.keys).toBe(summary.byFirstSegment.get('user:'));
    expect(user.collapseIds).toBe(true);
    const idFolder = user.rows[0] as FolderRow;
    expect(idFolder).toMatchObject({ kind: 'folder', prefix: { utf8: 'user:*:' }, pattern: true, name: { utf8: '*' } });
    expect(idFolder.ids).toBeGreaterThan(1000);
    const others = user.rows.filter((r): r is FolderRow => r.kind === 'folder' && r !== idFolder);
    expect(others.map((f) => text(f.prefix))).toEqual(['user:profile:']); // gomeet's `user:profile:<i>`: `profile` is no id
    expect(idFolder.keys + others[0]!.keys + user.keys).toBe(user.summary.keys);
    // The id folder opens by its glob: hypersdk's `user:<id>:profile` keys are one leaf group
    // `user:*:profile` (issue 17), which opens on keys named from their id.
    const inside = await core.call('keys.tree', { id: 'env-default', prefix: idFolder.prefix, pattern: true, limit: 20 });
    expect(inside.summary.keys).toBe(idFolder.keys);
    expect(inside.pattern).toBe(true);
    expect(inside.rows.map((r) => [r.kind, text(r.kind === 'key' ? r.key : r.prefix), r.kind === 'folder' ? r.leaf : undefined])).toEqual([['folder', 'user:*:profile', true]]);
    const profiles = await core.call('keys.tree', { id: 'env-default', prefix: inside.rows[0]!.kind === 'folder' ? inside.rows[0]!.prefix : { utf8: '' }, pattern: true, limit: 20 });
    expect(profiles.keys).toBe(idFolder.keys);
    for (const r of profiles.rows) expect(text(r.kind === 'key' ? r.key : r.prefix)).toMatch(/^user:\d+:profile$/);
    // With ids kept literal: one folder per id.
    const literal = await core.call('keys.tree', { id: 'env-default', prefix: { utf8: 'user:' }, collapseIds: false, limit: 5, sort: { by: 'name', dir: 'asc' } });
    expect(literal.folders).toBe(idFolder.ids! + user.folders - 1);
    expect(literal.rows.every((r) => r.kind === 'folder' && text(r.prefix).startsWith('user:') && !r.pattern)).toBe(true);
    const page2 = await core.call('keys.tree', { id: 'env-default', prefix: { utf8: 'user:' }, collapseIds: false, offset: literal.folders, limit: 3 });
    expect(page2.rows.map((r) => r.kind)).toEqual(['key', 'key', 'key']);
    // A glob the tree never makes is refused in words.
    await expect(core.call('keys.tree', { id: 'env-default', prefix: { utf8: 'user:?:' }, pattern: true })).rejects.toThrow(/only use \*/);
  });

  it('reads every type, the 20 MB string exactly and the 200k-field hash as a bounded-cost estimate', async () => {
    const core = await openCore();
    await scanToEnd(core);
    const types = await core.call('keys.tree', { id: 'env-default', prefix: { utf8: 'types:' } });
    const byName = Object.fromEntries(types.rows.map((r) => [text(r.name), r as KeyRow]));
    for (const [type, key] of Object.entries(TYPED_KEYS)) expect(byName[key.slice('types:'.length)]?.type, key).toBe(type);
    expect(byName.hash!.ttlMs).toBeGreaterThan(2 * 3600_000);
    expect(byName.string!.ttlMs).toBeNull();
    expect(byName.list!.bytesEstimated).toBe(false); // small aggregate: measured with SAMPLES 0
    const big = await core.call('keys.tree', { id: 'env-default', prefix: { utf8: 'big:' }, sort: { by: 'memory', dir: 'desc' } });
    const [str, hash] = big.rows as KeyRow[];
    expect(str).toMatchObject({ name: { utf8: 'string' }, type: 'string', bytesEstimated: false });
    expect(str!.bytes).toBe(Number(await seed.memory('USAGE', 'big:string')));
    expect(hash).toMatchObject({ name: { utf8: 'hash' }, type: 'hash', bytesEstimated: true });
    expect(hash!.bytes).toBeGreaterThan(5_000_000);
    expect(big.summary.bytesEstimated).toBe(true);
  });

  it('keeps binary, unicode, long, whitespace and glob-character names exact; list, glob filter and lookup', async () => {
    const core = await openCore();
    await scanToEnd(core);
    for (const key of EDGE_KEYS) {
      const found = await core.call('keys.list', { id: 'env-default', match: toWire(escapeGlob(key)), limit: 5 });
      expect(found.rows.map((r) => r.key), key.toString('hex').slice(0, 40)).toEqual([toWire(key)]);
      const looked = await core.call('keys.lookup', { id: 'env-default', key: toWire(key) });
      expect(looked).toMatchObject({ exists: true, row: { type: 'string', ttlMs: null } });
    }
    const missing = await core.call('keys.lookup', { id: 'env-default', key: { utf8: 'no such key' } });
    expect(missing).toEqual({ key: { utf8: 'no such key' }, exists: false, row: null });

    const byType = await core.call('keys.list', { id: 'env-default', type: 'zset' });
    expect(byType.rows.map((r) => text(r.key))).toEqual([TYPED_KEYS.zset]);
    const sorted = await core.call('keys.list', { id: 'env-default', sort: { by: 'memory', dir: 'desc' }, limit: 2 });
    expect(sorted.rows.map((r) => text(r.key))).toEqual(['big:string', 'big:hash']);
    expect(sorted.total).toBe(dbsize);
  });

  it('filters the index exactly as SCAN MATCH does (same glob semantics)', async () => {
    const core = await openCore();
    await scanToEnd(core);
    const patterns = ['user:*', '*:profile', 'meeting:list:1?:*', 'report:\\[2024\\]*', 'report:[2024]*', '*[^a-z]', 'line?break*', 'a::*', '*\\?*', 'course:[0-4]*'];
    for (const p of patterns) {
      const viaScan = new Set<string>();
      let cursor = '0';
      do {
        const [next, keys] = (await seed.callBuffer('SCAN', cursor, 'MATCH', p, 'COUNT', 5000)) as [Buffer, Buffer[]];
        cursor = next.toString();
        for (const k of keys) viaScan.add(k.toString('hex'));
      } while (cursor !== '0');
      const viaIndex = await core.call('keys.list', { id: 'env-default', match: { utf8: p }, limit: 2000 });
      expect(viaIndex.total, p).toBe(viaScan.size);
      if (viaIndex.total <= 2000) expect(new Set(viaIndex.rows.map((r) => fromWire(r.key).toString('hex'))), p).toEqual(viaScan);
    }
  });

  it('bounds every server call: at most PAGE_KEYS keys per EVALSHA, SCAN COUNT at most MAX_COUNT, never KEYS', async () => {
    const core = await openCore();
    // SLOWLOG with a 0 µs threshold logs every command with its arguments (the first 32, then a count).
    await seed.config('SET', 'slowlog-log-slower-than', '0');
    await seed.config('SET', 'slowlog-max-len', '100000');
    await seed.slowlog('RESET');
    let log: [number, number, number, string[]][];
    try {
      const done = await scanToEnd(core);
      expect(done).toMatchObject({ state: 'done', path: 'script', indexed: dbsize });
      log = (await seed.slowlog('GET', -1)) as typeof log;
    } finally {
      await seed.config('SET', 'slowlog-log-slower-than', '10000');
    }
    const byCommand = (name: string) => log.map((e) => e[3]).filter((args) => args[0]?.toUpperCase() === name);
    const pages = byCommand('EVALSHA').map((args) => Number(args[2]));
    expect(pages.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(dbsize);
    expect(Math.max(...pages)).toBe(PAGE_KEYS);
    const counts = byCommand('SCAN').map((args) => Number(args[args.findIndex((a) => a.toUpperCase() === 'COUNT') + 1]));
    expect(counts.length).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(MAX_COUNT);
    expect(byCommand('KEYS')).toEqual([]);
  });

  it('scans a MATCH subset and a type filter', async () => {
    const core = await openCore();
    const done = await scanToEnd(core, { match: { utf8: 'skillup:*' }, type: 'string' });
    const expected = [...summary.byFirstSegment].filter(([k]) => k === 'skillup:').reduce((s, [, n]) => s + n, 0);
    expect(done).toMatchObject({ state: 'done', indexed: expected, match: { utf8: 'skillup:*' }, type: 'string', fraction: 1 });
    const root = await core.call('keys.tree', { id: 'env-default', prefix: null });
    expect(root.rows.map((r) => text(r.kind === 'folder' ? r.prefix : r.key))).toEqual(['skillup:']);
  });
});

describe("a page's own commands", () => {
  it('hits + misses + calls equal the commands the server counted, on both paths (what the dashboard leaves out of ops/s)', async () => {
    const client = testClient({ host: redis.host, port: redis.port });
    const processed = async () => Number(/total_commands_processed:(\d+)/.exec(await client.info('stats'))![1]);
    try {
      await client.set('calls:s', 'x');
      await client.hset('calls:h', 'a', '1', 'b', '2'); // a small aggregate: sized again exactly (SAMPLES 0)
      const keys = [Buffer.from('calls:s'), Buffer.from('calls:h'), Buffer.from('calls:missing')];
      const sha = String(await client.script('LOAD', PAGE_SCRIPT));
      const opts = ['1', String(DEFAULT_SIZES.exactBudget), String(DEFAULT_SIZES.exactBelow)];
      // Between two INFOs the server counts the first INFO and what ran in between.
      const t0 = await processed();
      const viaScript = parseScriptReply(keys, await client.callBuffer('EVALSHA', sha, keys.length, ...keys, ...opts));
      const t1 = await processed();
      const viaPipeline = await pipelinePage(client, keys, { withMemory: true, ...DEFAULT_SIZES });
      const t2 = await processed();
      expect(viaScript.calls).toBe(4); // EVALSHA, 2 MEMORY USAGE, 1 SAMPLES 0
      expect(viaScript.hits + viaScript.misses + viaScript.calls).toBe(t1 - t0 - 1);
      expect(viaPipeline.calls).toBe(4); // 3 MEMORY USAGE, 1 SAMPLES 0
      expect(viaPipeline.hits + viaPipeline.misses + viaPipeline.calls).toBe(t2 - t1 - 1);
    } finally {
      await client.del('calls:s', 'calls:h');
      client.disconnect();
    }
  });
});

describe('keys that vanish between SCAN and TYPE', () => {
  it('are dropped quietly and counted as misses, on both paths', async () => {
    const client = testClient({ host: redis.host, port: redis.port });
    try {
      await client.set('vanish:present', 'x', 'PX', 600_000);
      const keys = [Buffer.from('vanish:present'), Buffer.from('vanish:deleted-after-scan')];
      const sha = String(await client.script('LOAD', PAGE_SCRIPT));
      const before = await keyspaceHits();
      const viaScript = parseScriptReply(keys, await client.callBuffer('EVALSHA', sha, 2, ...keys, '1', String(DEFAULT_SIZES.exactBudget), String(DEFAULT_SIZES.exactBelow)));
      const viaPipeline = await pipelinePage(client, keys, { withMemory: true, ...DEFAULT_SIZES });
      const after = await keyspaceHits();
      // TYPE + PTTL of the present key are hits; the script skips PTTL after TYPE → none, the pipeline cannot.
      expect([viaScript.hits, viaScript.misses]).toEqual([2, 1]);
      expect([viaPipeline.hits, viaPipeline.misses]).toEqual([2, 2]);
      expect({ hits: after.hits - before.hits, misses: after.misses - before.misses }).toEqual({ hits: 4, misses: 3 });
      for (const page of [viaScript, viaPipeline]) {
        expect(page.types).toEqual(['string', null]);
        const ix = new KeyIndex();
        expect(indexPage(ix, page, null)).toBe(1);
        expect(ix.find(keys[1]!)).toBe(-1);
        expect(ix.find(keys[0]!)).toBeGreaterThanOrEqual(0);
      }
    } finally {
      client.disconnect();
    }
  });
});
