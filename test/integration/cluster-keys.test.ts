import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderRow, KeyRow, ScanProgress, WireBytes } from '../../shared/contract';
import { slotOf } from '../../electron/core/redis/slots';
import { resolveInput } from '../../electron/core/profile/profile';
import { ReadLedger } from '../../electron/core/metrics/read-ledger';
import { ClusterTarget } from '../../electron/core/redis/target';
import { runScan } from '../../electron/core/scan/scanner';
import { scanNodes } from '../../electron/core/scan/scan-nodes';
import { DEFAULT_SIZES, parseScriptReply, pipelinePage } from '../../electron/core/scan/page-meta';
import { PAGE_SCRIPTS } from '../../electron/core/scan/page-script';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, type TestCore } from '../helpers/core';
import { ask, infoFields, pollUntil, testClient, type TestClient } from '../helpers/redis-client';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { runCli } from '../helpers/run-cli';
import { invalidate } from './actions-helpers';

// Issue 16, keys part: scan, analysis, key detail, TTL edit and delete on a real 3+3 Redis
// Cluster (one per file: it takes seconds to form). Bounds are for a loaded 2-core machine;
// every wait polls.
const SLOW = 240_000;

let cluster: TestCluster;
let app: TestCore;
const id = 'env-default';
/** A client per node, by port. */
const clients = new Map<number, TestClient>();
/** Which primary serves each slot (from CLUSTER SLOTS, at seeding time). */
let owners: Int32Array;

const w = (k: string | Buffer): WireBytes => (typeof k === 'string' ? { utf8: k } : { base64: k.toString('base64') });
const text = (x: WireBytes) => ('utf8' in x ? x.utf8 : `b64:${x.base64}`);
const node = (port: number) => clients.get(port)!;
const ownerOf = (key: string | Buffer) => owners[slotOf(key)]!;

async function slotOwners(): Promise<Int32Array> {
  const out = new Int32Array(16384).fill(-1);
  const ranges = (await ask(cluster.seeds[0]!.port, ['CLUSTER', 'SLOTS'])) as unknown[][];
  for (const r of ranges) out.fill(Number((r[2] as unknown[])[1]), Number(r[0]), Number(r[1]) + 1);
  return out;
}

/** The running primaries and replicas now (a failover changes them), with each replica's primary. */
async function topology(): Promise<{ primaries: number[]; replicas: { port: number; of: number }[] }> {
  const primaries: number[] = [];
  const replicas: { port: number; of: number }[] = [];
  for (const n of await cluster.roles()) {
    if (n.role === 'primary') primaries.push(n.port);
    else replicas.push({ port: n.port, of: Number(infoFields(await ask(n.port, ['INFO', 'replication'])).master_port) });
  }
  return { primaries: primaries.sort((a, b) => a - b), replicas };
}

async function dbsizeOf(ports: number[]): Promise<number> {
  let sum = 0;
  for (const p of ports) sum += Number(await ask(p, ['DBSIZE']));
  return sum;
}

async function hitsOf(port: number): Promise<{ hits: number; misses: number }> {
  const f = infoFields(await ask(port, ['INFO', 'stats']));
  return { hits: Number(f.keyspace_hits), misses: Number(f.keyspace_misses) };
}

/** Write each key on the primary serving its slot (no cluster client needed: we know the map). */
async function seed(writes: { key: string | Buffer; cmd: (string | Buffer | number)[] }[]): Promise<void> {
  const byNode = new Map<number, typeof writes>();
  for (const x of writes) {
    const port = ownerOf(x.key);
    let list = byNode.get(port);
    if (!list) byNode.set(port, (list = []));
    list.push(x);
  }
  for (const [port, list] of byNode) {
    for (let i = 0; i < list.length; i += 1000) {
      const pipe = node(port).pipeline();
      for (const x of list.slice(i, i + 1000)) pipe.call(String(x.cmd[0]), ...x.cmd.slice(1));
      const replies = (await pipe.exec()) ?? [];
      const failed = replies.find(([e]) => e);
      if (failed) throw failed[0];
    }
  }
}

