import { describe, expect, it } from 'vitest';
import type { MetricSample, NodeSample } from '../../shared/contract/metrics';
import type { ConnectionState, ProfileView } from '../../shared/contract/profiles';
import { clusterHealthWords } from '../../renderer/src/app/cluster-health';
import { topologyWords } from '../../renderer/src/shell/topology-words';
import { lagWords, memoryWords, nextSort, nodeCounts, nodeState, sortNodes, topologyOrder, TOPOLOGY_SORT } from '../../renderer/src/views/nodes/node-rows';
import { primarySeries } from '../../renderer/src/views/nodes/node-series';
import { spreadOf } from '../../renderer/src/views/nodes/node-share';
import { nodesViewShown } from '../../renderer/src/views/nodes/shown';
import { topologyLog } from '../../renderer/src/views/nodes/topology-log';

function node(address: string, over: Partial<NodeSample> = {}): NodeSample {
  return {
    address, role: 'primary', slots: 5461, up: true, latencyMs: 0.3, opsPerSec: 100, hitRate: 0.9, usedMemory: 1_000_000, maxMemory: 0, keys: 1000,
    connectedClients: 3, replLagBytes: null, linkUp: null, ...over,
  };
}
const replica = (address: string, of: string, over: Partial<NodeSample> = {}) => node(address, { role: 'replica', primaryOf: of, slots: null, replLagBytes: 0, linkUp: true, ...over });

function sample(ts: number, over: Partial<MetricSample> = {}): MetricSample {
  return {
    connectionId: 'c', ts, latencyMs: 1, hitRate: 0.8, hitRateRaw: 0.8, hitRateTotal: 0.8, hitRateServer: 0.8, hitsDelta: 8, missesDelta: 2,
    ownHitsDelta: 0, ownMissesDelta: 0, keyspaceHits: 0, keyspaceMisses: 0, opsPerSec: 10, totalCommands: 0, usedMemory: 100,
    usedMemoryPeak: 0, usedMemoryRss: 0, maxMemory: 0, maxMemoryPolicy: 'noeviction', memoryFraction: null, totalSystemMemory: null,
    fragmentation: null, evictedPerSec: 0, evictedTotal: 0, expiredPerSec: 0, expiredTotal: 0, connectedClients: 1, blockedClients: 0,
    rejectedConnections: 0, rejectedPerSec: 0, netInPerSec: 0, netOutPerSec: 0, cpuPct: 0, keys: 0, expires: 0, keysNoTtl: 0, dbs: [],
    uptimeSec: 1, role: 'master', version: '7.0.15',
    persistence: { loading: false, rdbLastSaveTime: null, rdbChangesSinceLastSave: null, rdbLastBgsaveStatus: null, rdbBgsaveInProgress: false, aofEnabled: false, aofLastWriteStatus: null, aofRewriteInProgress: false },
    ...over,
  };
}

const profile: ProfileView = {
  id: 'p', name: 'Cache', host: '127.0.0.1', port: 7001, hasPassword: false, db: 0, tls: { enabled: false, verify: true }, connectTimeoutMs: 5000, readOnly: false,
  env: 'dev', color: '#3fb950', pollIntervalMs: 1000, source: 'saved', kind: 'standalone', seeds: [], pinNode: false, natMap: [],
};
const ready = (mode: string): ConnectionState => ({ id: 'p', status: 'ready', since: 0, server: { version: '7.0.15', mode, role: 'master' } });

// Three primaries on 7001, 7002, 10001 (ports sort as numbers), a replica each, one replica listed before its primary.
const cluster = [
  replica('127.0.0.1:7005', '127.0.0.1:7002'),
  node('127.0.0.1:10001', { opsPerSec: 50, keys: 900 }),
  node('127.0.0.1:7002', { opsPerSec: 710, slots: 5462, keys: 3000, usedMemory: 5_000_000 }),
  node('127.0.0.1:7001', { opsPerSec: 240, keys: 1900 }),
  replica('127.0.0.1:7004', '127.0.0.1:7001', { replLagBytes: 2048 }),
  replica('127.0.0.1:10004', '127.0.0.1:10001'),
];

