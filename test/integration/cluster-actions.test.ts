import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { undoPath } from '../../electron/core/actions/undo-dir';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, tempDir, type TestCore } from '../helpers/core';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { flushCluster, keysByPrimary, testClusterClient } from '../helpers/redis-cluster-client';
import { ask } from '../helpers/redis-client';
import { runCli } from '../helpers/run-cli';
import { invalidate, waitJob } from './actions-helpers';

// Invalidate, undo/restore, warm and flush on a real 3-primary cluster (issue 16): every action
// reaches every shard, no pipeline spans nodes, no multi-key command spans slots (CROSSSLOT).
// One cluster for the file; every test starts from an empty cluster.

const SLOW = 180_000;
const BIN = Buffer.concat([Buffer.from('session:'), Buffer.from([0xff, 0x00, 0x0a, 0x2a])]);

let cluster: TestCluster;
let seed: Cluster;
let t: TestCore;
let id: string;
let dataDir: string;

beforeAll(async () => {
  ensureNodeBuilt();
  cluster = await startCluster();
  seed = testClusterClient(cluster);
  t = makeCore({});
  const [first, ...rest] = cluster.seeds;
  const saved = await t.call('profiles.save', { name: 'test cluster', host: first!.host, port: first!.port, kind: 'cluster', seeds: rest.map((s) => ({ ...s })) });
  id = saved.id;
  await t.call('connections.open', { id });
  dataDir = tempDir();
}, SLOW);
afterAll(async () => {
  await t?.close();
  seed?.disconnect();
  await cluster?.stop();
});
beforeEach(() => flushCluster(cluster));

/** Run `write` for every item, a few hundred at a time (the cluster client routes each). */
async function each<T>(items: T[], write: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += 200) await Promise.all(items.slice(i, i + 200).map(write));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Keys of every primary that satisfy `test`, with how many each primary holds. */
async function where(test: (key: string) => boolean): Promise<{ total: number; perPrimary: number[] }> {
  const perPrimary = [...(await keysByPrimary(cluster)).values()].map((keys) => [...keys].filter(test).length);
  return { total: perPrimary.reduce((a, b) => a + b, 0), perPrimary };
}

const isSession = (k: string) => k.startsWith('session:');

/**
 * 600 session strings (a third with a TTL), 30 hash-tag hashes in one slot, a binary key and one
 * with glob characters — all under `session:` — and 300 other keys that must stay.
 */
async function seedSessions(): Promise<number> {
  await each(range(600), (i) => (i % 3 === 0 ? seed.set(`session:${i}`, `v${i}`, 'EX', 3600) : seed.set(`session:${i}`, `v${i}`)));
  await each(range(30), (i) => seed.hset(`session:{user:7}:${i}`, 'f', `h${i}`));
  await seed.set(BIN, 'binary', 'EX', 5000);
  await seed.set('session:[x]*', 'glob');
  await each(range(300), (i) => seed.set(`user:${i}`, 'keep'));
  await seed.set('sessionX', 'keep');
  return 600 + 30 + 2;
}