/**
 * Every replica holds as many keys as its primary (replication has caught up), and every node's
 * CLUSTER SLOTS lists it — Redis leaves out a replica whose offset the cluster bus has not yet
 * told (0), and a client learns of replicas from CLUSTER SLOTS only.
 */
async function replicasInSync(): Promise<void> {
  await pollUntil('replicas in sync', 60_000, async () => {
    const { replicas } = await topology();
    for (const r of replicas) {
      const [mine, theirs] = [Number(await ask(r.port, ['DBSIZE'])), Number(await ask(r.of, ['DBSIZE']))];
      if (mine !== theirs) return `replica ${r.port} has ${mine} keys, its primary ${r.of} ${theirs}`;
    }
    for (const n of await cluster.roles()) {
      const ranges = (await ask(n.port, ['CLUSTER', 'SLOTS'])) as unknown[][];
      if (ranges.some((r) => r.length < 4)) return `${n.port}'s CLUSTER SLOTS does not list every replica yet`;
    }
    return null;
  });
}

async function scan(args: { fromReplicas?: boolean; throttle?: number; path?: 'auto' | 'script' | 'pipeline' } = {}): Promise<{ end: ScanProgress; seen: ScanProgress[] }> {
  const seen: ScanProgress[] = [];
  const off = app.core.on('scan.progress', (p) => seen.push(p));
  try {
    const { scanId } = await app.call('keys.scan.start', { id, ...args });
    const end = await app.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted', 120_000);
    return { end, seen: seen.filter((p) => p.scanId === scanId) };
  } finally {
    off();
  }
}

const N = { profiles: 600, sessions: 600, carts: 300, orders: 300 };
const BINARY = [Buffer.from([0xff, 0x00, 0x61]), Buffer.from('line\nbreak'), Buffer.from('glob*?[x]\\'), Buffer.from('space key')];
const TOTAL = N.profiles + N.sessions + N.carts + N.orders + BINARY.length;

beforeAll(async () => {
  ensureNodeBuilt();
  cluster = await startCluster();
  for (const n of cluster.nodes) clients.set(n.port, testClient(n.port, '127.0.0.1'));
  owners = await slotOwners();
  const writes: { key: string | Buffer; cmd: (string | Buffer | number)[] }[] = [];
  for (let i = 1; i <= N.profiles; i++) writes.push({ key: `user:${i}:profile`, cmd: ['HSET', `user:${i}:profile`, 'name', `user ${i}`, 'plan', 'free'] });
  for (let i = 1; i <= N.sessions; i++) writes.push({ key: `session:sess_${i}`, cmd: ['SET', `session:sess_${i}`, `token-${i}`, 'EX', 3600] });
  for (let i = 1; i <= N.carts; i++) writes.push({ key: `user:{u${i}}:cart`, cmd: ['RPUSH', `user:{u${i}}:cart`, 'a', 'b', 'c'] });
  for (let i = 1; i <= N.orders; i++) writes.push({ key: `{order:${i}}:items`, cmd: ['ZADD', `{order:${i}}:items`, 1, 'x', 2, 'y'] });
  for (const k of BINARY) writes.push({ key: k, cmd: ['SET', k, 'bin'] });
  await seed(writes);
  await replicasInSync();
  app = makeCore({ REDIS_URL: `redis://127.0.0.1:${cluster.seeds[0]!.port}` });
  await app.call('connections.open', { id });
}, SLOW);

afterAll(async () => {
  await app?.close();
  for (const c of clients.values()) c.disconnect();
  await cluster?.stop();
});

