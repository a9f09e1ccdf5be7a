import type { NodeSample } from '../../../shared/contract';
import { joinAddress } from '../redis/reply-text';
import type { WatchedNode } from '../redis/watch';
import { ratio } from './derive';
import { keyspaceOf, num, type ParsedInfo } from './info-parser';

/** One node's answer to a poll: its INFO (null when it did not answer) and PING round trip. */
export interface NodeReading {
  node: WatchedNode;
  info: ParsedInfo | null;
  latencyMs: number | null;
}

/** A node's counters at its last answered poll: the baseline for its own rates. */
interface NodeBaseline {
  at: number;
  runId: string;
  uptimeSec: number;
  commands: number;
  hits: number;
  misses: number;
}

/** What the poller keeps of a node between polls. */
export interface NodeMemory {
  /** Null after a poll it did not answer: its next rates start afresh. */
  baseline: NodeBaseline | null;
  /** Its last row, for the figures of a poll it misses ("last known"). */
  last: NodeSample;
  /** When it last answered or was listed, to drop a node that left long ago. */
  seenAt: number;
  runId: string | null;
}

/** A node that left the topology's lists stays a row marked down this long, then is dropped (it may have been removed on purpose). */
export const FORGET_AFTER_MS = 10 * 60_000;

function baselineOf(info: ParsedInfo, at: number): NodeBaseline {
  const n = (k: string) => num(info.fields, k) ?? 0;
  return {
    at,
    runId: info.fields['run_id'] ?? '',
    uptimeSec: n('uptime_in_seconds'),
    commands: n('total_commands_processed'),
    hits: n('keyspace_hits'),
    misses: n('keyspace_misses'),
  };
}

/** Rates need the same process (run id, uptime) and counters that only grew. */
function continues(prev: NodeBaseline, cur: NodeBaseline): boolean {
  if (prev.runId !== cur.runId || cur.uptimeSec < prev.uptimeSec) return false;
  return cur.commands >= prev.commands && cur.hits >= prev.hits && cur.misses >= prev.misses;
}

/**
 * One row per node from this poll's readings, with per-node baselines for ops/s and the
 * interval hit rate (the node's own counters: Cachescope's reads are taken out of the cache's
 * total only). A node that did not answer keeps its last figures, marked down; a node that is
 * no longer listed stays as a down row for FORGET_AFTER_MS. Replica lag is its primary's
 * master_repl_offset (same poll) minus its own slave_repl_offset.
 */
export function nodeSamples(
  readings: readonly NodeReading[],
  memory: ReadonlyMap<string, NodeMemory>,
  at: number,
  dialled: (announced: string) => string,
  minIntervalMs = 0,
): { nodes: NodeSample[]; memory: Map<string, NodeMemory> } {
  const next = new Map<string, NodeMemory>();
  const rows: NodeSample[] = [];
  const offsets = new Map<string, number>();
  for (const r of readings) {
    const role = r.info?.fields['role'];
    const offset = r.info ? num(r.info.fields, 'master_repl_offset') : null;
    if (role === 'master' && offset !== null) offsets.set(r.node.address, offset);
  }
  for (const r of readings) {
    const before = memory.get(r.node.address);
    if (!r.info) {
      const row: NodeSample = {
        ...(before?.last ?? emptyRow(r.node)),
        ...identity(r.node),
        up: false,
        latencyMs: null,
        opsPerSec: null,
        hitRate: null,
      };
      rows.push(row);
      next.set(r.node.address, { baseline: null, last: row, seenAt: at, runId: before?.runId ?? null });
      continue;
    }
    const f = r.info.fields;
    const cur = baselineOf(r.info, at);
    const prev = before?.baseline ?? null;
    const dt = prev ? at - prev.at : 0;
    const usable = prev !== null && continues(prev, cur) && dt > 0;
    // Too soon after the last answer to be a rate: keep that baseline (as the cache's total does).
    const folded = usable && dt < minIntervalMs;
    const rate = usable && !folded;
    const role: NodeSample['role'] = f['role'] === 'slave' ? 'replica' : f['role'] === 'master' ? 'primary' : r.node.role;
    const masterHost = f['master_host'];
    const masterPort = num(f, 'master_port');
    const primaryOf = role === 'replica' ? (masterHost && masterPort !== null ? dialled(joinAddress(masterHost, masterPort)) : r.node.primaryOf) : undefined;
    const primaryOffset = primaryOf ? offsets.get(primaryOf) : undefined;
    const ownOffset = num(f, 'slave_repl_offset');
    const keys = keyspaceOf(r.info).reduce((s, d) => s + d.keys, 0);
    const row: NodeSample = {
      ...identity(r.node),
      role,
      ...(primaryOf ? { primaryOf } : {}),
      slots: role === 'primary' ? r.node.slots : null,
      up: true,
      latencyMs: r.latencyMs,
      opsPerSec: rate ? Math.max(0, ((cur.commands - prev!.commands) * 1000) / dt) : null,
      hitRate: rate ? ratio(cur.hits - prev!.hits, cur.misses - prev!.misses) : null,
      usedMemory: num(f, 'used_memory') ?? 0,
      maxMemory: num(f, 'maxmemory') ?? 0,
      keys,
      connectedClients: num(f, 'connected_clients') ?? 0,
      replLagBytes: role === 'replica' && primaryOffset !== undefined && ownOffset !== null ? Math.max(0, primaryOffset - ownOffset) : null,
      linkUp: role === 'replica' ? f['master_link_status'] === 'up' : null,
    };
    rows.push(row);
    next.set(r.node.address, { baseline: folded ? prev : cur, last: row, seenAt: at, runId: cur.runId });
  }
  // Nodes that left the lists: a down row until they are forgotten.
  for (const [address, m] of memory) {
    if (next.has(address) || at - m.seenAt > FORGET_AFTER_MS) continue;
    const row: NodeSample = { ...m.last, up: false, latencyMs: null, opsPerSec: null, hitRate: null };
    rows.push(row);
    next.set(address, { baseline: null, last: row, seenAt: m.seenAt, runId: m.runId });
  }
  return { nodes: rows, memory: next };
}

/** What the topology says of a node, whether or not it answered. */
function identity(node: WatchedNode): Pick<NodeSample, 'address' | 'nodeId' | 'role' | 'primaryOf' | 'slots'> {
  return {
    address: node.address,
    ...(node.nodeId ? { nodeId: node.nodeId } : {}),
    role: node.role,
    ...(node.primaryOf ? { primaryOf: node.primaryOf } : {}),
    slots: node.role === 'primary' ? node.slots : null,
  };
}

function emptyRow(node: WatchedNode): NodeSample {
  return {
    ...identity(node),
    up: false,
    latencyMs: null,
    opsPerSec: null,
    hitRate: null,
    usedMemory: 0,
    maxMemory: 0,
    keys: 0,
    connectedClients: 0,
    replLagBytes: null,
    linkUp: null,
  };
}
