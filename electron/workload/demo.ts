import { Cluster, type default as Redis } from 'ioredis';
import { describeAddress, resolveInput, type ResolvedProfile } from '../core/profile/profile';
import { CoreError } from '../core/errors';
import { connectOnceTo } from '../core/redis/connect-once';
import { reconnectDelayMs } from '../core/redis/options';
import { allocate } from './allocate';
import { startPrivateCluster, type PrivateCluster } from './private-cluster';
import { startPrivateRedis, type PrivateRedis } from './private-redis';
import { getProfile, type ProfileChoice, type WorkloadProfile } from './profiles';
import { seedKeys, type SeedResult } from './seed';
import { CacheWorkload } from './workload';

/**
 * The demo as one call, for the CLI today and the UI's "Start demo" later: a private
 * redis-server (or a given empty database), a seeded dataset, and the cache-aside workload running.
 */
export interface DemoOptions {
  profile: ProfileChoice;
  /** Keys to seed before the workload starts (default: the profile's). */
  keys?: number;
  opsPerSec?: number;
  hitTarget?: number | null;
  /** Private server only: bytes, 0 = no limit (default 64 MiB). */
  maxmemory?: number;
  /** An existing server to use instead of starting one. Its database must be empty unless `allowNonEmpty`. */
  target?: ResolvedProfile;
  /** Start a private Redis Cluster (3 primaries, each with this many replicas) instead of one server. */
  cluster?: { replicasPerPrimary: number };
  allowNonEmpty?: boolean;
  seed?: number;
  /** Where to look for redis-server (PATH). */
  env?: NodeJS.ProcessEnv;
  onSeedProgress?(keysDone: number, keysTotal: number): void;
  onError?(error: unknown): void;
  /** Aborting during startup (a long seed) cleans up and rejects with CoreError CANCELLED. */
  signal?: AbortSignal;
}

export interface DemoHandle {
  /** redis:// URL of the server the demo runs against (what the dashboard connects to). */
  url: string;
  /** host:port, for messages. */
  address: string;
  /** The redis-server the demo started, null when it uses `target` or started a cluster. */
  server: { pid: number; port: number; maxmemory: number; maxmemoryPolicy: string } | null;
  /** The private cluster the demo started (maxmemory is each node's). */
  cluster: { nodes: { pid: number; port: number; role: 'primary' | 'replica' }[]; maxmemory: number; maxmemoryPolicy: string } | null;
  profile: WorkloadProfile;
  seeded: SeedResult;
  workload: CacheWorkload;
  /** The workload's connection (the "app"): a Cluster client on a cluster. */
  client: Redis | Cluster;
  /** What the server (every primary of a cluster, summed) says now: not keyspace reads, so the hit rate stays the workload's. */
  serverFigures(): Promise<ServerFigures>;
  /** Stop the workload, close its connection, stop the server it started. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ServerFigures {
  keys: number;
  usedMemory: number | null;
  /** 0 = no limit (on a cluster: when any primary has none). */
  maxMemory: number | null;
  evicted: number | null;
}

export const DEFAULT_DEMO_MAXMEMORY = 64 * 1024 * 1024;

/** DBSIZE and INFO of one node, or summed over a cluster's primaries. */
async function serverFigures(client: Redis | Cluster): Promise<ServerFigures> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  const each = await Promise.all(
    nodes.map(async (n) => {
      const [keys, info] = await Promise.all([n.dbsize(), n.info()]);
      const field = (name: string) => {
        const v = new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1];
        return v === undefined ? null : Number(v);
      };
      return { keys, usedMemory: field('used_memory'), maxMemory: field('maxmemory'), evicted: field('evicted_keys') };
    }),
  );
  const sum = (pick: (f: ServerFigures) => number | null) => (each.some((f) => pick(f) === null) ? null : each.reduce((t, f) => t + (pick(f) as number), 0));
  return {
    keys: each.reduce((t, f) => t + f.keys, 0),
    usedMemory: sum((f) => f.usedMemory),
    maxMemory: each.some((f) => f.maxMemory === 0) ? 0 : sum((f) => f.maxMemory),
    evicted: sum((f) => f.evicted),
  };
}

