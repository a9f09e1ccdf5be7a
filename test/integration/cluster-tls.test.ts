import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Cluster } from 'ioredis';
import type { MetricSample } from '../../shared/contract';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, tempDir, type TestCore } from '../helpers/core';
import { ask } from '../helpers/redis-client';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { testClusterClient } from '../helpers/redis-cluster-client';
import { runCli } from '../helpers/run-cli';
import { makeCertificates } from '../helpers/tls-certs';

// Issue 16: TLS on a cluster. Every node speaks TLS only (--port 0), the cluster bus and
// replication too; Cachescope reaches every node through one seed, trusting the test's CA.
const SLOW = 240_000;
const N = { sessions: 400, profiles: 300, carts: 200 };
const TOTAL = N.sessions + N.profiles + N.carts;

let certs: { ca: string; cert: string; key: string };
let cluster: TestCluster;
let seed: Cluster;
let app: TestCore;
let id: string;

beforeAll(async () => {
  ensureNodeBuilt();
  certs = makeCertificates(tempDir('cachescope-cluster-tls-'));
  cluster = await startCluster({ tls: certs });
  seed = testClusterClient(cluster);
  for (let i = 0; i < N.sessions; i++) await seed.set(`session:${i}`, 'x', 'EX', 3600);
  for (let i = 0; i < N.profiles; i++) await seed.hset(`user:${i}:profile`, 'name', `u${i}`);
  for (let i = 0; i < N.carts; i++) await seed.rpush(`cart:{u${i}}`, 'a', 'b');
  app = makeCore({});
  const [first, ...rest] = cluster.seeds;
  id = (await app.call('profiles.save', { name: 'tls cluster', kind: 'cluster', host: first!.host, port: first!.port, seeds: rest.map((s) => ({ ...s })), tls: { enabled: true, caFile: certs.ca } })).id;
}, SLOW);

afterAll(async () => {
  await app?.close();
  seed?.disconnect();
  await cluster?.stop();
});

const dbsize = (port: number) => ask(port, ['DBSIZE'], { tlsCa: certs.ca }).then(Number);

it('a TLS-only cluster: no plaintext port, and a plaintext client is refused', async () => {
  await expect(ask(cluster.seeds[0]!.port, ['PING'], { timeoutMs: 2000 })).rejects.toThrow();
  expect(await ask(cluster.seeds[0]!.port, ['PING'], { tlsCa: certs.ca })).toBe('PONG');
});

it('opens through one seed with the CA, polls all 6 nodes over TLS, and the stats are the primaries’ sums', { timeout: SLOW }, async () => {
  const state = await app.call('connections.open', { id });
  expect(state.status).toBe('ready');
  const sample: MetricSample = await app.next('metrics.sample', (s) => s.connectionId === id && s.nodes?.length === 6 && s.nodes.every((n) => n.up) && s.cluster?.ok === true, 60_000);
  const primaries = sample.nodes!.filter((n) => n.role === 'primary');
  expect(primaries.map((n) => n.address).sort()).toEqual(cluster.seeds.map((s) => `127.0.0.1:${s.port}`).sort());
  expect(sample.nodes!.filter((n) => n.role === 'replica')).toHaveLength(3);
  expect(primaries.reduce((a, p) => a + p.slots!, 0)).toBe(16384);
  expect(sample.keys).toBe(TOTAL);
  for (const p of primaries) expect(p.keys).toBe(await dbsize(Number(p.address.split(':')[1])));
  expect(sample.cluster).toEqual({ ok: true, slotsCovered: 16384 });
});

it('scan and analysis over TLS: every key of every primary, namespaces exact', { timeout: SLOW }, async () => {
  const { scanId } = await app.call('keys.scan.start', { id });
  const end = await app.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted', 120_000);
  expect(end).toMatchObject({ state: 'done', path: 'script', indexed: TOTAL, nodes: 3, restarts: 0 });
  const report = await app.call('analysis.run', { id });
  expect(report).toMatchObject({ complete: true, dbsize: TOTAL, nodes: 3 });
  expect(report.totals.keys).toBe(TOTAL);
  const ns = Object.fromEntries(report.namespaces.map((n) => ['utf8' in n.prefix ? n.prefix.utf8 : n.prefix.base64, n.keys]));
  expect(ns).toEqual({ 'session:': N.sessions, 'user:*:': N.profiles, 'cart:': N.carts });
});

it('the CLI too: cachescope analyze --json --tls-ca on a seed', { timeout: SLOW }, async () => {
  const r = await runCli(['analyze', '--json', '--url', `rediss://127.0.0.1:${cluster.seeds[1]!.port}`, '--tls-ca', certs.ca], { timeoutMs: 120_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ nodes: 3, totals: { keys: TOTAL } });
});
