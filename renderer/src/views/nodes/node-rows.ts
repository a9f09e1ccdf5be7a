import type { NodeSample } from '../../../../shared/contract/metrics';
import { formatBytes, formatPercent } from '../../../../shared/format';

/**
 * The nodes table's order and words, from a sample's `nodes`. Pure. The default order reads
 * like the topology: each primary, then its replicas.
 */

export type NodeSortKey = 'topology' | 'address' | 'role' | 'slots' | 'keys' | 'memory' | 'ops' | 'hitRate' | 'clients' | 'lag';
export interface NodeSort {
  by: NodeSortKey;
  dir: 'asc' | 'desc';
}
export const TOPOLOGY_SORT: NodeSort = { by: 'topology', dir: 'asc' };

/** host:port → host (IPv6 keeps its colons) and port. */
function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  if (at < 0) return { host: address, port: 0 };
  const port = Number(address.slice(at + 1));
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ''), port: Number.isFinite(port) ? port : 0 };
}

/** By host, then by port as a number: 127.0.0.1:7002 before 127.0.0.1:10001. */
export function compareAddress(a: string, b: string): number {
  const x = splitAddress(a);
  const y = splitAddress(b);
  return x.host === y.host ? x.port - y.port : x.host < y.host ? -1 : 1;
}

/** Primaries by address, each followed by its replicas; replicas of no listed primary last. */
export function topologyOrder(nodes: readonly NodeSample[]): NodeSample[] {
  const byAddress = (a: NodeSample, b: NodeSample) => compareAddress(a.address, b.address);
  const primaries = nodes.filter((n) => n.role === 'primary').sort(byAddress);
  const replicas = nodes.filter((n) => n.role === 'replica').sort(byAddress);
  const out: NodeSample[] = [];
  const placed = new Set<NodeSample>();
  for (const p of primaries) {
    out.push(p);
    for (const r of replicas) {
      if (r.primaryOf === p.address) {
        out.push(r);
        placed.add(r);
      }
    }
  }
  for (const r of replicas) if (!placed.has(r)) out.push(r);
  return out;
}

const SORT_VALUE: Record<Exclude<NodeSortKey, 'topology'>, (n: NodeSample) => number | string | null> = {
  address: (n) => n.address,
  role: (n) => (n.role === 'primary' ? 0 : 1),
  slots: (n) => n.slots,
  keys: (n) => n.keys,
  memory: (n) => n.usedMemory,
  ops: (n) => n.opsPerSec,
  hitRate: (n) => n.hitRate,
  clients: (n) => n.connectedClients,
  lag: (n) => n.replLagBytes,
};

/** Sorted rows: "no data" sorts last either way; ties keep the topology order. */
export function sortNodes(nodes: readonly NodeSample[], sort: NodeSort): NodeSample[] {
  const base = topologyOrder(nodes);
  if (sort.by === 'topology') return sort.dir === 'asc' ? base : base.reverse();
  const value = SORT_VALUE[sort.by];
  const sign = sort.dir === 'asc' ? 1 : -1;
  const rank = new Map(base.map((n, i) => [n, i]));
  return [...base].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? rank.get(a)! - rank.get(b)! : x === null ? 1 : -1;
    const c = typeof x === 'string' && typeof y === 'string' ? compareAddress(x, y) : (x as number) - (y as number);
    return c !== 0 ? sign * c : rank.get(a)! - rank.get(b)!;
  });
}

/** A click on a column head: the same column flips; another starts descending (biggest first), names ascending. */
export function nextSort(current: NodeSort, by: NodeSortKey): NodeSort {
  if (current.by === by) return { by, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { by, dir: by === 'address' || by === 'topology' || by === 'role' ? 'asc' : 'desc' };
}

export type Tone = 'ok' | 'warn' | 'bad';

/** Whether a node serves: down (did not answer), a replica whose link to its primary is down, or up. */
export function nodeState(n: NodeSample): { tone: Tone; words: string } {
  if (!n.up) return { tone: 'bad', words: 'down' };
  if (n.role === 'replica' && n.linkUp === false) return { tone: 'warn', words: 'link down' };
  return { tone: 'ok', words: 'up' };
}

/** A replica's replication lag in words; a primary has none. */
export function lagWords(n: NodeSample): string {
  if (n.role === 'primary') return '—';
  if (n.linkUp === false) return 'not replicating';
  if (n.replLagBytes === null) return 'unknown';
  return n.replLagBytes === 0 ? 'in sync' : `${formatBytes(n.replLagBytes)} behind`;
}

/** Memory against the node's maxmemory; 0 is Redis's "no limit", never a division. */
export function memoryWords(n: NodeSample): { fraction: number | null; text: string; title: string } {
  if (!(n.maxMemory > 0)) return { fraction: null, text: formatBytes(n.usedMemory), title: `${formatBytes(n.usedMemory)} · no limit (maxmemory 0)` };
  const fraction = n.usedMemory / n.maxMemory;
  return { fraction, text: formatBytes(n.usedMemory), title: `${formatBytes(n.usedMemory)} of ${formatBytes(n.maxMemory)} (${formatPercent(fraction)})` };
}

/** The role column: "primary", or "replica of 127.0.0.1:7001". */
export function roleWords(n: NodeSample): string {
  return n.role === 'primary' ? 'primary' : n.primaryOf ? `replica of ${n.primaryOf}` : 'replica';
}

export interface NodeCounts {
  /** Primaries and replicas that answered (a node down keeps its last role, but serves as neither). */
  primaries: number;
  replicas: number;
  down: number;
  /** Sum of the answering primaries' slots; null when no node reports slots (Sentinel). */
  slots: number | null;
}

export function nodeCounts(nodes: readonly NodeSample[]): NodeCounts {
  let primaries = 0;
  let replicas = 0;
  let down = 0;
  let slots: number | null = null;
  for (const n of nodes) {
    if (!n.up) {
      down++;
      continue;
    }
    if (n.role === 'primary') primaries++;
    else replicas++;
    if (n.role === 'primary' && n.slots !== null) slots = (slots ?? 0) + n.slots;
  }
  return { primaries, replicas, down, slots };
}
