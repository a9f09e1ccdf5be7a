import { Cluster, type default as Redis } from 'ioredis';
import { groupBySlot } from '../core/redis/slots';

export interface PatternInvalidation {
  /** SCAN calls made. */
  scans: number;
  /** Keys UNLINK removed (a key that expired in between is not counted). */
  deleted: number;
}

/**
 * Delete every key matching a glob, as the apps invalidate "everything of meeting 42": SCAN with
 * a small COUNT and UNLINK per batch — never KEYS, which blocks the server for the whole keyspace.
 * Keys are handled as bytes, so whatever a pattern matches is deleted exactly.
 */
export async function unlinkMatching(client: Redis | Cluster, pattern: string, options: { count?: number; signal?: AbortSignal } = {}): Promise<PatternInvalidation> {
  // A cluster app scans each primary in turn (SCAN is per node) and unlinks by slot there.
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  const total: PatternInvalidation = { scans: 0, deleted: 0 };
  for (const node of nodes) {
    if (options.signal?.aborted) break;
    const one = await unlinkOnNode(node, pattern, client instanceof Cluster, options);
    total.scans += one.scans;
    total.deleted += one.deleted;
  }
  return total;
}

async function unlinkOnNode(client: Redis, pattern: string, bySlot: boolean, options: { count?: number; signal?: AbortSignal }): Promise<PatternInvalidation> {
  const count = options.count ?? 100;
  let cursor = '0';
  let scans = 0;
  let deleted = 0;
  do {
    const [next, keys] = await client.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', count);
    scans++;
    cursor = next.toString();
    for (const group of bySlot ? groupBySlot(keys) : keys.length ? [keys] : []) deleted += await client.unlink(...group);
  } while (cursor !== '0' && !options.signal?.aborted);
  return { scans, deleted };
}
