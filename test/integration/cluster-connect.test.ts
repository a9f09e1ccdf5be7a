import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, tempDir } from '../helpers/core';
import { ask } from '../helpers/redis-client';
import { closedPort } from '../helpers/redis-server';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { runCli } from '../helpers/run-cli';

// Issue 16, connecting to a cluster: nodes that announce addresses this machine cannot reach are
// named, with the address map that helps, instead of a connection that spins (or a CLI that
// exits 0 having printed nothing); --nat-map makes them reachable; an ACL user, a password and
// read-only apply to every node.
const SLOW = 240_000;
/** What the nodes announce: a name of their own network, which never resolves here (RFC 2606). */
const ANNOUNCED = 'shard.cachescope.invalid';

const dataDir = tempDir();
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { CACHESCOPE_DATA_DIR: dataDir, ...env }, timeoutMs: 90_000 });
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

/** Keys on one node of a cluster, `count` of them, all in slots that node serves. */
async function seedKeys(cluster: TestCluster, count: number, password?: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const key = `session:${i}`;
    const { port } = await cluster.primaryFor(key);
    await ask(port, ['SET', key, 'v'], { password });
  }
}

describe('a cluster whose nodes announce addresses this machine cannot reach', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    ensureNodeBuilt();
    // Clients are told the nodes' hostname (cluster-preferred-endpoint-type); the nodes themselves talk over 127.0.0.1.
    cluster = await startCluster({ replicasPerPrimary: 0, extraArgs: ['--cluster-announce-hostname', ANNOUNCED, '--cluster-preferred-endpoint-type', 'hostname'] });
    await seedKeys(cluster, 60);
  }, SLOW);
  afterAll(() => cluster?.stop());

  const seedFlags = () => ['--host', '127.0.0.1', '--port', String(cluster.seeds[0]!.port)];
  const natMaps = (to: (port: number) => string) => cluster.seeds.flatMap((s) => ['--nat-map', `${ANNOUNCED}:${s.port}=${to(s.port)}`]);

  it('the CLI names the announced addresses and the NAT address map, exit 3', { timeout: SLOW }, async () => {
    for (const args of [['stats', '--count', '1'], ['analyze', '--json'], ['invalidate', '--prefix', 'session:']]) {
      const r = await cli([...args, ...seedFlags()]);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`Cluster 127\\.0\\.0\\.1:\\d+ answered, but its nodes announce addresses this machine cannot reach: ${ANNOUNCED.replaceAll('.', '\\.')}:\\d+ \\(the name does not resolve here\\)`));
      expect(r.stderr).toMatch(/add a NAT address map from each announced address to one this machine reaches/);
      expect(r.stderr).toMatch(new RegExp(`--nat-map ${ANNOUNCED.replaceAll('.', '\\.')}:\\d+=REACHABLE_HOST:PORT`));
      // Every announced address is named, tried or not, so the map can be written from the message.
      for (const s of cluster.seeds) expect(r.stderr).toContain(`${ANNOUNCED}:${s.port}`);
    }
  });

  it('--nat-map ANNOUNCED=REACHABLE for each node makes it work', { timeout: SLOW }, async () => {
    const stats = await cli(['stats', ...seedFlags(), '--count', '1', '--json', ...natMaps((port) => `127.0.0.1:${port}`)]);
    expect(stats.code, stats.stderr).toBe(0);
    expect(lastJson(stats.stdout)).toMatchObject({ keys: 60 });
    const analyze = await cli(['analyze', ...seedFlags(), '--json', ...natMaps((port) => `127.0.0.1:${port}`)]);
    expect(analyze.code, analyze.stderr).toBe(0);
    expect((JSON.parse(analyze.stdout) as { totals: { keys: number } }).totals.keys).toBe(60);
  });

  it('a map to addresses that do not answer either is named as the map\'s', { timeout: SLOW }, async () => {
    const closed = await closedPort();
    const r = await cli(['stats', ...seedFlags(), '--count', '1', ...natMaps(() => `127.0.0.1:${closed}`)]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`its nodes cannot be reached at the addresses the NAT address map sends them to: ${ANNOUNCED.replaceAll('.', '\\.')}:\\d+ → 127\\.0\\.0\\.1:${closed} \\(connection refused\\)`));
  });

  it('the app says so in the connection state at once, and connects with the map', { timeout: SLOW }, async () => {
    const app = makeCore({ REDIS_URL: `redis://127.0.0.1:${cluster.seeds[0]!.port}` });
    try {
      // connections.open answers (it used to wait on ioredis's connect(), which never settles here).
      const opened = await app.call('connections.open', { id: 'env-default' });
      expect(opened.status).not.toBe('ready');
      expect(opened).toMatchObject({ code: 'HOST_NOT_FOUND', reason: expect.stringMatching(/its nodes announce addresses this machine cannot reach: .*add a NAT address map/) });
      await app.call('connections.close', { id: 'env-default' });

      const saved = await app.call('profiles.save', {
        name: 'mapped',
        host: '127.0.0.1',
        port: cluster.seeds[0]!.port,
        kind: 'cluster',
        natMap: cluster.seeds.map((s) => ({ from: { host: ANNOUNCED, port: s.port }, to: { host: '127.0.0.1', port: s.port } })),
      });
      const ready = await app.call('connections.open', { id: saved.id });
      const state = ready.status === 'ready' ? ready : await app.next('connection.state', (s) => s.id === saved.id && s.status === 'ready', 60_000);
      expect(state.reason).toBeUndefined();
      const sample = await app.next('metrics.sample', (s) => s.connectionId === saved.id, 60_000);
      expect(sample.keys).toBe(60);
    } finally {
      await app.close();
    }
  });
});

