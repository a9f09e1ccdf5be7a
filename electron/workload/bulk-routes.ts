import type { Cluster } from 'ioredis';
import type { ResolvedProfile } from '../core/profile/profile';
import { connectOnceTo } from '../core/redis/connect-once';
import { detectTopology } from '../core/redis/detect-topology';
import { slotOf } from '../core/redis/slots';

/**
 * Where bulk writes go: one node, or on a cluster the primary serving each key's slot — a
 * pipelined batch may only carry keys its node serves (another node answers MOVED). The slot
 * map is read once: bulk loading is for a cluster that is not being resharded meanwhile.
 */
export interface BulkRoutes {
  /** One profile per node to open a bulk connection to. */
  nodes: ResolvedProfile[];
  /** The index in `nodes` of the node serving `key`. */
  nodeOf(key: string): number;
}

export async function bulkRoutes(target: ResolvedProfile): Promise<BulkRoutes> {
  const profile = await detectTopology(target);
  if (profile.kind !== 'cluster') return { nodes: [profile], nodeOf: () => 0 };
  const cluster = (await connectOnceTo(profile, 'cli')) as Cluster;
  try {
    // cluster.slots: per slot, the node keys serving it (primary first), after the address map.
    const index = new Map<string, number>();
    const nodes: ResolvedProfile[] = [];
    const bySlot = cluster.slots.map((keys) => {
      const primary = keys[0];
      if (primary === undefined) return -1;
      let i = index.get(primary);
      if (i === undefined) {
        const at = primary.lastIndexOf(':');
        i = nodes.push({ ...profile, kind: 'standalone', host: primary.slice(0, at), port: Number(primary.slice(at + 1)), seeds: [] }) - 1;
        index.set(primary, i);
      }
      return i;
    });
    return {
      nodes,
      nodeOf(key) {
        const i = bySlot[slotOf(key)] ?? -1;
        if (i < 0) throw new Error(`no node of the cluster serves the slot of key ${JSON.stringify(key)} (its slots are not all covered)`);
        return i;
      },
    };
  } finally {
    cluster.disconnect();
  }
}
