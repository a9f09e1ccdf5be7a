import { describe, expect, it } from 'vitest';
import type { NodeSample } from '../../shared/contract';
import { clusterHealth } from '../../electron/core/metrics/cluster-health';
import { parseInfo } from '../../electron/core/metrics/info-parser';
import { FORGET_AFTER_MS, nodeSamples, type NodeMemory, type NodeReading } from '../../electron/core/metrics/node-samples';
import { topologyEvents, type TopologySnapshot } from '../../electron/core/metrics/topology-events';
import { parseClusterNodes } from '../../electron/core/redis/cluster-nodes';
import type { ClusterView, WatchedNode } from '../../electron/core/redis/watch';

// Pure parts of watching a cluster or Sentinel set (issue 16); the real-server behaviour is in
// test/integration/cluster-metrics.test.ts and sentinel-metrics.test.ts.

const A = '10.0.0.1:7000';
const B = '10.0.0.2:7000';
const C = '10.0.0.3:7000';
const RA = '10.0.0.4:7000';
const RB = '10.0.0.5:7000';

describe('parseClusterNodes', () => {
  it('reads ids, announced addresses, roles, failure flags and served slots; skips handshakes and migration markers', () => {
    const text = [
      `a1 ${A}@17000 myself,master - 0 0 1 connected 0-5460`,
      `b2 ${B}@17000,node-b.example master,fail - 1 2 2 disconnected 5461-10921 10922 [10923->-c3]`,
      `c3 ${C}@17000 master - 0 3 3 connected 10923-16383 [10922-<-b2]`,
      `d4 ${RA}@17000 slave a1 0 4 1 connected`,
      `e5 :0@0 slave,noaddr b2 0 0 2 disconnected`,
      `f6 10.0.0.9:7000@17000 handshake - 0 0 0 connected`,
      '',
    ].join('\n');
    const nodes = parseClusterNodes(text);
    expect(nodes.map((n) => n.id)).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(nodes[1]).toEqual({ id: 'b2', announced: B, flags: ['master', 'fail'], primaryId: null, linkConnected: false, ranges: [[5461, 10921], [10922, 10922]] });
    expect(nodes[2]!.ranges).toEqual([[10923, 16383]]);
    expect(nodes[3]).toMatchObject({ primaryId: 'a1', ranges: [] });
  });
});

const view = (over: Partial<ClusterView> = {}): ClusterView => ({
  source: A,
  state: 'ok',
  slotsAssigned: 16384,
  slotsOk: 16384,
  slotsPfail: 0,
  slotsFail: 0,
  ranges: [
    { from: 0, to: 5460, primary: A },
    { from: 5461, to: 10922, primary: B },
    { from: 10923, to: 16383, primary: C },
  ],
  ...over,
});

describe('clusterHealth', () => {
  it('is ok with every slot served by a primary that answered', () => {
    expect(clusterHealth(view(), new Set([A, B, C]), new Set())).toEqual({ ok: true, slotsCovered: 16384 });
  });

  it('names the slots of a primary that does not answer, even while the cluster still says ok', () => {
    expect(clusterHealth(view(), new Set([A, C]), new Set())).toEqual({
      ok: false,
      slotsCovered: 10922,
      problem: `The cluster reports ok, but no primary Cachescope can reach serves 5,462 slots of 16,384: slots 5461-10922 (${B} does not answer).`,
    });
  });

  it('says cluster_state and why, per cause: failed primary, unassigned slots; long lists are counted', () => {
    const failing = view({ state: 'fail', slotsOk: 10922, slotsFail: 5462 });
    expect(clusterHealth(failing, new Set([A, C]), new Set([B])).problem).toBe(
      `cluster_state is fail (per ${A}: 10,922 slots ok, 0 possibly failing, 5,462 failing); 5,462 slots of 16,384 have no reachable primary: slots 5461-10922 (${B} is marked failed by the cluster).`,
    );
    const holes = view({
      state: 'fail',
      // Slots 0, 1, 3, 5, 7, 9 and 11 unassigned; the rest on A.
      ranges: [...Array.from({ length: 12 }, (_, s) => ({ from: s, to: s, primary: s === 0 || s % 2 === 1 ? null : A })), { from: 12, to: 16383, primary: A }],
    });
    expect(clusterHealth(holes, new Set([A]), new Set()).problem).toMatch(/7 slots of 16,384 have no reachable primary: slot 0, slot 1, slot 3, slot 5 and 3 more ranges \(no node serves them\)\.$/);
  });
});

