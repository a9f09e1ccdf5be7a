import type Redis from 'ioredis';

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
export async function unlinkMatching(client: Redis, pattern: string, options: { count?: number; signal?: AbortSignal } = {}): Promise<PatternInvalidation> {
  const count = options.count ?? 100;
  let cursor = '0';
  let scans = 0;
  let deleted = 0;
  do {
    const [next, keys] = await client.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', count);
    scans++;
    cursor = next.toString();
    if (keys.length > 0) deleted += await client.unlink(...keys);
  } while (cursor !== '0' && !options.signal?.aborted);
  return { scans, deleted };
}