describe('nodes table', () => {
  it('reads like the topology by default: each primary, then its replicas', () => {
    expect(topologyOrder(cluster).map((n) => n.address)).toEqual([
      '127.0.0.1:7001', '127.0.0.1:7004', '127.0.0.1:7002', '127.0.0.1:7005', '127.0.0.1:10001', '127.0.0.1:10004',
    ]);
    // A replica whose primary is not listed still shows, last.
    expect(topologyOrder([replica('h:2', 'gone:1'), node('h:1')]).map((n) => n.address)).toEqual(['h:1', 'h:2']);
  });

  it('sorts by any column, busiest first, "no data" last either way', () => {
    const withNull = [...cluster, node('127.0.0.1:7003', { opsPerSec: null })];
    const byOps = sortNodes(withNull, { by: 'ops', dir: 'desc' }).map((n) => n.address);
    expect(byOps.slice(0, 2)).toEqual(['127.0.0.1:7002', '127.0.0.1:7001']);
    expect(byOps[byOps.length - 1]).toBe('127.0.0.1:7003');
    expect(sortNodes(withNull, { by: 'ops', dir: 'asc' }).map((n) => n.address).at(-1)).toBe('127.0.0.1:7003');
    expect(sortNodes(cluster, { by: 'address', dir: 'asc' }).map((n) => n.address)[0]).toBe('127.0.0.1:7001');
    expect(sortNodes(cluster, { by: 'address', dir: 'desc' }).map((n) => n.address)[0]).toBe('127.0.0.1:10004');
    // Slots: replicas have none; they go last whatever the direction.
    expect(sortNodes(cluster, { by: 'slots', dir: 'asc' }).slice(3).every((n) => n.role === 'replica')).toBe(true);
    expect(sortNodes(cluster, { by: 'lag', dir: 'desc' })[0]!.address).toBe('127.0.0.1:7004');
  });

  it('a click flips the same column and starts another with the biggest first', () => {
    expect(nextSort(TOPOLOGY_SORT, 'ops')).toEqual({ by: 'ops', dir: 'desc' });
    expect(nextSort({ by: 'ops', dir: 'desc' }, 'ops')).toEqual({ by: 'ops', dir: 'asc' });
    expect(nextSort({ by: 'ops', dir: 'desc' }, 'address')).toEqual({ by: 'address', dir: 'asc' });
  });

  it('says down, link down, lag and memory in words — never blank', () => {
    expect(nodeState(node('a:1', { up: false }))).toEqual({ tone: 'bad', words: 'down' });
    expect(nodeState(replica('a:2', 'a:1', { linkUp: false }))).toEqual({ tone: 'warn', words: 'link down' });
    expect(nodeState(node('a:1'))).toEqual({ tone: 'ok', words: 'up' });
    expect(lagWords(node('a:1'))).toBe('—');
    expect(lagWords(replica('a:2', 'a:1'))).toBe('in sync');
    expect(lagWords(replica('a:2', 'a:1', { replLagBytes: 2048 }))).toBe('2.00 KiB behind');
    expect(lagWords(replica('a:2', 'a:1', { replLagBytes: null }))).toBe('unknown');
    expect(lagWords(replica('a:2', 'a:1', { linkUp: false }))).toBe('not replicating');
    expect(memoryWords(node('a:1'))).toMatchObject({ fraction: null, title: expect.stringContaining('no limit') });
    expect(memoryWords(node('a:1', { usedMemory: 512, maxMemory: 1024 }))).toMatchObject({ fraction: 0.5, title: '512 B of 1.00 KiB (50.0%)' });
  });

  it('counts primaries, replicas, nodes down and slots', () => {
    // A primary down serves neither as a primary nor its slots.
    expect(nodeCounts([...cluster, node('x:1', { up: false, slots: 5461, role: 'primary' })])).toEqual({ primaries: 3, replicas: 3, down: 1, slots: 16384 });
    expect(nodeCounts([node('s:1', { slots: null }), replica('s:2', 's:1')]).slots).toBeNull();
  });
});

