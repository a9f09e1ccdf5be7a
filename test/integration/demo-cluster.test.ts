import { readFileSync, rmSync } from 'node:fs';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInput } from '../../electron/core/profile/profile';
import { connectOnceTo } from '../../electron/core/redis/connect-once';
import { unlinkMatching } from '../../electron/workload/invalidate';
import { getProfile } from '../../electron/workload/profiles';
import { seedKeys } from '../../electron/workload/seed';
import { ensureNodeBuilt } from '../helpers/build-node';
import { tempDir } from '../helpers/core';
import { ask } from '../helpers/redis-client';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { portState } from '../helpers/redis-server';
import { runCli, startCli } from '../helpers/run-cli';

// Issue 16: `cachescope demo --cluster` — a private 3-primary cluster (with replicas), the
// dataset seeded slot by slot, the cache-aside workload as a cluster app, the URL printed,
// everything stopped on Ctrl-C; and the workload's bulk seeding and pattern invalidation on a cluster.
const SLOW = 240_000;
const dataDir = tempDir('cachescope-demo-cluster-');
const env = { CACHESCOPE_DATA_DIR: dataDir };
const STATUS = /^\d\d:\d\d:\d\d {2}ops \S+\/s {2}hit \S+( \(target \d+%\))? {2}sets \d+ {2}deletes \d+ .*keys [\d,]+ {2}mem [\d.]+ \w+( \/ [\d.]+ \w+)? {2}evicted [\d,]+$/;

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Running: exists and is not a zombie (this sandbox's init does not reap orphans). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

const dbsizes = (ports: number[]) => Promise.all(ports.map(async (port) => Number(await ask(port, ['DBSIZE']))));

describe('cachescope demo --cluster', () => {
  beforeAll(() => ensureNodeBuilt());

  it('starts 3 primaries + 3 replicas, seeds every shard, runs the workload without errors, prints the URL, stops everything on SIGINT', { timeout: SLOW }, async () => {
    const cli = startCli(['demo', '--cluster', '--no-open', '--profile', 'gomeet', '--keys', '3000', '--ops', '300', '--interval', '0.5'], { env, timeoutMs: SLOW });
    const first = await cli.line(1);
    const m = /^Started a Redis Cluster of 3 primaries and 3 replicas at (redis:\/\/127\.0\.0\.1:(\d+),127\.0\.0\.1:(\d+),127\.0\.0\.1:(\d+)) \(pids ([\d, ]+); maxmemory 64\.0 MiB per node, volatile-lru, no persistence\)\.$/.exec(first);
    expect(m, first).not.toBeNull();
    const url = m![1]!;
    const primaries = [m![2], m![3], m![4]].map(Number);
    const pids = m![5]!.split(', ').map(Number);
    expect(pids).toHaveLength(6);
    expect(await cli.line(2)).toMatch(/^Seeded 3,000 keys of profile gomeet .* keys\/s\.$/);
    expect(await cli.line(3)).toMatch(/^Cache-aside workload: 300 ops\/s, no hit-rate target.*Ctrl-C stops it and the cluster\./);
    expect(await cli.line(4)).toBe(`Dashboard not started (--no-open). To watch it, run in the Cachescope folder: REDIS_URL=${url} npx cachescope serve`);
    expect(await cli.line(5)).toMatch(STATUS);

    // Every shard holds part of the dataset; the URL printed is what Cachescope connects to.
    const sizes = await dbsizes(primaries);
    for (const n of sizes) expect(n).toBeGreaterThan(500);
    // gomeet's own invalidations (meeting:list:*, meeting:*:<id>) delete groups as it runs.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(2000);
    const stats = await runCli(['stats', '--url', url, '--count', '1', '--json'], { env, timeoutMs: 60_000 });
    expect(stats.code, stats.stderr).toBe(0);
    expect((JSON.parse(stats.stdout.trim()) as { keys: number }).keys).toBeGreaterThan(2000);
    // The app's own lookups reach the shards: keyspace hits on more than one primary.
    const hits = await Promise.all(primaries.map(async (port) => Number(/keyspace_hits:(\d+)/.exec(String(await ask(port, ['INFO', 'stats'])))?.[1])));
    expect(hits.filter((h) => h > 0).length).toBeGreaterThan(1);
    await cli.line(7);

    cli.child.kill('SIGINT');
    const result = await cli.done;
    // No workload error (a CROSSSLOT or MOVED would be printed here).
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^Stopped after [\d,]+ operations: hit rate [\d.]+%, [\d,]+ sets, [\d,]+ deletes; the cluster's 6 redis-servers stopped\.$/);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    for (const port of primaries) expect(await portState(port)).toBe('refused');
  });

  it('--replicas needs --cluster; --replicas 0 starts primaries only', { timeout: SLOW }, async () => {
    const bad = await runCli(['demo', '--replicas', '1', '--no-open'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--replicas sizes the private cluster: give it with --cluster/);
    const cli = startCli(['demo', '--cluster', '--replicas', '0', '--no-open', '--profile', 'skillup', '--keys', '300', '--interval', '0.5'], { env, timeoutMs: SLOW });
    expect(await cli.line(1)).toMatch(/^Started a Redis Cluster of 3 primaries and 0 replicas at redis:\/\//);
    await cli.line(5);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('the workload on a cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster({ replicasPerPrimary: 0 });
  }, SLOW);
  afterAll(() => cluster?.stop());

  const ports = () => cluster.seeds.map((s) => s.port);
  const profile = () => resolveInput({ name: 'c', host: '127.0.0.1', port: cluster.seeds[0]!.port, kind: 'cluster' }, 'c').profile;

  it('seeds exactly N keys, slot by slot, over every primary (also from one node named alone)', { timeout: SLOW }, async () => {
    const result = await seedKeys(profile(), { profile: getProfile('vtp'), keys: 5000, batchKeys: 200 });
    expect(result.keys).toBe(5000);
    const sizes = await dbsizes(ports());
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5000);
    for (const n of sizes) expect(n).toBeGreaterThan(1000);

    // `cachescope seed` at one node: the cluster is found, and every primary gets its keys.
    for (const port of ports()) await ask(port, ['FLUSHALL']);
    const r = await runCli(['seed', '--host', '127.0.0.1', '--port', String(cluster.seeds[1]!.port), '--profile', 'skillup', '--keys', '2000', '--json'], { env, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect((await dbsizes(ports())).reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it('pattern invalidation scans every primary and unlinks by slot', { timeout: SLOW }, async () => {
    for (const port of ports()) await ask(port, ['FLUSHALL']);
    const client = (await connectOnceTo(profile(), 'cli')) as Cluster;
    try {
      for (let i = 0; i < 300; i++) await client.set(`meeting:${i}:participants`, 'x');
      await client.set('other:1', 'y');
      expect((await dbsizes(ports())).every((n) => n > 0)).toBe(true);
      const result = await unlinkMatching(client, 'meeting:*', { count: 50 });
      expect(result.deleted).toBe(300);
      expect((await dbsizes(ports())).reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      client.disconnect();
    }
  });
});