describe('scan and analysis over every primary', () => {
  it('opens the node given as a cluster and indexes every key of every primary (= Σ DBSIZE) on the script path, reads exact', { timeout: SLOW }, async () => {
    // The first poll says what the connection reached.
    let mode: string | undefined;
    await pollUntil('the first poll', 60_000, async () => {
      mode = (await app.call('connections.states', {})).find((s) => s.id === id)?.server?.mode;
      return mode ? null : 'no server facts yet';
    });
    expect(mode).toBe('cluster');
    const { primaries } = await topology();
    expect(primaries).toHaveLength(3);
    expect(await dbsizeOf(primaries)).toBe(TOTAL);
    const before = await Promise.all(primaries.map(hitsOf));
    const { end } = await scan();
    const after = await Promise.all(primaries.map(hitsOf));
    expect(end).toMatchObject({ state: 'done', path: 'script', indexed: TOTAL, total: TOTAL, nodes: 3, restarts: 0 });
    expect(end.pathReason).toBeUndefined();
    // Own reads are what the primaries counted, summed: TYPE and PTTL per key, all hits.
    const delta = after.reduce((s, a, i) => ({ hits: s.hits + a.hits - before[i]!.hits, misses: s.misses + a.misses - before[i]!.misses }), { hits: 0, misses: 0 });
    expect(end.serverReads).toEqual(delta);
    expect(end.serverReads).toEqual({ hits: 2 * TOTAL, misses: 0 });
  });

  it('the pipeline path gets the same index', { timeout: SLOW }, async () => {
    const { end } = await scan({ path: 'pipeline' });
    expect(end).toMatchObject({ state: 'done', path: 'pipeline', indexed: TOTAL, serverReads: { hits: 2 * TOTAL, misses: 0 } });
  });

  it('the tree and the report: namespaces exact, hash tags as {*}, binary keys exact', { timeout: SLOW }, async () => {
    await scan();
    const report = await app.call('analysis.run', { id });
    expect(report).toMatchObject({ complete: true, dbsize: TOTAL, path: 'script', nodes: 3 });
    expect(report.totals.keys).toBe(TOTAL);
    const ns = Object.fromEntries(report.namespaces.map((n) => [text(n.prefix), n.keys]));
    // `{order:<n>}:items` ends before depth 2: its last segment names the group (issue 17).
    expect(ns).toEqual({ 'user:*:': N.profiles, 'session:': N.sessions, 'user:{*}:': N.carts, '{*}:items': N.orders, '': BINARY.length });
    expect(report.totals.types).toEqual({ hash: N.profiles, string: N.sessions + BINARY.length, list: N.carts, zset: N.orders });
    expect(report.totals.noTtl).toBe(TOTAL - N.sessions);

    const user = await app.call('keys.tree', { id, prefix: w('user:'), collapseIds: true });
    const folders = user.rows.filter((r): r is FolderRow => r.kind === 'folder').map((f) => [text(f.prefix), f.keys, f.ids]);
    expect(folders).toEqual([
      ['user:*:', N.profiles, N.profiles],
      ['user:{*}:', N.carts, N.carts],
    ]);
    // Inside the tag folder, every user's `cart` is one leaf group (issue 17), which opens on the keys.
    const tagged = await app.call('keys.tree', { id, prefix: w('user:{*}:'), pattern: true, limit: 1000 });
    expect(tagged.rows.map((r) => [text(r.kind === 'folder' ? r.prefix : r.key), r.kind === 'folder' ? r.keys : 1])).toEqual([['user:{*}:cart', N.carts]]);
    const carts = await app.call('keys.tree', { id, prefix: w('user:{*}:cart'), pattern: true, limit: 1000 });
    expect(carts.keys).toBe(N.carts);

    // Binary names come back byte for byte, wherever their slot put them.
    const root = await app.call('keys.tree', { id, prefix: null, collapseIds: true, limit: 1000 });
    const names = root.rows.filter((r): r is KeyRow => r.kind === 'key').map((r) => Buffer.from('utf8' in r.key ? r.key.utf8 : r.key.base64, 'utf8' in r.key ? 'utf8' : 'base64'));
    expect(names.map((b) => b.toString('hex')).sort()).toEqual(BINARY.map((b) => b.toString('hex')).sort());
    expect(new Set(BINARY.map(ownerOf)).size).toBeGreaterThan(1);
    for (const k of BINARY) {
      const found = await app.call('keys.lookup', { id, key: w(k) });
      expect(found).toMatchObject({ exists: true, row: { type: 'string' } });
    }
  });
});

