import { SlotsNotServed, type RedisTarget, type TargetNode } from '../redis/target';
import { NodesNotReady, type ScanNode } from './scanner';

/** How long a replica has to answer INFO before the scan reads its primary instead. */
const REPLICA_CHECK_MS = 3000;

function onPrimary(p: TargetNode, note?: string): ScanNode {
  return { client: p.client, address: p.address, ledgered: true, ...(p.slots ? { slots: p.slots } : {}), ...(note ? { note } : {}) };
}

/** Why this replica should not be read now (down, promoted, cut off from its primary), or null. */
async function unusable(r: TargetNode): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const info = await Promise.race([
      r.client.info('replication'),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${REPLICA_CHECK_MS / 1000} s`)), REPLICA_CHECK_MS);
      }),
    ]);
    if (!/^role:slave\r?$/m.test(info)) return 'is not a replica now';
    const link = /^master_link_status:(\w+)/m.exec(info)?.[1];
    // A replica cut off from its primary serves stale keys.
    return link === 'up' ? null : `is cut off from its primary (master_link_status:${link ?? 'unknown'})`;
  } catch (e) {
    return `did not answer (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The primaries to read and, if asked, the replicas. On a cluster the primaries are those
 * serving every slot now, each answering with cluster_state:ok, with the slots they serve: one
 * look at one fresh slot map, so the list and the check cannot disagree. Throws NodesNotReady
 * while some slot has none (a failover under way): a scan then would miss their keys without a word.
 */
async function nodesNow(target: RedisTarget, withReplicas: boolean): Promise<{ primaries: TargetNode[]; replicas: TargetNode[] }> {
  let serving: TargetNode[] | null;
  try {
    serving = await target.servingPrimaries({ timeoutMs: 0, role: 'scan' });
  } catch (e) {
    if (e instanceof SlotsNotServed) throw new NodesNotReady(e.why);
    throw e;
  }
  // Listed after the check, from the slot map it read; listing every node connects a Sentinel
  // primary, which is then named by its own address.
  const listed = await target.nodes(withReplicas ? 'all' : 'primary');
  return { primaries: serving ?? listed.filter((n) => n.role === 'primary'), replicas: listed.filter((n) => n.role === 'replica') };
}

/**
 * The nodes a scan reads: every primary, or with `fromReplicas` one replica per primary — so the
 * primaries' keyspace_hits and their CPU are left alone — falling back to the primary (and
 * saying so) where it has none that answers and is in sync.
 */
export async function scanNodes(target: RedisTarget, fromReplicas: boolean): Promise<ScanNode[]> {
  const { primaries, replicas } = await nodesNow(target, fromReplicas);
  if (!fromReplicas) return primaries.map((p) => onPrimary(p));
  return Promise.all(
    primaries.map(async (p) => {
      // Connected ones first: a replica that is down would only cost its check's timeout.
      const mine = replicas.filter((r) => r.replicaOf === p.address).sort((a, b) => Number(b.client.status === 'ready') - Number(a.client.status === 'ready'));
      if (mine.length === 0) return onPrimary(p, `${p.address} has no replica: its keys were read on the primary.`);
      const why: string[] = [];
      for (const r of mine) {
        const bad = await unusable(r);
        if (!bad) return { client: r.client, address: r.address, ledgered: false, ...(p.slots ? { slots: p.slots } : {}) };
        why.push(`${r.address} ${bad}`);
      }
      return onPrimary(p, `${p.address}'s replica ${why.join('; ')}: its keys were read on the primary.`);
    }),
  );
}