describe('hot shard', () => {
  it('names a primary carrying well over its even share', () => {
    const s = spreadOf(cluster, 'ops')!;
    expect(s.hot).toBe(true);
    expect(s.parts[0]).toMatchObject({ address: '127.0.0.1:7002', value: 710 });
    expect(s.sentence).toBe('127.0.0.1:7002 takes 71% of the ops (an even share is 33%).');
    expect(spreadOf(cluster, 'memory')!.sentence).toBe('127.0.0.1:7002 holds 71% of the memory (an even share is 33%).');
  });

  it('says when the load is even, when there is none, and has nothing to say for one primary', () => {
    const even = [node('a:1', { opsPerSec: 100 }), node('a:2', { opsPerSec: 120 }), node('a:3', { opsPerSec: 110 })];
    const s = spreadOf(even, 'ops')!;
    expect(s.hot).toBe(false);
    expect(s.sentence).toBe('Ops are spread evenly over 3 primaries: the largest share, a:2, is 36%.');
    expect(spreadOf(even.map((n) => ({ ...n, opsPerSec: 0 })), 'ops')!.sentence).toBe('No commands in the last interval.');
    expect(spreadOf(even.map((n) => ({ ...n, opsPerSec: null })), 'ops')!.sentence).toMatch(/two polls/);
    expect(spreadOf([node('a:1'), replica('a:2', 'a:1')], 'ops')).toBeNull();
  });

  it('leaves out primaries that are down (they serve nothing) but keeps the even share of those that serve', () => {
    const s = spreadOf([node('a:1', { opsPerSec: 100 }), node('a:2', { opsPerSec: 100 }), node('a:3', { up: false, opsPerSec: 900 })], 'ops')!;
    expect(s.parts.map((p) => p.address)).toEqual(['a:1', 'a:2']);
    expect(s.hot).toBe(false);
  });
});

describe('per-primary series', () => {
  const at = (ts: number, nodes: NodeSample[], over: Partial<MetricSample> = {}) => sample(ts, { nodes, ...over });
  const spacing = () => 1000;

  it('one band per primary (keys without dots), a failover ends one band and starts another, and breaks every band', () => {
    const before = [node('127.0.0.1:7001', { opsPerSec: 10 }), node('127.0.0.1:7002', { opsPerSec: 20 }), replica('127.0.0.1:7004', '127.0.0.1:7001')];
    const after = [node('127.0.0.1:7001', { up: false }), node('127.0.0.1:7002', { opsPerSec: 22 }), node('127.0.0.1:7004', { opsPerSec: 12 })];
    const { columns, rows } = primarySeries([at(1000, before), at(2000, before), at(3000, after, { reset: 'topology' }), at(4000, after)], 'ops', 300_000, 300, spacing);
    expect(columns).toEqual([
      { key: 'n0', address: '127.0.0.1:7001' },
      { key: 'n1', address: '127.0.0.1:7002' },
      { key: 'n2', address: '127.0.0.1:7004' },
    ]);
    expect(rows.map((r) => r.ts)).toEqual([1000, 2000, 2500, 3000, 4000]);
    expect(rows[0]).toEqual({ ts: 1000, n0: 10, n1: 20, n2: null });
    expect(rows[2]).toEqual({ ts: 2500, n0: null, n1: null, n2: null });
    expect(rows[4]).toEqual({ ts: 4000, n0: null, n1: 22, n2: 12 });
  });

  it('folds long windows per bucket: ops averaged, memory at its maximum', () => {
    const samples = Array.from({ length: 600 }, (_, i) => at(i * 1000, [node('a:1', { opsPerSec: i % 2 === 0 ? 10 : 30, usedMemory: 100 + (i % 2) }), node('a:2', { opsPerSec: 5 })]));
    const ops = primarySeries(samples, 'ops', 600_000, 300, spacing);
    expect(ops.bucketMs).toBe(3000);
    expect(ops.rows.length).toBeLessThanOrEqual(300);
    expect(ops.rows.slice(1, -1).every((r) => Math.abs((r.n0 as number) - 20) < 7 && r.n1 === 5)).toBe(true);
    const mem = primarySeries(samples, 'memory', 600_000, 300, spacing);
    expect(mem.rows.slice(1, -1).every((r) => r.n0 === 101)).toBe(true);
  });
});

