import type { ClusterHealth, NodeSample, TopologyEvent } from '../../shared/contract';
import { formatBytes, formatInteger, formatLatency, formatPercent, formatRate } from '../../shared/format';

/** One node in a `stats --json` line: the sample's row, rates rounded as the cache's are. */
export interface NodeLine {
  address: string;
  nodeId?: string;
  role: 'primary' | 'replica';
  primaryOf?: string;
  slots: number | null;
  up: boolean;
  keys: number;
  usedMemory: number;
  maxMemory: number;
  opsPerSec: number | null;
  hitRate: number | null;
  connectedClients: number;
  replLagBytes: number | null;
  linkUp: boolean | null;
  latencyMs: number | null;
}

const round = (n: number | null, digits: number) => (n === null ? null : Number(n.toFixed(digits)));

export function toNodeLine(n: NodeSample): NodeLine {
  return {
    address: n.address,
    ...(n.nodeId ? { nodeId: n.nodeId } : {}),
    role: n.role,
    ...(n.primaryOf ? { primaryOf: n.primaryOf } : {}),
    slots: n.slots,
    up: n.up,
    keys: n.keys,
    usedMemory: n.usedMemory,
    maxMemory: n.maxMemory,
    opsPerSec: round(n.opsPerSec, 2),
    hitRate: round(n.hitRate, 4),
    connectedClients: n.connectedClients,
    replLagBytes: n.replLagBytes,
    linkUp: n.linkUp,
    latencyMs: round(n.latencyMs, 3),
  };
}

/**
 * `--nodes`: one line per node under the cache's line — role, address, slots (primary) or its
 * primary (replica), keys, memory vs maxmemory, ops/s, hit rate, clients, and a replica's lag and
 * link. A node down says so, with the figures it last had.
 */
export function humanNodeLines(nodes: readonly NodeLine[]): string[] {
  const width = Math.max(...nodes.map((n) => n.address.length));
  return nodes.map((n) => {
    const where = n.role === 'primary' ? `slots ${formatInteger(n.slots)}` : `of ${n.primaryOf ?? '?'}`;
    const figures = [
      `keys ${formatInteger(n.keys)}`,
      `mem ${formatBytes(n.usedMemory)} / ${n.maxMemory > 0 ? formatBytes(n.maxMemory) : 'no limit'}`,
      ...(n.up ? [`ops ${formatRate(n.opsPerSec)}/s`, `hit ${formatPercent(n.hitRate)}`, `clients ${formatInteger(n.connectedClients)}`] : []),
      ...(n.role === 'replica' && n.up ? [`lag ${n.replLagBytes === null ? '—' : formatBytes(n.replLagBytes)}`, `link ${n.linkUp ? 'up' : 'down'}`] : []),
      ...(n.up ? [`latency ${formatLatency(n.latencyMs)}`] : []),
    ];
    return ['', n.role.padEnd(7), n.address.padEnd(width), where, ...(n.up ? figures : ['DOWN', `(last seen: ${figures.join(', ')})`])].join('  ');
  });
}

/** A topology event as a line of its own, at its time. */
export function humanEventLine(e: TopologyEvent, clock: (ts: number) => string): string {
  return `${clock(e.ts)}  ! ${e.kind}: ${e.message}`;
}

/** The cluster's health when it changes: the problem in words, or that it is whole again. */
export function humanHealthLine(health: ClusterHealth, clock: (ts: number) => string, ts: number): string {
  return `${clock(ts)}  ! cluster: ${health.ok ? `all ${formatInteger(health.slotsCovered)} slots served again.` : (health.problem ?? 'not ok.')}`;
}
