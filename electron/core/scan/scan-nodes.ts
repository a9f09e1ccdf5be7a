import type { RedisTarget, TargetNode } from '../redis/target';
import { NodesNotReady, type ScanNode } from './scanner';

function onPrimary(p: TargetNode, note?: string): ScanNode {
  return { client: p.client, address: p.address, ledgered: true, ...(p.slots ? { slots: p.slots } : {}), ...(note ? { note } : {}) };
}

/**
 * The nodes a scan reads: every primary, or with `fromReplicas` one replica per primary — so the
 * primaries' keyspace_hits and their CPU are left alone — falling back to the primary (and
 * saying so) where it has none. Throws NodesNotReady while some slots have no reachable primary
 * (a failover under way): a scan then would miss their keys without a word.
 */
export async function scanNodes(target: RedisTarget, fromReplicas: boolean): Promise<ScanNode[]> {
  const gap = await target.incomplete('scan');
  if (gap) throw new NodesNotReady(gap);
  const primaries = await target.nodes('primary');
  if (!fromReplicas) return primaries.map((p) => onPrimary(p));
  const replicas = await target.nodes('replica');
  const single = primaries.length === 1 && replicas.length === 1 && replicas[0]!.replicaOf === undefined;
  return primaries.map((p) => {
    const mine = single ? replicas : replicas.filter((r) => r.replicaOf === p.address);
    // A connected one if any: a replica that is down would only stall the scan.
    const pick = mine.find((r) => r.client.status === 'ready') ?? mine[0];
    if (!pick) return onPrimary(p, `${p.address} has no replica: its keys were read on the primary.`);
    return { client: pick.client, address: pick.address, ledgered: false, ...(p.slots ? { slots: p.slots } : {}) };
  });
}