const info = (fields: Record<string, string | number>, dbKeys = 0) =>
  parseInfo(
    [
      '# Server',
      ...Object.entries(fields).map(([k, v]) => `${k}:${v}`),
      '# Keyspace',
      ...(dbKeys ? [`db0:keys=${dbKeys},expires=0,avg_ttl=0`] : []),
    ].join('\r\n'),
  );
const node = (address: string, role: 'primary' | 'replica', over: Partial<WatchedNode> = {}): WatchedNode => ({ address, role, client: null, slots: role === 'primary' ? 5461 : null, ...over });
const primaryInfo = (commands: number, hits: number, misses: number, over: Record<string, string | number> = {}) => ({
  role: 'master',
  run_id: 'r1',
  uptime_in_seconds: 100,
  total_commands_processed: commands,
  keyspace_hits: hits,
  keyspace_misses: misses,
  used_memory: 1000,
  maxmemory: 0,
  connected_clients: 3,
  master_repl_offset: 5000,
  ...over,
});
const same = (a: string) => a;

describe('nodeSamples', () => {
  it('rates per node from its own counters; a replica has lag and link; a node that misses a poll keeps its last figures, down', () => {
    const r0: NodeReading[] = [
      { node: node(A, 'primary'), info: info(primaryInfo(100, 10, 0), 7), latencyMs: 0.3 },
      { node: node(RA, 'replica', { primaryOf: A }), info: info({ role: 'slave', run_id: 'x', master_host: '10.0.0.1', master_port: 7000, master_link_status: 'up', slave_repl_offset: 4900, total_commands_processed: 5 }), latencyMs: 0.4 },
    ];
    const first = nodeSamples(r0, new Map(), 0, same);
    expect(first.nodes[0]).toMatchObject({ address: A, role: 'primary', slots: 5461, up: true, opsPerSec: null, hitRate: null, keys: 7, usedMemory: 1000, replLagBytes: null, linkUp: null });
    expect(first.nodes[1]).toMatchObject({ address: RA, role: 'replica', primaryOf: A, slots: null, replLagBytes: 100, linkUp: true });

    const r1: NodeReading[] = [
      { node: node(A, 'primary'), info: info(primaryInfo(300, 40, 10), 7), latencyMs: 0.3 },
      { node: node(RA, 'replica', { primaryOf: A }), info: null, latencyMs: null },
    ];
    const second = nodeSamples(r1, first.memory, 2000, same);
    expect(second.nodes[0]).toMatchObject({ opsPerSec: 100, hitRate: 0.75 });
    expect(second.nodes[1]).toMatchObject({ address: RA, up: false, opsPerSec: null, latencyMs: null, replLagBytes: 100, linkUp: true });

    // A restart (new run id) is a new baseline for that node, never a negative rate.
    const r2: NodeReading[] = [{ node: node(A, 'primary'), info: info(primaryInfo(20, 0, 0, { run_id: 'r2', uptime_in_seconds: 1 })), latencyMs: 0.3 }];
    const third = nodeSamples(r2, second.memory, 4000, same);
    expect(third.nodes[0]).toMatchObject({ up: true, opsPerSec: null, hitRate: null });
    // RA left the lists: still a row, down, until it is forgotten.
    expect(third.nodes[1]).toMatchObject({ address: RA, up: false });
    expect(nodeSamples(r2, third.memory, 4000 + FORGET_AFTER_MS + 1, same).nodes.map((n) => n.address)).toEqual([A]);
  });

  it('a poll too soon after the last keeps that baseline (no rate over a few ms)', () => {
    const at = (t: number, commands: number) => nodeSamples([{ node: node(A, 'primary'), info: info(primaryInfo(commands, 0, 0)), latencyMs: 1 }], memory, t, same, 500);
    let memory: Map<string, NodeMemory> = new Map();
    memory = at(0, 100).memory;
    const quick = at(10, 110);
    expect(quick.nodes[0]!.opsPerSec).toBeNull();
    memory = quick.memory;
    expect(at(1000, 300).nodes[0]!.opsPerSec).toBe(200);
  });
});

