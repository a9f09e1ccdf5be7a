import type Redis from 'ioredis';
import type { BasicFacts } from '../../../shared/contract/metrics';

/**
 * What can still be read from a server whose INFO is denied (an ACL user without +info): the
 * key count (DBSIZE) and a round trip (PING). Each is null when denied too, or when it fails
 * (the next reading may have it). Neither counts as a keyspace lookup.
 */
export async function readBasics(nodes: Redis[]): Promise<BasicFacts> {
  const t0 = performance.now();
  const pinged = await Promise.all(nodes.map((n) => n.ping())).then(
    () => true,
    () => false,
  );
  const latencyMs = pinged ? Number((performance.now() - t0).toFixed(3)) : null;
  // The cache's keys: DBSIZE summed over the primaries; unknown if any node denies it.
  const counts = await Promise.all(nodes.map((n) => n.dbsize().catch(() => null)));
  const keys = counts.some((n) => n === null) ? null : counts.reduce<number>((sum, n) => sum + (n ?? 0), 0);
  return { ts: Date.now(), keys, latencyMs };
}
