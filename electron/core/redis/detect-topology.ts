import type { ResolvedProfile } from '../profile/profile';
import { createClient } from './client';

/**
 * A standalone profile (the environment default too) that reaches a cluster node is the whole
 * cluster, seeded by that node — unless the user pinned the node. `INFO cluster` is free (not a
 * keyspace read); any failure leaves the profile as it is, and its own connection says why.
 */
export async function detectTopology(profile: ResolvedProfile): Promise<ResolvedProfile> {
  if (profile.kind !== 'standalone' || profile.pinNode) return profile;
  const probe = createClient({ ...profile, db: 0 }, 'test', { retryStrategy: () => null, enableOfflineQueue: false, commandTimeout: profile.connectTimeoutMs });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    const clusterEnabled = /^cluster_enabled:1\r?$/m.test(await probe.info('cluster'));
    return clusterEnabled ? { ...profile, kind: 'cluster', db: 0 } : profile;
  } catch {
    return profile;
  } finally {
    probe.disconnect();
  }
}
