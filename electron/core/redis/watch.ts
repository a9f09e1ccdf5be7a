import type Redis from 'ioredis';
import type { NatMapEntry } from '../../../shared/contract';
import { CLUSTER_SLOTS, parseClusterNodes } from './cluster-nodes';
import { joinAddress, parseFieldLines, splitAddress } from './reply-text';

/** A node as a poll sees it: every node the topology knows of, reachable or not. */
export interface WatchedNode {
  /** host:port as dialled (after the address map). */
  address: string;
  /** As the topology names it now (the node's own INFO has the last word on its row). */
  role: 'primary' | 'replica';
  /** The connection to poll it through; null when the topology lists it but no connection to it is open (it is gone). */
  client: Redis | null;
  /** The cluster's id for it. */
  nodeId?: string;
  /** A replica's primary, as dialled. */
  primaryOf?: string;
  /** Hash slots this primary serves per the cluster's map; null outside a cluster and for replicas. */
  slots: number | null;
  /** The cluster flags it as failed ('fail') or possibly failing ('pfail', one node's opinion). */
  flagged?: 'fail' | 'pfail';
}

/** A run of hash slots and the primary that serves it (null: no node does). */
export interface SlotRange {
  from: number;
  to: number;
  primary: string | null;
}

/** A cluster's own account of itself, from CLUSTER INFO and CLUSTER NODES on one node. */
export interface ClusterView {
  /** The node that answered. */
  source: string;
  /** cluster_state: `ok` or `fail`. */
  state: string;
  slotsAssigned: number;
  slotsOk: number;
  slotsPfail: number;
  slotsFail: number;
  /** All 16384 slots in order, unassigned runs included. */
  ranges: SlotRange[];
}

/**
 * What a poll needs of the topology: the nodes to ask, and (on a cluster) the slot map and state.
 * The poller stays topology-blind: what differs between a single server, a Sentinel set and a
 * cluster is data here, not a branch there.
 */
export interface TopologyWatch {
  /** Samples carry one row per node: a cluster or a Sentinel set, not a single server. */
  perNode: boolean;
  /** What a primary replaced by another is called: `failover` (cluster) or `switch-master` (Sentinel). */
  promotion: 'failover' | 'switch-master';
  /** Primaries first. */
  nodes: WatchedNode[];
  /** A cluster's view of itself; null elsewhere, or when no node told it in time. */
  cluster: ClusterView | null;
  /** A host:port a node announces (a replica's master_host:master_port) as dialled. */
  dialled(announced: string): string;
}

/** The profile's address map as a function: announced host:port → reachable host:port. */
export function dialledVia(natMap: readonly NatMapEntry[]): (announced: string) => string {
  if (natMap.length === 0) return (a) => a;
  const map = new Map(natMap.map((m) => [joinAddress(m.from.host, m.from.port), joinAddress(m.to.host, m.to.port)]));
  return (a) => map.get(a) ?? a;
}

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

interface KnownNode {
  address: string;
  role: 'primary' | 'replica';
}

/**
 * The cluster as one node tells it (CLUSTER NODES and CLUSTER INFO, two small replies, asked of
 * the first node that answers within `timeoutMs` in all), merged with the nodes the cluster
 * client knows (`known`). Every node listed gets its own connection from `clients` — a node the
 * client's pool left out (a replica CLUSTER SLOTS does not name yet, a node whose connection
 * ended) is still polled, and shows as down only when it is. Without an answer: the known nodes
 * alone, and no cluster view.
 */