describe('a key its node no longer serves (a slot moved mid-scan)', () => {
  it('is counted as not read — not as ACL-denied, not as gone — by the cluster script and by pipelines', { timeout: SLOW }, async () => {
    const { primaries } = await topology();
    const [here, there] = primaries as [number, number];
    const mine = `user:${Array.from({ length: N.profiles }, (_, i) => i + 1).find((i) => ownerOf(`user:${i}:profile`) === here)}:profile`;
    const foreign = `user:${Array.from({ length: N.profiles }, (_, i) => i + 1).find((i) => ownerOf(`user:${i}:profile`) === there)}:profile`;
    const keys = [Buffer.from(mine), Buffer.from(foreign)];
    const c = node(here);
    const sha = String(await c.script('LOAD', PAGE_SCRIPTS.argv));
    const viaScript = parseScriptReply(keys, await c.callBuffer('EVALSHA', sha, 0, '1', String(DEFAULT_SIZES.exactBudget), String(DEFAULT_SIZES.exactBelow), ...keys));
    const viaPipeline = await pipelinePage(c, keys, { withMemory: true, ...DEFAULT_SIZES });
    for (const page of [viaScript, viaPipeline]) {
      expect(page.types).toEqual(['hash', null]);
      expect({ hits: page.hits, misses: page.misses, denied: page.denied, unserved: page.unserved }).toEqual({ hits: 2, misses: 0, denied: 0, unserved: 1 });
    }
  });
});

describe('reading from replicas', () => {
  it('with fromReplicas the primaries’ keyspace_hits do not move; the replicas count the reads; without it the primaries do', { timeout: SLOW }, async () => {
    const { primaries, replicas } = await topology();
    expect(replicas).toHaveLength(3);
    const replicaPorts = replicas.map((r) => r.port);
    const p0 = await Promise.all(primaries.map(hitsOf));
    const r0 = await Promise.all(replicaPorts.map(hitsOf));
    const spared = await scan({ fromReplicas: true });
    const p1 = await Promise.all(primaries.map(hitsOf));
    const r1 = await Promise.all(replicaPorts.map(hitsOf));
    expect(spared.end).toMatchObject({ state: 'done', path: 'script', indexed: TOTAL, nodes: 3, fromReplicas: true });
    expect(spared.end.message ?? '').not.toMatch(/no replica/);
    expect(p1).toEqual(p0);
    const onReplicas = r1.reduce((s, r, i) => s + r.hits - r0[i]!.hits, 0);
    expect(onReplicas).toBe(2 * TOTAL);

    const plain = await scan();
    const p2 = await Promise.all(primaries.map(hitsOf));
    expect(plain.end).toMatchObject({ state: 'done', indexed: TOTAL });
    expect(p2.reduce((s, p, i) => s + p.hits - p1[i]!.hits, 0)).toBe(2 * TOTAL);
  });

  it('cachescope analyze on a cluster node: every primary, on the script path; --from-replicas leaves the primaries’ hits alone', { timeout: SLOW }, async () => {
    const url = `redis://127.0.0.1:${cluster.seeds[1]!.port}`;
    const { primaries } = await topology();
    const plain = await runCli(['analyze', '--json', '--url', url], { timeoutMs: 120_000 });
    expect(plain.stderr).toBe(''); // no "Note: ran on pipelines because …"
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ path: 'script', nodes: 3, dbsize: TOTAL, totals: { keys: TOTAL }, serverReads: { hits: 2 * TOTAL, misses: 0 } });

    const before = await Promise.all(primaries.map(hitsOf));
    const spared = await runCli(['analyze', '--json', '--from-replicas', '--url', url], { timeoutMs: 120_000 });
    expect(spared.code).toBe(0);
    expect(spared.stderr).toBe('');
    expect(JSON.parse(spared.stdout)).toMatchObject({ path: 'script', nodes: 3, fromReplicas: true, totals: { keys: TOTAL } });
    expect(await Promise.all(primaries.map(hitsOf))).toEqual(before);
  });
});