describe('invalidate across the nodes of a cluster', () => {
  it('a prefix deletes its keys on every shard, exactly, with an undo file that restores every key with its TTL', { timeout: SLOW }, async () => {
    const total = await seedSessions();
    const before = await where(isSession);
    expect(before.total).toBe(total);
    expect(before.perPrimary.every((n) => n > 0)).toBe(true); // the prefix spans all three shards

    const { preview, result } = await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'session:' } }, { undo: true });
    expect(preview).toMatchObject({ matched: total, matchedKind: 'exact', scanned: total, nodes: 3 });
    expect(preview.bytesKind).toBe('exact');
    expect(result, result.message).toMatchObject({ state: 'done', deleted: total, matched: total, scanned: total, undoSaved: { entries: total } });
    expect(result.message).not.toMatch(/CROSSSLOT|unexpected/i);
    expect((await where(isSession)).total).toBe(0);
    expect((await where((k) => !isSession(k))).total).toBe(301);

    // The undo file says where the keys came from: the cluster, with every node's address.
    const files = await t.call('actions.undoFiles', { id });
    expect(files[0]).toMatchObject({ file: result.undoFile, entries: total, complete: true });
    expect(files[0]!.server).toMatch(/^cluster 127\.0\.0\.1:\d+/);
    // Every primary at least (CLUSTER SLOTS leaves out a replica that has not replicated anything yet).
    expect(files[0]!.nodes).toEqual(expect.arrayContaining(cluster.seeds.map((n) => `127.0.0.1:${n.port}`)));
    const header = JSON.parse(readFileSync(undoPath(t.dataDir, result.undoFile!), 'utf8').split('\n')[0]!) as { server: string };
    expect(header.server).toBe(files[0]!.server);
    const audit = await t.call('audit.list', { action: 'invalidate', limit: 1 });
    expect(audit.entries[0]).toMatchObject({ outcome: 'ok', previewCount: total, resultCount: total, undoFile: result.undoFile });

    // Undo: every key back on its shard, values and TTLs as they were.
    const { jobId } = await t.call('actions.undo', { id, undoFile: result.undoFile!, replace: false, intoOtherTarget: false });
    const undone = await waitJob(t, jobId);
    expect(undone, undone.message).toMatchObject({ state: 'done', written: total, failed: 0, skipped: 0 });
    expect(await where(isSession)).toEqual(before);
    expect(await seed.get('session:1')).toBe('v1');
    expect(await seed.hget('session:{user:7}:29', 'f')).toBe('h29');
    expect(await seed.get(BIN)).toBe('binary');
    expect(await seed.get('session:[x]*')).toBe('glob');
    const ttl = await seed.pttl('session:3');
    expect(ttl).toBeGreaterThan(3_000_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    expect(await seed.pttl('session:1')).toBe(-1);
    expect(await seed.pttl(BIN)).toBeGreaterThan(4_000_000);
  });

  it('a pattern (with a type filter) matches on every shard, and only what it names', { timeout: SLOW }, async () => {
    await each(range(300), (i) => (i % 2 === 0 ? seed.set(`meeting:${i}:42`, 'x') : seed.hset(`meeting:${i}:42`, 'f', 'x')));
    await each(range(100), (i) => seed.set(`meeting:${i}:43`, 'x'));
    const { preview, result } = await invalidate(t, id, { kind: 'pattern', pattern: { utf8: 'meeting:*:42' }, type: 'hash' });
    expect(preview).toMatchObject({ matched: 150, matchedKind: 'exact' });
    expect(result, result.message).toMatchObject({ state: 'done', deleted: 150, matched: 150 });
    const left = await where((k) => k.endsWith(':42'));
    expect(left.total).toBe(150);
    expect(await seed.type('meeting:0:42')).toBe('string');
    expect(await seed.exists('meeting:1:42')).toBe(0);
    expect((await where((k) => k.endsWith(':43'))).total).toBe(100);
  });

  it('explicit keys spanning every shard (some missing, a type filter) are previewed and deleted through the keyed client', { timeout: SLOW }, async () => {
    await each(range(400), (i) => (i % 4 === 0 ? seed.rpush(`k:${i}`, 'a') : seed.set(`k:${i}`, `v${i}`)));
    const keys = [...range(400).map((i) => `k:${i}`), 'k:missing:1', 'k:missing:2'].map((k) => ({ utf8: k }));
    const all = await invalidate(t, id, { kind: 'keys', keys, type: 'string' }, { undo: true });
    expect(all.preview).toMatchObject({ matched: 300, matchedKind: 'exact', scanned: 402 });
    expect(all.result, all.result.message).toMatchObject({ state: 'done', deleted: 300, matched: 300, undoSaved: { entries: 300 } });
    expect((await where((k) => k.startsWith('k:'))).total).toBe(100);
    expect(await seed.type('k:0')).toBe('list');
    // And back: the keyed client restores into every shard.
    const undone = await waitJob(t, (await t.call('actions.undo', { id, undoFile: all.result.undoFile!, replace: false, intoOtherTarget: false })).jobId);
    expect(undone).toMatchObject({ state: 'done', written: 300 });
    expect((await where((k) => k.startsWith('k:'))).total).toBe(400);
    expect(await seed.get('k:399')).toBe('v399');
  });
});

