import type { NodeSample, TopologyEvent } from '../../../shared/contract';
import { formatInteger } from '../../../shared/format';

/** The node set as one poll saw it: what the next poll's events are measured against. */
export interface TopologySnapshot {
  nodes: readonly NodeSample[];
  /** Each node's run id when it answered (a primary restarted between polls has a new one). */
  runIds: ReadonlyMap<string, string | null>;
  /** Addresses the topology listed this poll (the others are remembered rows). */
  listed: ReadonlySet<string>;
  /** cluster_state; null outside a cluster or when unknown. */
  clusterState: string | null;
}

const roleWord = (n: NodeSample) => (n.role === 'primary' ? 'primary' : 'replica');

/**
 * What changed between two polls' node sets, in sentences: a replica that became primary (a
 * cluster `failover`, or a Sentinel `switch-master` — the topology says which word), a node that
 * stopped answering or came back (or was restarted: a new run id), slots moved between primaries
 * that stayed up, cluster_state flipping. The first poll has nothing to compare with: no events.
 */
export function topologyEvents(
  prev: TopologySnapshot | null,
  cur: TopologySnapshot,
  at: number,
  promotion: 'failover' | 'switch-master',
  clusterProblem?: string,
): TopologyEvent[] {
  if (!prev) return [];
  const events: TopologyEvent[] = [];
  const before = new Map(prev.nodes.map((n) => [n.address, n]));
  const event = (kind: TopologyEvent['kind'], message: string, address?: string) => events.push({ ts: at, kind, message, ...(address ? { address } : {}) });
  const formerPrimaries = prev.nodes.filter((n) => n.role === 'primary' && !cur.nodes.some((c) => c.address === n.address && c.role === 'primary' && c.up));
  const promoted = new Set<string>();

  for (const n of cur.nodes) {
    const p = before.get(n.address);
    if (n.up && n.role === 'primary' && p?.role !== 'primary' && (p?.role === 'replica' || promotion === 'switch-master')) {
      const from = p?.primaryOf ?? formerPrimaries.find((f) => f.address !== n.address)?.address;
      promoted.add(n.address);
      if (from) promoted.add(from);
      event(
        promotion,
        promotion === 'switch-master'
          ? `The Sentinels moved the primary${from ? ` from ${from}` : ''} to ${n.address} (switch-master).`
          : `${n.address} took over${from ? ` from ${from}` : ''} (failover).`,
        n.address,
      );
      continue;
    }
    if (!p) {
      if (n.up) event('node-up', `${n.address} joined as a ${roleWord(n)}${n.primaryOf ? ` of ${n.primaryOf}` : ''}.`, n.address);
      continue;
    }
    if (p.up && !n.up) {
      event('node-down', cur.listed.has(n.address) ? `${n.address} (${roleWord(p)}) does not answer.` : `${n.address} (${roleWord(p)}) is no longer listed (left, or not seen by the node asked).`, n.address);
    } else if (!p.up && n.up) {
      event('node-up', `${n.address} (${roleWord(n)}) answers again.`, n.address);
    } else if (n.up) {
      const was = prev.runIds.get(n.address);
      const now = cur.runIds.get(n.address);
      if (was && now && was !== now) event('node-up', `${n.address} (${roleWord(n)}) was restarted (new run id).`, n.address);
    }
  }

  // Slots that changed hands between primaries that answered both times (a failover's are its own event).
  const moved: string[] = [];
  for (const n of cur.nodes) {
    const p = before.get(n.address);
    if (!p || promoted.has(n.address) || n.role !== 'primary' || p.role !== 'primary' || !n.up || !p.up) continue;
    if (n.slots === null || p.slots === null || n.slots === p.slots) continue;
    moved.push(`${n.address} ${formatInteger(p.slots)} → ${formatInteger(n.slots)}`);
  }
  if (moved.length) event('slots-moved', `Slots moved: ${moved.join(', ')}.`);

  if (prev.clusterState && cur.clusterState && prev.clusterState !== cur.clusterState) {
    event(
      'cluster-state',
      cur.clusterState === 'ok' ? 'cluster_state is ok again.' : (clusterProblem ?? `cluster_state is ${cur.clusterState}.`),
    );
  }
  return events;
}