describe('key detail, TTL and delete route by slot', () => {
  /** The first key of each shape whose slot lives on `port`. */
  const keysOn = (port: number) => ({
    hash: `user:${firstOn(port, (i) => `user:${i}:profile`, N.profiles)}:profile`,
    string: `session:sess_${firstOn(port, (i) => `session:sess_${i}`, N.sessions)}`,
    list: `user:{u${firstOn(port, (i) => `user:{u${i}}:cart`, N.carts)}}:cart`,
    zset: `{order:${firstOn(port, (i) => `{order:${i}}:items`, N.orders)}}:items`,
  });
  const firstOn = (port: number, key: (i: number) => string, n: number) => {
    for (let i = 1; i <= n; i++) if (ownerOf(key(i)) === port) return i;
    throw new Error(`no key of this shape on ${port}`);
  };

  it('reads a string, a hash, a list and a zset on each of the 3 primaries', { timeout: SLOW }, async () => {
    const { primaries } = await topology();
    for (const port of primaries) {
      const k = keysOn(port);
      const hash = await app.call('keys.detail', { id, key: w(k.hash) });
      expect(hash).toMatchObject({ type: 'hash', length: 2, ttlMs: -1 });
      // Redis 7.0 has no CLIENT NO-TOUCH: the read is done without it, and the detail says so.
      expect(hash.lruNote).toMatch(/no CLIENT NO-TOUCH/);
      const str = await app.call('keys.detail', { id, key: w(k.string) });
      expect(str.type).toBe('string');
      expect(str.ttlMs).toBeGreaterThan(0);
      expect(JSON.stringify(str.value)).toContain(`token-${k.string.split('_')[1]}`);
      const list = await app.call('keys.detail', { id, key: w(k.list) });
      expect(list).toMatchObject({ type: 'list', length: 3 });
      const zset = await app.call('keys.detail', { id, key: w(k.zset) });
      expect(zset).toMatchObject({ type: 'zset', length: 2 });
      const page = await app.call('keys.value', { id, key: w(k.list), type: 'list', offset: 1, count: 2 });
      expect(JSON.stringify(page)).toMatch(/"b".*"c"|YQ|Yg/);
    }
  });

  it('sets and removes a TTL on a key of each primary, and deletes one key of each (undo file written)', { timeout: SLOW }, async () => {
    const { primaries } = await topology();
    for (const port of primaries) {
      const k = keysOn(port);
      const set = await app.call('keys.ttl.set', { id, key: w(k.hash), ttlMs: 120_000 });
      expect(set.ttlMs).toBeGreaterThan(100_000);
      expect(Number(await ask(port, ['PTTL', k.hash]))).toBeGreaterThan(100_000);
      const persisted = await app.call('keys.ttl.set', { id, key: w(k.hash), ttlMs: null });
      expect(persisted.ttlMs).toBe(-1);
      expect(Number(await ask(port, ['PTTL', k.hash]))).toBe(-1);

      const { preview, result } = await invalidate(app, id, { kind: 'keys', keys: [w(k.zset)] }, { undo: true });
      expect(preview.matched).toBe(1);
      expect(result).toMatchObject({ state: 'done', deleted: 1 });
      expect(Number(await ask(port, ['EXISTS', k.zset]))).toBe(0);
    }
  });
});

