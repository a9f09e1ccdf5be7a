/** One line of CLUSTER NODES: a node as the answering node knows it. */
export interface ClusterNodeLine {
  id: string;
  /** host:port as announced (the bus port and hostname stripped). */
  announced: string;
  flags: string[];
  /** Its primary's id (replicas); null for a primary. */
  primaryId: string | null;
  linkConnected: boolean;
  /** Slot ranges it serves, inclusive; migrating/importing markers left out. */
  ranges: [number, number][];
}

export const CLUSTER_SLOTS = 16384;

/**
 * CLUSTER NODES, line by line: `<id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong>
 * <epoch> <link> <slot>…`. Nodes still in handshake or without an address are left out: nobody
 * can reach them yet.
 */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const out: ClusterNodeLine[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    if (parts.length < 8) continue;
    const [id = '', address = '', flagText = '', master = '', , , , link = '', ...slots] = parts;
    const flags = flagText.split(',');
    if (flags.includes('handshake') || flags.includes('noaddr')) continue;
    const announced = address.split(',')[0]!.split('@')[0]!;
    if (!announced || announced.endsWith(':0')) continue;
    const ranges: [number, number][] = [];
    for (const s of slots) {
      if (s.startsWith('[')) continue; // [slot->-id] migrating / [slot-<-id] importing: not served here yet
      const [from, to = from] = s.split('-').map(Number);
      if (Number.isInteger(from) && Number.isInteger(to)) ranges.push([from!, to!]);
    }
    out.push({ id, announced, flags, primaryId: master === '-' ? null : master, linkConnected: link === 'connected', ranges });
  }
  return out;
}