const row = (address: string, role: NodeSample['role'], over: Partial<NodeSample> = {}): NodeSample => ({
  address,
  role,
  slots: role === 'primary' ? 5461 : null,
  up: true,
  latencyMs: 1,
  opsPerSec: 1,
  hitRate: null,
  usedMemory: 1,
  maxMemory: 0,
  keys: 0,
  connectedClients: 1,
  replLagBytes: null,
  linkUp: null,
  ...over,
});
const snap = (nodes: NodeSample[], over: Partial<TopologySnapshot> = {}): TopologySnapshot => ({
  nodes,
  runIds: new Map(nodes.map((n) => [n.address, n.up ? `run-${n.address}` : null])),
  listed: new Set(nodes.map((n) => n.address)),
  clusterState: 'ok',
  ...over,
});
const kinds = (events: { kind: string; message: string }[]) => events.map((e) => `${e.kind}: ${e.message}`);

describe('topologyEvents', () => {
  const steady = [row(A, 'primary'), row(B, 'primary'), row(RB, 'replica', { primaryOf: B })];

  it('nothing on the first poll or when nothing changed', () => {
    expect(topologyEvents(null, snap(steady), 1, 'failover')).toEqual([]);
    expect(topologyEvents(snap(steady), snap(steady), 1, 'failover')).toEqual([]);
  });

  it('a primary down, then its replica promoted, then the old primary back as a replica', () => {
    const down = [row(A, 'primary'), row(B, 'primary', { up: false }), row(RB, 'replica', { primaryOf: B })];
    expect(kinds(topologyEvents(snap(steady), snap(down, { clusterState: 'fail' }), 5, 'failover', 'cluster_state is fail (…).'))).toEqual([
      `node-down: ${B} (primary) does not answer.`,
      'cluster-state: cluster_state is fail (…).',
    ]);
    const promoted = [row(A, 'primary'), row(RB, 'primary', { slots: 5462 }), row(B, 'replica', { up: false })];
    const events = topologyEvents(snap(down, { clusterState: 'fail' }), snap(promoted), 9, 'failover');
    expect(kinds(events)).toEqual([`failover: ${RB} took over from ${B} (failover).`, 'cluster-state: cluster_state is ok again.']);
    expect(events[0]).toEqual({ ts: 9, kind: 'failover', message: `${RB} took over from ${B} (failover).`, address: RB });
    const back = [row(A, 'primary'), row(RB, 'primary', { slots: 5462 }), row(B, 'replica', { primaryOf: RB })];
    expect(kinds(topologyEvents(snap(promoted), snap(back), 12, 'failover'))).toEqual([`node-up: ${B} (replica) answers again.`]);
  });

  it('Sentinel: the primary moving is a switch-master, even to a node not seen before', () => {
    const before = [row(A, 'primary', { slots: null }), row(RA, 'replica', { primaryOf: A, slots: null })];
    const after = [row(RA, 'primary', { slots: null }), row(A, 'replica', { primaryOf: RA, slots: null })];
    expect(kinds(topologyEvents(snap(before), snap(after), 3, 'switch-master'))).toEqual([`switch-master: The Sentinels moved the primary from ${A} to ${RA} (switch-master).`]);
    expect(kinds(topologyEvents(snap(before), snap([row(C, 'primary', { slots: null })]), 3, 'switch-master'))[0]).toBe(
      `switch-master: The Sentinels moved the primary from ${A} to ${C} (switch-master).`,
    );
  });

  it('slots moved between primaries that stayed up; a restart between polls; a node that joined or left the lists', () => {
    const moved = [row(A, 'primary', { slots: 4461 }), row(B, 'primary', { slots: 6461 }), row(RB, 'replica', { primaryOf: B })];
    expect(kinds(topologyEvents(snap(steady), snap(moved), 1, 'failover'))).toEqual([`slots-moved: Slots moved: ${A} 5,461 → 4,461, ${B} 5,461 → 6,461.`]);
    const restarted = snap(steady, { runIds: new Map([...snap(steady).runIds, [A, 'run-new']]) });
    expect(kinds(topologyEvents(snap(steady), restarted, 1, 'failover'))).toEqual([`node-up: ${A} (primary) was restarted (new run id).`]);
    const joined = [...steady, row(C, 'replica', { primaryOf: A })];
    expect(kinds(topologyEvents(snap(steady), snap(joined), 1, 'failover'))).toEqual([`node-up: ${C} joined as a replica of ${A}.`]);
    const left = snap([steady[0]!, steady[1]!, { ...steady[2]!, up: false }], { listed: new Set([A, B]) });
    expect(kinds(topologyEvents(snap(steady), left, 1, 'failover'))).toEqual([`node-down: ${RB} (replica) is no longer listed (left, or not seen by the node asked).`]);
  });
});