describe('how a batch of many slots is deleted', () => {
  /** Calls of `commands` so far, summed over the primaries (INFO commandstats). */
  async function calls(commands: string[]): Promise<number> {
    let n = 0;
    for (const p of cluster.seeds) {
      const info = String(await ask(p.port, ['INFO', 'commandstats']));
      for (const c of commands) n += Number(new RegExp(`^cmdstat_${c}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
    }
    return n;
  }

  it('script calls of up to 250 keys where the server takes them (loaded again after SCRIPT FLUSH); per slot where the ACL denies scripts', { timeout: SLOW }, async () => {
    await each(range(3000), (i) => seed.set(`b:${i}`, 'x'));
    const scripts0 = await calls(['evalsha', 'eval']);
    const { result } = await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'b:' } });
    expect(result, result.message).toMatchObject({ state: 'done', deleted: 3000 });
    // Up to 250 keys a script call: a dozen or so calls in all, not one UNLINK per slot (~2,700).
    const scripts = (await calls(['evalsha', 'eval'])) - scripts0;
    expect(scripts).toBeGreaterThanOrEqual(12);
    expect(scripts).toBeLessThanOrEqual(40);

    // The script cache emptied under the open connection: loaded again, the same few calls.
    for (const p of cluster.seeds) await ask(p.port, ['SCRIPT', 'FLUSH']);
    await each(range(3000), (i) => seed.set(`b:${i}`, 'x'));
    const unlinksBefore = await calls(['unlink']);
    const again = await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'b:' } });
    expect(again.result, again.result.message).toMatchObject({ state: 'done', deleted: 3000 });
    expect(await calls(['script\\|load'])).toBeGreaterThanOrEqual(6); // SCRIPT LOAD before and after the flush, on each primary
    expect((await calls(['unlink'])) - unlinksBefore).toBe(3000); // one UNLINK a key, inside the script calls

    // A user without scripting: the same deletion, one UNLINK per slot, nothing left.
    for (const n of cluster.nodes) await ask(n.port, ['ACL', 'SETUSER', 'noscript', 'on', '>noscript-pw', '~*', '&*', '+@all', '-@scripting']);
    const [first, ...rest] = cluster.seeds;
    const other = (await t.call('profiles.save', { name: 'no scripts', host: first!.host, port: first!.port, kind: 'cluster', seeds: rest.map((s) => ({ ...s })), username: 'noscript', password: 'noscript-pw' })).id;
    await t.call('connections.open', { id: other });
    await each(range(3000), (i) => seed.set(`b:${i}`, 'x'));
    const unlinks0 = await calls(['unlink']);
    const scripts1 = await calls(['evalsha', 'eval']);
    const denied = await invalidate(t, other, { kind: 'prefix', prefix: { utf8: 'b:' } });
    expect(denied.result, denied.result.message).toMatchObject({ state: 'done', deleted: 3000 });
    expect(await calls(['evalsha', 'eval'])).toBe(scripts1);
    expect((await calls(['unlink'])) - unlinks0).toBeGreaterThan(1000); // 3000 keys over ~2,700 slots
    expect((await where((k) => k.startsWith('b:'))).total).toBe(0);
    await t.call('connections.close', { id: other });
  });
});

describe('warm across the nodes of a cluster', () => {
  it('an NDJSON file writes every type of key onto the shard of its slot', { timeout: SLOW }, async () => {
    const lines = range(500).map((i) => {
      switch (i % 5) {
        case 0:
          return { key: `w:${i}`, type: 'string', value: `s${i}`, ttl: 600 };
        case 1:
          return { key: `w:${i}`, type: 'hash', value: { a: '1', b: String(i) } };
        case 2:
          return { key: `w:${i}`, type: 'list', value: ['x', 'y'], ttl: 600 };
        case 3:
          return { key: `w:${i}`, type: 'set', value: ['m', 'n'] };
        default:
          return { key: `w:${i}`, type: 'zset', value: { m: 1, n: 2 } };
      }
    });
    const content = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    const preview = await t.call('warm.file.preview', { id, source: { content, name: 'warm.ndjson' } });
    expect(preview).toMatchObject({ format: 'ndjson', valid: 500, invalid: 0 });
    const started = performance.now();
    const result = await waitJob(t, (await t.call('warm.file.execute', { id, previewId: preview.previewId, intoOtherTarget: false })).jobId);
    const ms = performance.now() - started;
    expect(result, JSON.stringify(result.errors)).toMatchObject({ state: 'done', written: 500, failed: 0 });
    console.log(`warm --file on a 3-primary cluster: 500 lines (all types) in ${Math.round(ms)} ms`);
    const spread = await where((k) => k.startsWith('w:'));
    expect(spread.total).toBe(500);
    expect(spread.perPrimary.every((n) => n > 0)).toBe(true);
    expect(await seed.hget('w:1', 'b')).toBe('1');
    expect(await seed.lrange('w:2', 0, -1)).toEqual(['x', 'y']);
    expect(await seed.ttl('w:0')).toBeGreaterThan(500);
    expect(await seed.zscore('w:4', 'n')).toBe('2');
  });

  it('warm --urls: the app\'s cache hits and misses meanwhile are summed over every primary', { timeout: SLOW }, async () => {
    // An app whose cache is the cluster: GET course:N, else build it and SET it.
    const app = http.createServer((req, res) => {
      void (async () => {
        const n = /^\/courses\/(\d+)$/.exec(req.url ?? '')?.[1];
        if (!n) return void res.writeHead(404).end();
        let body = await seed.get(`course:${n}`);
        if (body === null) await seed.set(`course:${n}`, (body = `course ${n}`), 'EX', 300);
        res.writeHead(200).end(body);
      })();
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const urls = range(30).map((n) => `http://127.0.0.1:${(app.address() as AddressInfo).port}/courses/${n}`);
      const cold = await waitJob(t, (await t.call('warm.urls', { id, urls, concurrency: 4, timeoutMs: 5000 })).jobId);
      expect(cold).toMatchObject({ state: 'done', written: 30, failed: 0 });
      expect(cold.hitRate!.during).toEqual({ hits: 0, misses: 30, hitRate: 0 });
      // The 30 keys sit on every shard; the second round hits on each.
      expect((await where((k) => k.startsWith('course:'))).perPrimary.every((c) => c > 0)).toBe(true);
      const warm = await waitJob(t, (await t.call('warm.urls', { id, urls, concurrency: 4, timeoutMs: 5000 })).jobId);
      expect(warm.hitRate!.during).toEqual({ hits: 30, misses: 0, hitRate: 1 });
    } finally {
      app.closeAllConnections();
      await new Promise((r) => app.close(r));
    }
  });

  it('a backup file taken on the cluster warms back into it (RESTORE per node)', { timeout: SLOW }, async () => {
    const total = await seedSessions();
    const { result } = await invalidate(t, id, { kind: 'prefix', prefix: { utf8: 'session:' } }, { undo: true });
    expect(result.deleted).toBe(total);
    const content = readFileSync(undoPath(t.dataDir, result.undoFile!), 'utf8');
    const preview = await t.call('warm.file.preview', { id, source: { content, name: 'backup.ndjson' } });
    expect(preview).toMatchObject({ format: 'undo', valid: total });
    const warmed = await waitJob(t, (await t.call('warm.file.execute', { id, previewId: preview.previewId, intoOtherTarget: false })).jobId);
    expect(warmed, JSON.stringify(warmed.errors)).toMatchObject({ state: 'done', written: total, failed: 0 });
    expect((await where(isSession)).total).toBe(total);
  });
});

describe('flush on a cluster', () => {
  it('FLUSHDB runs on every primary; the preview says how many primaries and keys', { timeout: SLOW }, async () => {
    await each(range(900), (i) => seed.set(`f:${i}`, 'x'));
    const preview = await t.call('flush.preview', { id });
    expect(preview).toMatchObject({ all: false, keys: 900, nodes: 3, summary: 'FLUSHDB on 3 primaries: 900 keys', command: 'available' });
    const result = await t.call('flush.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase });
    expect(result).toMatchObject({ command: 'FLUSHDB ASYNC', keysBefore: 900, nodes: 3 });
    expect((await where(() => true)).total).toBe(0);
    const audit = await t.call('audit.list', { action: 'flushdb', limit: 1 });
    expect(audit.entries[0]).toMatchObject({ outcome: 'ok', previewCount: 900, message: 'FLUSHDB ASYNC on 3 primaries' });
  });
});

describe('the CLI on a cluster node', () => {
  const url = () => `redis://127.0.0.1:${cluster.seeds[1]!.port}`;
  const cli = (args: string[]) => runCli([...args, '--url', url()], { env: { CACHESCOPE_DATA_DIR: dataDir }, timeoutMs: 120_000 });
  const json = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

  it('invalidate --prefix deletes on every shard, never CROSSSLOT; restore through another node brings them back', { timeout: SLOW }, async () => {
    const total = await seedSessions();
    const backup = path.join(dataDir, `sessions-${Date.now()}.ndjson`);
    const dry = await cli(['invalidate', '--prefix', 'session:']);
    expect(dry.stdout).toMatch(new RegExp(`^${total} keys match prefix "session:" in db 0 at 127\\.0\\.0\\.1:\\d+ across 3 primaries \\(exact\\)`));
    const r = await cli(['invalidate', '--prefix', 'session:', '--yes', '--backup', backup, '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/CROSSSLOT|unexpected error/i);
    expect(json(r.stdout)).toMatchObject({ state: 'done', deleted: total, preview: { matched: total, matchedKind: 'exact' }, backup: { entries: total } });
    expect((await where(isSession)).total).toBe(0);
    const header = JSON.parse(readFileSync(backup, 'utf8').split('\n')[0]!) as { server: string; nodes?: string[] };
    expect(header.server).toBe(`cluster 127.0.0.1:${cluster.seeds[1]!.port}`);

    // Through another node of the same cluster: not "another target" (the header names every node).
    const other = await runCli(['restore', '--backup', backup, '--url', `redis://127.0.0.1:${cluster.seeds[2]!.port}`], { env: { CACHESCOPE_DATA_DIR: dataDir }, timeoutMs: 120_000 });
    expect(other.code, other.stderr + other.stdout).toBe(0);
    expect(other.stdout).toMatch(new RegExp(`Restored ${total}`));
    expect((await where(isSession)).total).toBe(total);
  });

  it('flush says how many primaries and keys, and empties them all; --by-scan keeps a backup', { timeout: SLOW }, async () => {
    await each(range(300), (i) => seed.set(`f:${i}`, 'x'));
    const no = await cli(['flush']);
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(/this would delete 300 keys from db 0 at 127\.0\.0\.1:\d+ \(FLUSHDB on 3 primaries: 300 keys\), with no undo/);
    const r = await cli(['flush', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^FLUSHDB ASYNC on 3 primaries: 300 keys removed from db 0 at 127\.0\.0\.1:\d+\.$/m);
    expect((await where(() => true)).total).toBe(0);

    await each(range(300), (i) => seed.set(`g:${i}`, 'x'));
    const backup = path.join(dataDir, `flush-${Date.now()}.ndjson`);
    const byScan = await cli(['flush', '--by-scan', '--yes', '--backup', backup, '--json']);
    expect(byScan.code, byScan.stderr).toBe(0);
    expect(json(byScan.stdout)).toMatchObject({ state: 'done', deleted: 300, backup: { entries: 300 } });
    expect((await where(() => true)).total).toBe(0);
  });
});