describe('topology log', () => {
  it('newest first, each event once (a minute aggregate repeats its samples’ events)', () => {
    const a = { ts: 1000, kind: 'node-down' as const, message: '127.0.0.1:7001 does not answer' };
    const b = { ts: 3000, kind: 'failover' as const, message: '127.0.0.1:7004 took over' };
    const c = { ts: 3000, kind: 'slots-moved' as const, message: '5,461 slots moved' };
    const log = topologyLog([sample(1000, { topology: [a] }), sample(2000), sample(60_000, { topology: [a, b, c] }), sample(61_000, { topology: [b, c] })]);
    expect(log.map((e) => e.kind)).toEqual(['slots-moved', 'failover', 'node-down']);
    expect(topologyLog([sample(1)])).toEqual([]);
  });
});

describe('when the Nodes tab shows', () => {
  it('with nodes in the samples; not for a single node, nor a pinned cluster node', () => {
    expect(nodesViewShown({ profile, state: ready('standalone'), latest: sample(1, { nodes: cluster }) })).toBe(true);
    expect(nodesViewShown({ profile, state: ready('standalone'), latest: sample(1) })).toBe(false);
    expect(nodesViewShown({ profile: { ...profile, pinNode: true }, state: ready('cluster'), latest: sample(1) })).toBe(false);
  });
  it('before the first sample, for a cluster or Sentinel profile or a cluster node that is not pinned', () => {
    expect(nodesViewShown({ profile: { ...profile, kind: 'cluster' }, state: undefined, latest: undefined })).toBe(true);
    expect(nodesViewShown({ profile: { ...profile, kind: 'sentinel' }, state: undefined, latest: undefined })).toBe(true);
    expect(nodesViewShown({ profile, state: ready('cluster'), latest: undefined })).toBe(true);
    expect(nodesViewShown({ profile: { ...profile, pinNode: true }, state: ready('cluster'), latest: undefined })).toBe(false);
    expect(nodesViewShown({ profile, state: undefined, latest: undefined })).toBe(false);
  });
});

describe('words about the topology', () => {
  it('next to the connection name', () => {
    expect(topologyWords(profile, ready('cluster'), sample(1, { nodes: cluster }))).toBe('cluster · 3 primaries · 3 replicas');
    expect(topologyWords(profile, ready('cluster'), sample(1, { nodes: [...cluster.slice(1), replica('127.0.0.1:7005', '127.0.0.1:7002', { up: false })] }))).toBe(
      'cluster · 3 primaries · 2 replicas · 1 down',
    );
    const sentinel = { ...profile, kind: 'sentinel' as const, sentinel: { masterName: 'mymaster', hasPassword: false } };
    expect(topologyWords(sentinel, ready('sentinel'), sample(1, { nodes: [node('a:1', { slots: null }), replica('a:2', 'a:1')] }))).toBe('sentinel mymaster · 1 replica');
    expect(topologyWords(sentinel, undefined, undefined)).toBe('sentinel mymaster');
    expect(topologyWords({ ...profile, kind: 'cluster' }, undefined, undefined)).toBe('cluster');
    expect(topologyWords({ ...profile, pinNode: true }, ready('cluster'), sample(1))).toBe('one cluster node (pinned)');
    expect(topologyWords(profile, ready('standalone'), sample(1))).toBeNull();
  });

  it('cluster health: what is wrong, in words, and nothing when all is well', () => {
    expect(clusterHealthWords(sample(1, { nodes: cluster, cluster: { ok: true, slotsCovered: 16384 } }))).toBeNull();
    expect(clusterHealthWords(sample(1))).toBeNull();
    const failing = clusterHealthWords(sample(1, { nodes: [node('127.0.0.1:7001', { up: false }), ...cluster.slice(1)], cluster: { ok: false, slotsCovered: 10923 } }))!;
    expect(failing.tone).toBe('bad');
    expect(failing.lines).toEqual(['5,461 hash slots have no serving primary: keys there can be neither read nor written.', '1 node does not answer: 127.0.0.1:7001 (primary).']);
    expect(clusterHealthWords(sample(1, { cluster: { ok: false, slotsCovered: 0, problem: 'cluster_state:fail — slots 0–5460 have no reachable primary' } }))!.lines).toEqual([
      'cluster_state:fail — slots 0–5460 have no reachable primary',
    ]);
    const replicaDown = clusterHealthWords(sample(1, { nodes: [replica('a:2', 'a:1', { up: false })], cluster: { ok: true, slotsCovered: 16384 } }))!;
    expect(replicaDown).toEqual({ tone: 'warn', title: 'A node is down', lines: ['1 node does not answer: a:2 (replica).'] });
  });
});