it('a cluster whose seeds do not answer says so (exit 3), not "Failed to refresh slots cache"', { timeout: SLOW }, async () => {
  const port = await closedPort();
  const r = await cli(['stats', '--host', '127.0.0.1', '--port', String(port), '--seed-node', `127.0.0.1:${port}`, '--count', '1']);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(new RegExp(`No seed node of cluster 127\\.0\\.0\\.1:${port} \\+1 answered: is Redis running and listening there`));
  expect(r.stderr).not.toMatch(/slots cache/);
});

describe('an ACL user, a password and read-only on every node of a cluster', () => {
  const PASSWORD = 'default-s3cret';
  let cluster: TestCluster;
  beforeAll(async () => {
    ensureNodeBuilt();
    cluster = await startCluster({ password: PASSWORD });
    // The user is set on every node, replicas too, as an administrator would (ACLs are per node).
    for (const n of cluster.nodes) await ask(n.port, ['ACL', 'SETUSER', 'app', 'on', '>app-s3cret', '~*', '&*', '+@all'], { password: PASSWORD });
    await seedKeys(cluster, 90, PASSWORD);
  }, SLOW);
  afterAll(() => cluster?.stop());

  const seedFlags = () => ['--host', '127.0.0.1', '--port', String(cluster.seeds[0]!.port), '--cluster'];

  it('connects with --username/--password to every node (stats, analyze, invalidate across the shards)', { timeout: SLOW }, async () => {
    const env = { REDISCLI_AUTH: 'app-s3cret' };
    const stats = await cli(['stats', ...seedFlags(), '--username', 'app', '--count', '1', '--json'], env);
    expect(stats.code, stats.stderr).toBe(0);
    expect(lastJson(stats.stdout)).toMatchObject({ keys: 90 });
    const analyze = await cli(['analyze', ...seedFlags(), '--username', 'app', '--json'], env);
    expect(analyze.code, analyze.stderr).toBe(0);
    expect((JSON.parse(analyze.stdout) as { totals: { keys: number } }).totals.keys).toBe(90);
    // Matching keys live on every shard: each primary was reached as that user.
    const invalidate = await cli(['invalidate', ...seedFlags(), '--username', 'app', '--prefix', 'session:1', '--yes', '--json'], env);
    expect(invalidate.code, invalidate.stderr).toBe(0);
    expect(lastJson(invalidate.stdout)).toMatchObject({ state: 'done', deleted: 11 });
  });

  it('a wrong password for the user is said in words (exit 3)', { timeout: SLOW }, async () => {
    const r = await cli(['stats', ...seedFlags(), '--username', 'app', '--count', '1'], { REDISCLI_AUTH: 'wrong' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Wrong username or password for cluster 127\.0\.0\.1:\d+/);
  });

  it('a read-only profile refuses invalidate and flush on the cluster, and nothing changes', { timeout: SLOW }, async () => {
    const app = makeCore({});
    try {
      const saved = await app.call('profiles.save', { name: 'ro cluster', host: '127.0.0.1', port: cluster.seeds[0]!.port, kind: 'cluster', username: 'app', password: 'app-s3cret', readOnly: true });
      const opened = await app.call('connections.open', { id: saved.id });
      if (opened.status !== 'ready') await app.next('connection.state', (s) => s.id === saved.id && s.status === 'ready', 60_000);
      const dbsizes = async () => Promise.all(cluster.seeds.map(async (s) => Number(await ask(s.port, ['DBSIZE'], { password: PASSWORD }))));
      const before = await dbsizes();
      for (const [command, args] of [
        ['actions.preview', { id: saved.id, target: { kind: 'prefix', prefix: { utf8: 'session:' } } }],
        ['flush.preview', { id: saved.id, all: false }],
      ] as const) {
        const r = await app.core.invoke(command, args);
        expect(r, command).toMatchObject({ ok: false, error: { code: 'READ_ONLY', message: expect.stringMatching(/Connection "ro cluster" is read-only/) } });
      }
      expect(await dbsizes()).toEqual(before);
    } finally {
      await app.close();
    }
  });
});
