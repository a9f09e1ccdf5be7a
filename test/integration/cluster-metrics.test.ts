import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSample, NodeSample } from '../../shared/contract';
import { ensureNodeBuilt } from '../helpers/build-node';
import { makeCore, type TestCore } from '../helpers/core';
import { ask, pollUntil, testClient, type TestClient } from '../helpers/redis-client';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { runCli, startCli } from '../helpers/run-cli';

/**
 * Watching a real 3-primary cluster (3 replicas) through the app core (issue 16): the overview's
 * figures are sums over the primaries, one row per node, and a primary killed under the poller
 * gives a node-down, the slots it served in words, a failover event with a new baseline — never
 * a negative or spiking rate. Bounds are for a loaded 2-core machine; every wait polls.
 */
const SLOW = 240_000;
const PASSWORD = 'cl-metrics';
const ID = 'env-default';

const primariesOf = (s: MetricSample) => (s.nodes ?? []).filter((n) => n.role === 'primary');
const sum = (nodes: NodeSample[], k: 'keys' | 'usedMemory' | 'maxMemory' | 'connectedClients') => nodes.reduce((a, n) => a + n[k], 0);

describe('metrics on a real Redis Cluster', () => {
  let cluster: TestCluster;
  let app: TestCore;
  const samples: MetricSample[] = [];
  const clients = new Map<number, TestClient>();
  /** A client to the primary serving `key` (no redirections: each key's owner is asked directly). */
  const ownerOf = async (key: string) => {
    const { port } = await cluster.primaryFor(key);
    let c = clients.get(port);
    if (!c) {
      c = testClient(port, '127.0.0.1', { password: PASSWORD, maxRetriesPerRequest: 0 });
      clients.set(port, c);
    }
    return c;
  };
  const nextSample = (predicate: (s: MetricSample) => boolean, timeoutMs = 60_000) => app.next('metrics.sample', (s) => s.connectionId === ID && predicate(s), timeoutMs);

  const url = () => `redis://:${PASSWORD}@127.0.0.1:${cluster.seeds[0]!.port}`;

  beforeAll(async () => {
    ensureNodeBuilt();
    cluster = await startCluster({ password: PASSWORD });
    app = makeCore({ REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${cluster.seeds[0]!.port}` });
    app.core.on('metrics.sample', (s) => s.connectionId === ID && samples.push(s));
  }, SLOW);
  afterAll(async () => {
    for (const c of clients.values()) c.disconnect();
    await app?.close();
    await cluster?.stop();
  });

  it('sums the primaries: keys, memory and hit/miss deltas equal the per-node figures; one row per node, 16384 slots', { timeout: SLOW }, async () => {
    // 300 keys over every shard, written before the connection opens.
    for (let i = 0; i < 300; i++) await (await ownerOf(`k:${i}`)).set(`k:${i}`, `v${i}`);
    const state = await app.call('connections.open', { id: ID });
    expect(state.server?.mode ?? 'cluster').toBe('cluster');
    const full = await nextSample((s) => (s.nodes ?? []).length === 6 && s.nodes!.every((n) => n.up) && s.nodes!.filter((n) => n.role === 'replica').every((n) => n.linkUp));
    const primaries = primariesOf(full);
    const replicas = full.nodes!.filter((n) => n.role === 'replica');
    expect(primaries.map((n) => n.address).sort()).toEqual(cluster.seeds.map((s) => `127.0.0.1:${s.port}`).sort());
    expect(replicas).toHaveLength(3);
    // The overview is the sum over the primaries, from the same INFO replies.
    expect(full.keys).toBe(300);
    expect(sum(primaries, 'keys')).toBe(300);
    expect(full.usedMemory).toBe(sum(primaries, 'usedMemory'));
    expect(full.connectedClients).toBe(sum(primaries, 'connectedClients'));
    // Each primary's own key count, as DBSIZE on that node says.
    for (const p of primaries) expect(p.keys).toBe(Number(await ask(Number(p.address.split(':')[1]), ['DBSIZE'], { password: PASSWORD })));
    // Slots: every primary has some, 16384 in all; replicas none, each following a primary.
    expect(primaries.every((p) => (p.slots ?? 0) > 0)).toBe(true);
    expect(primaries.reduce((a, p) => a + p.slots!, 0)).toBe(16384);
    expect(replicas.every((r) => r.slots === null && r.linkUp === true && primaries.some((p) => p.address === r.primaryOf))).toBe(true);
    expect(replicas.every((r) => typeof r.replLagBytes === 'number' && r.replLagBytes >= 0)).toBe(true);
    expect(primaries.every((p) => p.replLagBytes === null && p.linkUp === null && typeof p.nodeId === 'string')).toBe(true);
    expect(full.cluster).toEqual({ ok: true, slotsCovered: 16384 });

    // A known workload: hits and misses on every shard; the deltas summed over the samples
    // that cover it are exactly the workload's (the poller's PING/INFO/CLUSTER never count).
    const from = samples.length;
    let hits = 0;
    let misses = 0;
    for (let i = 0; i < 300; i++) {
      if ((await (await ownerOf(`k:${i}`)).get(`k:${i}`)) !== null) hits++;
      if (i % 3 === 0 && (await (await ownerOf(`absent:${i}`)).get(`absent:${i}`)) === null) misses++;
    }
    const after = await nextSample(() => true);
    const window = samples.slice(from, samples.indexOf(after) + 1);
    expect(window.every((s) => !s.gap && !s.reset)).toBe(true);
    expect(window.reduce((a, s) => a + (s.hitsDelta ?? 0), 0)).toBe(hits);
    expect(window.reduce((a, s) => a + (s.missesDelta ?? 0), 0)).toBe(misses);
    // Per node, rates exist once a node has a baseline; a primary's ops are its own commands.
    expect(after.nodes!.filter((n) => n.up && n.opsPerSec !== null)).toHaveLength(6);
    expect(after.opsPerSec).not.toBeNull();
  });

  it('cachescope stats on a cluster node: the sums, --nodes one line per node, --json with nodes and cluster health', { timeout: SLOW }, async () => {
    const human = await runCli(['stats', '--url', url(), '--count', '1', '--interval', '0.5', '--nodes'], { timeoutMs: 60_000 });
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(/\(Redis [\d.]+, 3 primaries and 3 replicas\)/);
    const lines = human.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/ keys 300 /);
    const rows = lines.slice(1);
    expect(rows).toHaveLength(6);
    const primaryRows = rows.filter((l) => l.startsWith('  primary  '));
    expect(primaryRows).toHaveLength(3);
    expect(primaryRows.reduce((a, l) => a + Number(/slots ([\d,]+)/.exec(l)![1]!.replace(',', '')), 0)).toBe(16384);
    for (const l of primaryRows) expect(l).toMatch(/^ {2}primary {2}127\.0\.0\.1:\d+ +slots [\d,]+ {2}keys \d+ {2}mem [\d.]+ \S+ \/ no limit {2}ops \S+\/s {2}hit \S+ {2}clients \d+ {2}latency \S+/);
    for (const l of rows.filter((r) => r.startsWith('  replica  '))) expect(l, human.stdout).toMatch(/^ {2}replica {2}127\.0\.0\.1:\d+ +of 127\.0\.0\.1:\d+ {2}keys \d+ {2}mem .+ {2}clients \d+ {2}lag [\d.]+ \S+ {2}link up {2}latency [\d.]+ ms$/);

    const json = await runCli(['stats', '--url', url(), '--count', '1', '--interval', '0.5', '--json'], { timeoutMs: 60_000 });
    expect(json.code).toBe(0);
    const line = JSON.parse(json.stdout.trim()) as { keys: number; nodes: { role: string; keys: number; slots: number | null; up: boolean }[]; cluster: unknown };
    expect(line.nodes).toHaveLength(6);
    expect(line.nodes.every((n) => n.up)).toBe(true);
    expect(line.keys).toBe(line.nodes.filter((n) => n.role === 'primary').reduce((a, n) => a + n.keys, 0));
    expect(line.cluster).toEqual({ ok: true, slotsCovered: 16384 });
  });

  it('imbalance: one primary taking most of the ops fires the alert, naming it; it clears when the load stops', { timeout: SLOW }, async () => {
    await app.call('alerts.rules.set', { id: ID, rules: [{ id: 'imbalance', threshold: 0.5, forSec: 2, clearSec: 0, muted: false }] });
    const hot = await ownerOf('hot');
    const { port } = await cluster.primaryFor('hot');
    await hot.set('hot', 'x');
    const fired = app.next('alert.event', (e) => e.connectionId === ID && e.rule === 'imbalance' && e.kind === 'fired', 60_000);
    let stop = false;
    void fired.finally(() => (stop = true));
    // Reads on one shard only, in pipelines, until the alert fires.
    while (!stop) {
      const p = hot.pipeline();
      for (let i = 0; i < 200; i++) p.get('hot');
      await p.exec();
    }
    const event = await fired;
    expect(event.message).toMatch(new RegExp(`^Load imbalance: 127\\.0\\.0\\.1:${port} carries \\d+ % of the ops \\(3 primaries\\) over 2 s \\(alert above 50 % on one primary\\)$`));
    expect(event.value).toBeGreaterThan(0.5);
    await app.next('alert.event', (e) => e.connectionId === ID && e.rule === 'imbalance' && e.kind === 'cleared', 60_000);
  });

  it('a frozen replica (SIGSTOP) is a row marked down; the other nodes are polled as before, the sums unaffected', { timeout: SLOW }, async () => {
    const replica = cluster.nodes.find((n) => n.role === 'replica')!;
    const address = `127.0.0.1:${replica.port}`;
    cluster.node(replica.port).signal('SIGSTOP');
    try {
      const down = await nextSample((s) => (s.topology ?? []).some((e) => e.kind === 'node-down' && e.address === address));
      expect(down.nodes!.find((n) => n.address === address)).toMatchObject({ up: false, opsPerSec: null, latencyMs: null });
      // The polls go on without waiting for it: the next ones still come, every other node up,
      // the overview still the sum over all three primaries.
      const later = await nextSample((s) => s.ts > down.ts && s.opsPerSec !== null);
      expect(later.nodes!.filter((n) => n.up)).toHaveLength(5);
      expect(later.keys).toBe(sum(primariesOf(later), 'keys'));
      expect(primariesOf(later).every((n) => n.up)).toBe(true);
    } finally {
      cluster.node(replica.port).signal('SIGCONT');
    }
    await nextSample((s) => (s.topology ?? []).some((e) => e.kind === 'node-up' && e.address === address));
    await cluster.waitHealthy(90_000);
  });

  it('a primary killed: node-down, its slots named while uncovered, then failover with reset "topology"; no negative or spiking rate', { timeout: SLOW }, async () => {
    const victim = cluster.seeds[1]!;
    const address = `127.0.0.1:${victim.port}`;
    const replica = (await nextSample((s) => (s.nodes ?? []).length === 6)).nodes!.find((n) => n.primaryOf === address)!;
    expect(replica).toBeDefined();
    const from = samples.length;
    // The CLI watching too: its events are printed as they happen.
    const cli = startCli(['stats', '--url', url(), '--interval', '0.5'], { timeoutMs: 120_000 });
    let printed = '';
    cli.child.stdout!.on('data', (d: Buffer) => (printed += d.toString('utf8')));
    await cli.line(1);
    await cluster.node(victim.port).kill();

    const down = await nextSample((s) => (s.topology ?? []).some((e) => e.kind === 'node-down' && e.address === address));
    expect(down.reset).toBe('topology');
    expect(down.nodes!.find((n) => n.address === address)).toMatchObject({ up: false, role: 'primary' });
    // While its slots have no reachable primary, the health says so in words.
    const uncovered = await nextSample((s) => s.cluster?.ok === false);
    expect(uncovered.cluster!.slotsCovered).toBeLessThan(16384);
    expect(uncovered.cluster!.problem).toMatch(new RegExp(`: slots \\d+-\\d+ \\(127\\.0\\.0\\.1:${victim.port} (does not answer|is marked failed by the cluster)\\)\\.$`));

    const failover = await nextSample((s) => (s.topology ?? []).some((e) => e.kind === 'failover'), 90_000);
    const event = failover.topology!.find((e) => e.kind === 'failover')!;
    expect(event).toMatchObject({ address: replica.address, message: `${replica.address} took over from ${address} (failover).` });
    expect(failover.reset).toBe('topology');
    expect(failover.opsPerSec).toBeNull();
    expect(failover.nodes!.find((n) => n.address === replica.address)).toMatchObject({ role: 'primary', up: true });
    const healed = await nextSample((s) => s.cluster?.ok === true);
    await pollUntil('the CLI printed the failover', 60_000, async () => (/ ! failover: /.test(printed) ? null : printed.slice(-500)));
    cli.child.kill('SIGINT');
    const ended = await cli.done;
    expect(ended.code).toBe(0);
    expect(ended.stdout).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d  ! node-down: 127\\.0\\.0\\.1:${victim.port} \\(primary\\) does not answer\\.$`, 'm'));
    expect(ended.stdout).toMatch(new RegExp(`  ! cluster: .*127\\.0\\.0\\.1:${victim.port} (does not answer|is marked failed by the cluster)`));
    expect(ended.stdout).toMatch(/\(sums over 2 of 3 primaries: the others do not answer\)/);
    expect(ended.stdout).toMatch(new RegExp(`  ! failover: ${replica.address.replaceAll('.', '\\.')} took over from 127\\.0\\.0\\.1:${victim.port} \\(failover\\)\\.$`, 'm'));
    expect(healed.cluster!.slotsCovered).toBe(16384);
    expect(primariesOf(healed).filter((n) => n.up).reduce((a, n) => a + (n.slots ?? 0), 0)).toBe(16384);

    // Across all of it: no negative rate, and a rate only between two samples summed over the
    // same primaries — so it is that set's Δcommands / Δt, never a sum over another set.
    const run = samples.slice(from - 1, samples.indexOf(healed) + 1);
    const upPrimaries = (s: MetricSample) =>
      primariesOf(s)
        .filter((n) => n.up)
        .map((n) => n.address)
        .sort()
        .join();
    for (let i = 1; i < run.length; i++) {
      const s = run[i]!;
      for (const k of ['opsPerSec', 'evictedPerSec', 'expiredPerSec', 'netInPerSec', 'netOutPerSec'] as const) expect(s[k] ?? 0).toBeGreaterThanOrEqual(0);
      if (s.opsPerSec === null || s.folded) continue;
      const prev = run[i - 1]!;
      expect(upPrimaries(s)).toBe(upPrimaries(prev));
      expect(s.totalCommands).toBeGreaterThanOrEqual(prev.totalCommands);
    }

    // The old primary comes back: it rejoins as a replica of the new one.
    await cluster.node(victim.port).restart();
    const back = await nextSample((s) => (s.topology ?? []).some((e) => e.kind === 'node-up' && e.address === address), 90_000);
    expect(back.reset).toBe('topology');
    await nextSample((s) => s.nodes?.find((n) => n.address === address)?.role === 'replica', 90_000);
    await pollUntil('cluster healthy again', 90_000, async () => {
      await cluster.waitHealthy(5_000);
      return null;
    });
  });
});
