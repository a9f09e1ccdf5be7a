import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSample, ProfileInput } from '../../shared/contract';
import { forwardsByTunnel } from '../../electron/core/ssh/connector';
import { configureKnownHosts } from '../../electron/core/ssh/host-key-trust';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, tempDir, type TestCore } from '../helpers/core';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { keysByPrimary, testClusterClient } from '../helpers/redis-cluster-client';
import { ask, pollUntil } from '../helpers/redis-client';
import { runCli } from '../helpers/run-cli';
import { startSshd, type TestSshd } from '../helpers/sshd';
import { invalidate } from './actions-helpers';

/**
 * A real 3-primary cluster (3 replicas) watched through a real sshd (issue 19 with issue 16):
 * every node the cluster announces is dialled from the SSH host's side over the one SSH
 * connection, and keeps its announced address as its name. The sshd and the cluster share this
 * machine's loopback, so the proof that the nodes were reached through SSH is the tunnel's own
 * record of the ends it forwarded to — every node, each by its announced address.
 */
const SLOW = 240_000;
const PASSWORD = 'ssh-cluster';

let sshd: TestSshd;
let cluster: TestCluster;
let direct: Cluster;
let app: TestCore;
let id = '';
const samples: MetricSample[] = [];
const nextSample = (predicate: (s: MetricSample) => boolean, timeoutMs = 60_000) => app.next('metrics.sample', (s) => s.connectionId === id && predicate(s), timeoutMs);
const primariesOf = (s: MetricSample) => (s.nodes ?? []).filter((n) => n.role === 'primary');
const address = (port: number) => `127.0.0.1:${port}`;

const N = { sessions: 600, users: 300 };
const TOTAL = N.sessions + N.users;

async function each<T>(items: T[], write: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += 200) await Promise.all(items.slice(i, i + 200).map(write));
}
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

beforeAll(async () => {
  ensureNodeBuilt();
  [sshd, cluster] = await Promise.all([startSshd(), startCluster({ password: PASSWORD })]);
  direct = testClusterClient(cluster, { redisOptions: { password: PASSWORD } });
  await each(range(N.sessions), (i) => direct.set(`session:${i}`, `v${i}`, 'EX', 3600));
  await each(range(N.users), (i) => direct.hset(`user:${i}`, 'name', `u${i}`));
  app = makeCore({});
  writeFileSync(path.join(app.dataDir, 'known_hosts'), sshd.knownHostsLine + '\n');
  app.core.on('metrics.sample', (s) => s.connectionId === id && samples.push(s));
  id = (await app.call('profiles.save', clusterProfile())).id;
  await app.call('connections.open', { id });
}, SLOW);

function clusterProfile(): ProfileInput {
  const [first, ...rest] = cluster.seeds;
  return {
    name: 'cluster behind bastion',
    kind: 'cluster',
    host: first!.host,
    port: first!.port,
    seeds: rest.map((s) => ({ ...s })),
    password: PASSWORD,
    connectTimeoutMs: 10_000,
    ssh: { enabled: true, host: sshd.host, port: sshd.port, username: sshd.user, auth: 'key', keyFile: sshd.keyFile },
  };
}
afterAll(async () => {
  await app?.close();
  direct?.disconnect();
  await Promise.all([cluster?.stop(), sshd?.stop()]);
});