function urlOf(p: ResolvedProfile): string {
  const auth = p.password ? `${p.username ? encodeURIComponent(p.username) : ''}:${encodeURIComponent(p.password)}@` : '';
  const host = p.host.includes(':') ? `[${p.host}]` : p.host;
  return `${p.tls.enabled ? 'rediss' : 'redis'}://${auth}${host}:${p.port}/${p.db}`;
}

function connectApp(target: ResolvedProfile, name: string): Promise<Redis | Cluster> {
  // Named like an app, not `cachescope:*`: this is the traffic the dashboard is there to watch.
  // Unlike a one-shot check, the app keeps reconnecting and queueing through a blip.
  return connectOnceTo(target, 'cli', {
    connectionName: `demo-app:${name}`,
    enableAutoPipelining: true,
    retryStrategy: reconnectDelayMs,
    enableOfflineQueue: true,
  });
}

/** The demo writes and deletes keys by pattern: never into a database that holds someone's data. */
export async function assertEmptyDatabase(client: Redis | Cluster, target: ResolvedProfile): Promise<void> {
  const { keys } = await serverFigures(client);
  if (keys > 0)
    throw new CoreError(
      'BAD_REQUEST',
      `db ${target.db} on ${describeAddress(target)} already holds ${keys} keys, and the demo writes and deletes keys there. Use an empty database (--db N) or a private server (no --url), or pass --force.`,
    );
}

export async function startDemo(options: DemoOptions): Promise<DemoHandle> {
  const profile = getProfile(options.profile);
  const keys = options.keys ?? profile.defaultKeys;
  const maxmemory = options.maxmemory ?? DEFAULT_DEMO_MAXMEMORY;
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  };
  try {
    let server: PrivateRedis | null = null;
    let cluster: PrivateCluster | null = null;
    let target = options.target;
    if (!target && options.cluster) {
      cluster = await startPrivateCluster({ maxmemory, maxmemoryPolicy: profile.maxmemoryPolicy, replicasPerPrimary: options.cluster.replicasPerPrimary, ...(options.env ? { env: options.env } : {}) });
      cleanups.push(() => cluster!.stop());
      target = resolveInput({ name: `demo ${profile.name} cluster`, url: cluster.url }, 'demo').profile;
    } else if (!target) {
      server = await startPrivateRedis({ maxmemory, maxmemoryPolicy: profile.maxmemoryPolicy, ...(options.env ? { env: options.env } : {}) });
      cleanups.push(() => server!.stop());
      target = resolveInput({ name: `demo ${profile.name}`, host: server.host, port: server.port }, 'demo').profile;
    }
    const client = await connectApp(target, profile.name);
    cleanups.push(() => client.disconnect());
    if (options.target && !options.allowNonEmpty) await assertEmptyDatabase(client, target);

    const seeded = await seedKeys(target, {
      profile,
      keys,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      clientName: `demo-app:${profile.name}:seed`,
      onProgress: (done) => options.onSeedProgress?.(done, keys),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (options.signal?.aborted) throw new CoreError('CANCELLED', 'The demo was stopped while seeding.');
    const workload = new CacheWorkload({
      client,
      profile,
      // Even without a seed the workload reads a realistic id space (cold at first).
      idSpace: allocate(profile.specs, keys > 0 ? keys : profile.defaultKeys),
      opsPerSec: options.opsPerSec ?? 200,
      // No target unless asked: the hit rate is what the workload, TTLs and maxmemory make it.
      hitTarget: options.hitTarget ?? null,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    workload.start();
    cleanups.push(() => workload.stop());

    let stopping: Promise<void> | null = null;
    return {
      url: server ? server.url : cluster ? cluster.url : urlOf(target),
      address: describeAddress(target),
      server: server ? { pid: server.pid, port: server.port, maxmemory, maxmemoryPolicy: profile.maxmemoryPolicy } : null,
      cluster: cluster ? { nodes: cluster.nodes.map((n) => ({ pid: n.pid, port: n.port, role: n.role })), maxmemory, maxmemoryPolicy: profile.maxmemoryPolicy } : null,
      profile,
      seeded,
      workload,
      client,
      serverFigures: () => serverFigures(client),
      stop: () => (stopping ??= cleanup()),
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