describe('a primary killed mid-scan (its replica promoted)', () => {
  it('keeps the other nodes’ keys, reads the lost part again on the promoted replica, and says what happened', { timeout: SLOW }, async () => {
    const bulk = Array.from({ length: 50_000 }, (_, i) => ({ key: `bulk:${i}`, cmd: ['SET', `bulk:${i}`, 'v'] as (string | number)[] }));
    await seed(bulk);
    await replicasInSync();
    const { primaries } = await topology();
    const total = await dbsizeOf(primaries);
    expect(total).toBeGreaterThan(50_000);
    const victim = primaries[1]!;
    const seen: ScanProgress[] = [];
    const off = app.core.on('scan.progress', (p) => seen.push(p));
    try {
      // Throttled (3 commands a key) so the scan is still on every node when the primary dies.
      const { scanId } = await app.call('keys.scan.start', { id, throttle: 60_000 });
      await app.next('scan.progress', (p) => p.scanId === scanId && p.scanned > 3000, 60_000);
      await cluster.node(victim).kill();
      const end = await app.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted', 180_000);
      const restarted = seen.filter((p) => p.scanId === scanId && p.state === 'restarted');
      // One event per part read again: the victim's, and any other whose pages met the cluster
      // down meanwhile (CLUSTERDOWN) — never the whole scan.
      expect(restarted.length).toBeGreaterThanOrEqual(1);
      for (const r of restarted) expect(r.message).toMatch(/^127\.0\.0\.1:\d+ was lost after \d+ of its keys .*read again .*other nodes' keys are kept\.$/);
      expect(restarted.some((r) => r.message!.startsWith(`127.0.0.1:${victim} was lost`))).toBe(true);
      // The restart count is what the events said, each event counting one more.
      expect(restarted.map((r) => r.restarts)).toEqual(restarted.map((_, i) => i + 1));
      expect(end).toMatchObject({ state: 'done', restarts: restarted.length });
      expect(end.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${victim} was lost`));
      expect(end.message).not.toMatch(/were not read/);
      const now = await topology();
      expect(now.primaries).not.toContain(victim);
      expect(now.primaries).toHaveLength(3);
      // Every key is there once, and was counted once: the promoted replica had them all.
      expect(await dbsizeOf(now.primaries)).toBe(total);
      expect(end.indexed).toBe(total);
      expect(end.scanned).toBe(total);
      const listed = await app.call('keys.list', { id, match: w('bulk:*'), limit: 1 });
      expect(listed.total).toBe(50_000);
    } finally {
      off();
    }
  });
});

describe('a primary without a replica killed mid-scan', () => {
  it('the scan waits for the cluster, then stops with a count and says why; nothing is thrown', { timeout: SLOW }, async () => {
    // A primary with no replica: after the failover above, the promoted one; else one whose replica we stop.
    const { primaries, replicas } = await topology();
    let lone = primaries.find((p) => !replicas.some((r) => r.of === p));
    if (lone === undefined) {
      lone = primaries[0]!;
      for (const r of replicas.filter((x) => x.of === lone)) await cluster.node(r.port).kill();
    }
    const { profile } = resolveInput({ name: 'cluster', kind: 'cluster', host: '127.0.0.1', port: primaries.find((p) => p !== lone)!, connectTimeoutMs: 2000 });
    const target = new ClusterTarget(profile);
    const controller = new AbortController();
    const restarts: string[] = [];
    let scanned = 0;
    try {
      const done = runScan(
        () => scanNodes(target, false),
        { match: null, withMemory: true, throttle: 3000, path: 'auto', signal: controller.signal, ledger: new ReadLedger(), reconnectTimeoutMs: 4000 },
        {
          page: (meta) => {
            scanned += meta.keys.length;
            if (scanned > 200 && cluster.node(lone!).running) void cluster.node(lone!).kill();
          },
          restart: (reason) => restarts.push(reason),
          progress: () => undefined,
        },
      );
      const outcome = await done;
      expect(outcome.state).toBe('error');
      expect(outcome.message).toMatch(/^The scan stopped after \d+ keys: The server did not come back within the reconnect timeout \((slots [\d, -]+ have no primary|127\.0\.0\.1:\d+ serves slots but (is not connected|does not answer|says cluster_state:fail)|.*not connected)/);
      expect(Number(/after (\d+) keys/.exec(outcome.message!)![1])).toBe(outcome.stats.scanned);
      expect(restarts.length).toBeGreaterThanOrEqual(1);
      expect(restarts.join('\n')).toMatch(new RegExp(`127\\.0\\.0\\.1:${lone} was lost`));
    } finally {
      controller.abort();
      await target.close();
    }
  });
});
