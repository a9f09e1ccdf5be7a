import type Redis from 'ioredis';
import type { BasicFacts } from '../../../shared/contract/metrics';

/**
 * What can still be read from a server whose INFO is denied (an ACL user without +info): the
 * key count (DBSIZE) and a round trip (PING). Each is null when denied too, or when it fails
 * (the next reading may have it). Neither counts as a keyspace lookup.
 */
export async function readBasics(client: Redis): Promise<BasicFacts> {
  const t0 = performance.now();
  const pinged = await client.ping().then(
    () => true,
    () => false,
  );
  const latencyMs = pinged ? Number((performance.now() - t0).toFixed(3)) : null;
  const keys = await client.dbsize().catch(() => null);
  return { ts: Date.now(), keys, latencyMs };
}