describe('a Redis Cluster through SSH (real sshd)', () => {
  it('stats are summed over every primary, one row per node under its announced address, every node forwarded over SSH', { timeout: SLOW }, async () => {
    const full = await nextSample((s) => (s.nodes ?? []).length === 6 && s.nodes!.every((n) => n.up) && s.cluster?.ok === true);
    const primaries = primariesOf(full);
    expect(primaries.map((n) => n.address).sort()).toEqual(cluster.seeds.map((s) => address(s.port)).sort());
    expect(full.keys).toBe(TOTAL);
    expect(primaries.reduce((a, n) => a + n.keys, 0)).toBe(TOTAL);
    expect(full.usedMemory).toBe(primaries.reduce((a, n) => a + n.usedMemory, 0));
    expect(primaries.reduce((a, p) => a + (p.slots ?? 0), 0)).toBe(16384);
    expect(full.cluster).toEqual({ ok: true, slotsCovered: 16384 });
    // Every node went through the one SSH connection, by the address the cluster announced.
    const tunnels = forwardsByTunnel();
    expect(tunnels).toHaveLength(1);
    expect(tunnels[0]).toEqual(expect.arrayContaining(cluster.nodes.map((n) => address(n.port))));
  });

  it('an unknown SSH host key on a cluster profile is said as such, with its fingerprint (not as "no seed answered")', { timeout: SLOW }, async () => {
    const fresh = makeCore({});
    try {
      const tested = await fresh.core.invoke('profiles.test', clusterProfile());
      if (tested.ok) expect.fail('profiles.test should have failed');
      expect(tested.error.code).toBe('SSH_HOST_KEY_UNKNOWN');
      expect(tested.error.message).toContain(sshd.fingerprint);
      const saved = await fresh.call('profiles.save', clusterProfile());
      const state = await fresh.call('connections.open', { id: saved.id });
      const error = state.code === 'SSH_HOST_KEY_UNKNOWN' ? state : await fresh.next('connection.state', (s) => s.id === saved.id && s.code === 'SSH_HOST_KEY_UNKNOWN', 60_000);
      expect(error.hostKey).toMatchObject({ port: sshd.port, fingerprint: sshd.fingerprint });
    } finally {
      await fresh.close();
      // The known_hosts files are process-wide (one data dir per process): back to this file's core.
      configureKnownHosts({ dataDir: app.dataDir });
    }
  });

  it('the analysis is exact over all primaries', { timeout: SLOW }, async () => {
    const { scanId } = await app.call('keys.scan.start', { id });
    const end = await app.next('scan.progress', (p) => p.scanId === scanId && p.state !== 'running' && p.state !== 'restarted', 180_000);
    expect(end, end.message).toMatchObject({ state: 'done', indexed: TOTAL, total: TOTAL, nodes: 3 });
    const report = await app.call('analysis.run', { id });
    expect(report).toMatchObject({ complete: true, dbsize: TOTAL, nodes: 3 });
    expect(report.totals.keys).toBe(TOTAL);
    expect(report.totals.types).toEqual({ string: N.sessions, hash: N.users });
    const ns = Object.fromEntries(report.namespaces.map((n) => ['utf8' in n.prefix ? n.prefix.utf8 : '?', n.keys]));
    expect(ns).toMatchObject({ 'session:': N.sessions, 'user:': N.users });
  });

  it('cachescope stats --cluster --ssh: the same sums and six nodes, from a one-shot run', { timeout: SLOW }, async () => {
    const knownHosts = path.join(tempDir(), 'known_hosts');
    writeFileSync(knownHosts, sshd.knownHostsLine + '\n');
    const ssh = ['--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, '--ssh-key', sshd.keyFile, '--ssh-known-hosts', knownHosts];
    const r = await runCli(['stats', '--host', '127.0.0.1', '--port', String(cluster.seeds[0]!.port), '--cluster', ...ssh, '--count', '1', '--interval', '0.5', '--json'], {
      env: { REDISCLI_AUTH: PASSWORD },
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Unhandled|\[ioredis\]/);
    const line = JSON.parse(r.stdout.trim()) as { keys: number; nodes: { address: string; role: string; keys: number; up: boolean }[]; cluster: unknown };
    expect(line.nodes).toHaveLength(6);
    expect(line.nodes.every((n) => n.up)).toBe(true);
    expect(line.nodes.map((n) => n.address).sort()).toEqual(cluster.nodes.map((n) => address(n.port)).sort());
    expect(line.keys).toBe(TOTAL);
    expect(line.cluster).toEqual({ ok: true, slotsCovered: 16384 });
  });

  it('invalidating a prefix deletes its keys on every shard, exactly, and nothing else', { timeout: SLOW }, async () => {
    const sessionsOn = async () => [...(await keysByPrimary(cluster)).values()].map((keys) => [...keys].filter((k) => k.startsWith('session:')).length);
    const before = await sessionsOn();
    expect(before.every((n) => n > 0)).toBe(true);
    const { preview, result } = await invalidate(app, id, { kind: 'prefix', prefix: { utf8: 'session:' } });
    expect(preview).toMatchObject({ matched: N.sessions, matchedKind: 'exact', nodes: 3 });
    expect(result, result.message).toMatchObject({ state: 'done', deleted: N.sessions, matched: N.sessions });
    expect(await sessionsOn()).toEqual([0, 0, 0]);
    expect(await direct.hget('user:7', 'name')).toBe('u7');
  });

  it('sshd killed under the watch: the state names SSH, and every node is back once sshd is', { timeout: SLOW }, async () => {
    await nextSample((s) => (s.nodes ?? []).length === 6 && s.nodes!.every((n) => n.up));
    const sshDown = app.next('connection.state', (s) => s.id === id && s.code === 'SSH_UNREACHABLE', 60_000);
    await sshd.kill();
    const down = await sshDown;
    expect(down.reason).toMatch(/SSH host .* refused the connection/);
    await sshd.restart();
    const back = await nextSample((s) => (s.nodes ?? []).length === 6 && s.nodes!.every((n) => n.up) && s.cluster?.ok === true, 120_000);
    expect(back.keys).toBe(N.users);
    expect(forwardsByTunnel()).toHaveLength(1);
  });

  it('a primary killed while watching through SSH: node-down, then the failover, and every slot served again', { timeout: SLOW }, async () => {
    const victim = cluster.seeds[1]!;
    const replica = (await nextSample((s) => (s.nodes ?? []).length === 6 && s.nodes!.every((n) => n.up))).nodes!.find((n) => n.primaryOf === address(victim.port))!;
    expect(replica).toBeDefined();
    // The replica has every write (the invalidation's deletes too) before its primary dies.
    const replicaPort = Number(replica.address.split(':')[1]);
    await pollUntil('the replica in sync', 60_000, async () => {
      const [mine, theirs] = await Promise.all([replicaPort, victim.port].map(async (p) => Number(await ask(p, ['DBSIZE'], { password: PASSWORD }))));
      return mine === theirs ? null : `replica ${mine} keys, primary ${theirs}`;
    });
    await cluster.node(victim.port).kill();
    const down = await nextSample((s) => (s.topology ?? []).some((e) => e.kind === 'node-down' && e.address === address(victim.port)));
    expect(down.nodes!.find((n) => n.address === address(victim.port))).toMatchObject({ up: false });
    const failover = await nextSample((s) => (s.topology ?? []).some((e) => e.kind === 'failover'), 120_000);
    expect(failover.topology!.find((e) => e.kind === 'failover')).toMatchObject({ address: replica.address });
    const healed = await nextSample((s) => s.cluster?.ok === true && primariesOf(s).some((n) => n.address === replica.address && n.up), 120_000);
    expect(primariesOf(healed).filter((n) => n.up).reduce((a, n) => a + (n.slots ?? 0), 0)).toBe(16384);
    // Still the sums over the primaries that serve, through the same tunnel.
    expect(healed.keys).toBe(N.users);
    expect(forwardsByTunnel()).toEqual([expect.arrayContaining([replica.address])]);
  });

  it('closing the connection closes the SSH connection and its forwards', { timeout: SLOW }, async () => {
    expect(forwardsByTunnel()).toHaveLength(1);
    await app.call('connections.close', { id });
    await pollUntil('the tunnel closed', 30_000, async () => (forwardsByTunnel().length === 0 ? null : `${forwardsByTunnel().length} tunnel(s) still open`));
  });
});