export async function surveyCluster(
  known: KnownNode[],
  clients: { get(address: string): Redis },
  timeoutMs: number,
  dialled: (a: string) => string,
): Promise<{ nodes: WatchedNode[]; cluster: ClusterView | null }> {
  const rank = (n: KnownNode) => (clients.get(n.address).status === 'ready' ? 0 : 2) + (n.role === 'primary' ? 0 : 1);
  const candidates = [...known].sort((a, b) => rank(a) - rank(b));
  const deadline = Date.now() + timeoutMs;
  let told: { source: KnownNode; nodesText: string; infoText: string } | null = null;
  for (const source of candidates) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const client = clients.get(source.address);
    try {
      const [nodesText, infoText] = await bounded(Promise.all([client.call('CLUSTER', 'NODES'), client.call('CLUSTER', 'INFO')]), left);
      told = { source, nodesText: String(nodesText), infoText: String(infoText) };
      break;
    } catch {
      // Ask the next one.
    }
  }
  const fromPool = (n: KnownNode): WatchedNode => ({ address: n.address, role: n.role, client: clients.get(n.address), slots: null });
  if (!told) return { nodes: order(known.map(fromPool)), cluster: null };

  const lines = parseClusterNodes(told.nodesText);
  const sourceHost = splitAddress(told.source.address).host;
  // A node that never learnt its own IP lists itself as ":port".
  const addressOf = (announced: string) => dialled(announced.startsWith(':') ? `${sourceHost}${announced}` : announced);
  const byId = new Map(lines.map((l) => [l.id, addressOf(l.announced)]));
  const poolBy = new Map(known.map((n) => [n.address, n]));
  const nodes: WatchedNode[] = [];
  const ranges: SlotRange[] = [];
  for (const l of lines) {
    const address = addressOf(l.announced);
    const primary = l.flags.includes('master');
    const primaryOf = l.primaryId ? byId.get(l.primaryId) : undefined;
    const flagged = l.flags.includes('fail') ? 'fail' : l.flags.includes('fail?') ? 'pfail' : undefined;
    nodes.push({
      address,
      role: primary ? 'primary' : 'replica',
      client: clients.get(address),
      nodeId: l.id,
      ...(primaryOf ? { primaryOf } : {}),
      slots: primary ? l.ranges.reduce((s, [from, to]) => s + to - from + 1, 0) : null,
      ...(flagged ? { flagged } : {}),
    });
    if (primary) for (const [from, to] of l.ranges) ranges.push({ from, to, primary: address });
    poolBy.delete(address);
  }
  for (const n of poolBy.values()) nodes.push(fromPool(n));
  const info = parseFieldLines(told.infoText);
  const n = (k: string) => Number(info[k] ?? 0) || 0;
  return {
    nodes: order(nodes),
    cluster: {
      source: told.source.address,
      state: info['cluster_state'] ?? 'unknown',
      slotsAssigned: n('cluster_slots_assigned'),
      slotsOk: n('cluster_slots_ok'),
      slotsPfail: n('cluster_slots_pfail'),
      slotsFail: n('cluster_slots_fail'),
      ranges: withUnassigned(ranges),
    },
  };
}

/** Sorted, with the runs no primary serves filled in as `primary: null`. */
function withUnassigned(ranges: SlotRange[]): SlotRange[] {
  const out: SlotRange[] = [];
  let next = 0;
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    if (r.from > next) out.push({ from: next, to: r.from - 1, primary: null });
    if (r.to < next) continue; // an overlap (two views mid-change): the first owner stands
    out.push({ ...r, from: Math.max(r.from, next) });
    next = r.to + 1;
  }
  if (next < CLUSTER_SLOTS) out.push({ from: next, to: CLUSTER_SLOTS - 1, primary: null });
  return out;
}

/** Primaries first, then by host and numeric port (so 7002 comes before 10000). */
export function order<T extends { address: string; role: 'primary' | 'replica' }>(nodes: T[]): T[] {
  const key = (a: string) => splitAddress(a);
  return [...nodes].sort((a, b) => {
    if (a.role !== b.role) return a.role === 'primary' ? -1 : 1;
    const x = key(a.address);
    const y = key(b.address);
    return x.host === y.host ? x.port - y.port : x.host < y.host ? -1 : 1;
  });
}
