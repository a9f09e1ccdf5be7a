import { readFileSync } from 'node:fs';
import { Cluster, type ClusterOptions } from 'ioredis';
import type { TestCluster } from './redis-cluster';
import { testClient, type TestClient } from './redis-client';

/**
 * A test's own cluster client (slot-routed, MOVED followed), seeded from the cluster's primaries,
 * with an 'error' listener as testClient has: a node killed by a test must not print
 * "[ioredis] Unhandled error event".
 */
export function testClusterClient(cluster: TestCluster, options: ClusterOptions = {}): Cluster {
  const client = new Cluster(
    cluster.seeds.map((s) => ({ ...s })),
    { ...options, redisOptions: { ...(cluster.password ? { password: cluster.password } : {}), ...(cluster.tlsCa ? { tls: { ca: readFileSync(cluster.tlsCa) } } : {}), ...options.redisOptions } },
  );
  client.on('error', () => undefined);
  client.on('node error', () => undefined);
  return client;
}

/** A plain client to each primary running now (for per-shard counts and FLUSHALL between tests). */
export async function primaryClients(cluster: TestCluster): Promise<TestClient[]> {
  const primaries = (await cluster.roles()).filter((n) => n.role === 'primary');
  return primaries.map((p) => testClient(p.port, p.host, { ...(cluster.password ? { password: cluster.password } : {}), ...(cluster.tlsCa ? { tls: { ca: readFileSync(cluster.tlsCa) } } : {}) }));
}

/** Every key on each primary (latin1, one char per byte), by port. */
export async function keysByPrimary(cluster: TestCluster): Promise<Map<number, Set<string>>> {
  const clients = await primaryClients(cluster);
  const out = new Map<number, Set<string>>();
  try {
    for (const c of clients) {
      const keys = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await c.scanBuffer(cursor, 'COUNT', 1000);
        cursor = next.toString();
        for (const k of batch) keys.add(k.toString('latin1'));
      } while (cursor !== '0');
      out.set(c.options.port!, keys);
    }
  } finally {
    for (const c of clients) c.disconnect();
  }
  return out;
}

/** FLUSHALL on every primary (replicas follow): a clean cluster between tests. */
export async function flushCluster(cluster: TestCluster): Promise<void> {
  const clients = await primaryClients(cluster);
  try {
    await Promise.all(clients.map((c) => c.flushall()));
  } finally {
    for (const c of clients) c.disconnect();
  }
}
