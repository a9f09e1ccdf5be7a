import Redis from 'ioredis';
import { describeAddress, resolveInput, type ResolvedProfile } from '../core/profile/profile';
import { CoreError } from '../core/errors';
import { connectOnce } from '../core/redis/connect-once';
import { reconnectDelayMs } from '../core/redis/options';
import { allocate } from './allocate';
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
  /** The redis-server the demo started, null when it uses `target`. */
  server: { pid: number; port: number; maxmemory: number; maxmemoryPolicy: string } | null;
  profile: WorkloadProfile;
  seeded: SeedResult;
  workload: CacheWorkload;
  /** The workload's connection (the "app"), for status reads. */
  client: Redis;
  /** Stop the workload, close its connection, stop the server it started. Safe to call twice. */
  stop(): Promise<void>;
}

export const DEFAULT_DEMO_MAXMEMORY = 64 * 1024 * 1024;

function urlOf(p: ResolvedProfile): string {
  const auth = p.password ? `${p.username ? encodeURIComponent(p.username) : ''}:${encodeURIComponent(p.password)}@` : '';
  const host = p.host.includes(':') ? `[${p.host}]` : p.host;
  return `${p.tls.enabled ? 'rediss' : 'redis'}://${auth}${host}:${p.port}/${p.db}`;
}

function connectApp(target: ResolvedProfile, name: string): Promise<Redis> {
  // Named like an app, not `cachescope:*`: this is the traffic the dashboard is there to watch.
  // Unlike a one-shot check, the app keeps reconnecting and queueing through a blip.
  return connectOnce(target, 'cli', {
    connectionName: `demo-app:${name}`,
    enableAutoPipelining: true,
    retryStrategy: reconnectDelayMs,
    enableOfflineQueue: true,
  });
}

/** The demo writes and deletes keys by pattern: never into a database that holds someone's data. */
export async function assertEmptyDatabase(client: Redis, target: ResolvedProfile): Promise<void> {
  const keys = await client.dbsize();
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
    let target = options.target;
    if (!target) {
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
      hitTarget: options.hitTarget === undefined ? 0.9 : options.hitTarget,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    workload.start();
    cleanups.push(() => workload.stop());

    let stopping: Promise<void> | null = null;
    return {
      url: server ? server.url : urlOf(target),
      address: describeAddress(target),
      server: server ? { pid: server.pid, port: server.port, maxmemory, maxmemoryPolicy: profile.maxmemoryPolicy } : null,
      profile,
      seeded,
      workload,
      client,
      stop: () => (stopping ??= cleanup()),
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
