import path from 'node:path';
import Redis from 'ioredis';
import { CoreError } from '../core/errors';
import { freePort, startRedisNode, type PrivateRedis, type PrivateRedisOptions } from './private-redis';

/**
 * A throwaway Redis Cluster for `cachescope demo --cluster`: `primaries` redis-servers (and
 * `replicasPerPrimary` replicas of each) from PATH, each a private server as startPrivateRedis
 * makes them (free loopback port, its own temp folder, no persistence, stopped with this
 * process, reaped by the next demo if it was killed), joined into one cluster the way
 * `redis-cli --cluster create` does it — with no need for redis-cli.
 */
export interface PrivateClusterNode extends PrivateRedis {
  role: 'primary' | 'replica';
}

export interface PrivateCluster {
  /** Primaries first. */
  nodes: PrivateClusterNode[];
  /** The URL to point Cachescope at: every primary, as cluster seeds. */
  url: string;
  stop(): Promise<void>;
}

export interface PrivateClusterOptions extends PrivateRedisOptions {
  primaries?: number;
  replicasPerPrimary?: number;
  /** How long the nodes may take to agree (default 60 s: a loaded machine is slow to gossip). */
  timeoutMs?: number;
}

const SLOTS = 16384;

export async function startPrivateCluster(options: PrivateClusterOptions = {}): Promise<PrivateCluster> {
  const primaries = options.primaries ?? 3;
  const replicas = options.replicasPerPrimary ?? 1;
  if (primaries < 3) throw new CoreError('BAD_REQUEST', 'A Redis Cluster needs at least 3 primaries.');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const busPorts = new Map<number, number>();
  const started: PrivateClusterNode[] = [];
  const admins = new Map<number, Redis>();
  const stop = async () => {
    for (const c of admins.values()) c.disconnect();
    await Promise.all(started.map((n) => n.stop()));
  };
  try {
    const nodeOptions = { ...(options.maxmemory !== undefined ? { maxmemory: options.maxmemory } : {}), ...(options.maxmemoryPolicy ? { maxmemoryPolicy: options.maxmemoryPolicy } : {}), ...(options.env ? { env: options.env } : {}) };
    const start = async (role: PrivateClusterNode['role']) => {
      const node = await startRedisNode(nodeOptions, async (dir, port) => {
        // The bus port is chosen like the data port (the default, port + 10000, may be taken or past 65535).
        const bus = await freePort();
        busPorts.set(port, bus);
        return [
          '--cluster-enabled', 'yes',
          '--cluster-config-file', path.join(dir, 'nodes.conf'),
          '--cluster-port', String(bus),
          '--cluster-node-timeout', '5000',
          // Replicas sync at once instead of waiting 5 s for more replicas to join.
          '--repl-diskless-sync-delay', '0',
        ];
      });
      const entry: PrivateClusterNode = { ...node, role };
      started.push(entry);
      return entry;
    };
    // One at a time: each start probes for free ports, and two probes at once may pick the same.
    for (let i = 0; i < primaries; i++) await start('primary');
    for (let i = 0; i < primaries * replicas; i++) await start('replica');
    const admin = (port: number) => {
      let c = admins.get(port);
      if (!c) {
        c = new Redis({ host: '127.0.0.1', port, lazyConnect: false, maxRetriesPerRequest: 1, enableReadyCheck: false, connectionName: 'cachescope:demo-setup', retryStrategy: () => null });
        c.on('error', () => undefined); // a failed setup command rejects with the reason
        admins.set(port, c);
      }
      return c;
    };
    const ask = (port: number, ...args: (string | number)[]) => admin(port).call(String(args[0]), ...args.slice(1).map(String));

    const [first, ...others] = started as [PrivateClusterNode, ...PrivateClusterNode[]];
    // Distinct config epochs up front, as redis-cli does: no epoch collisions to settle first.
    for (const [i, n] of started.entries()) await ask(n.port, 'CLUSTER', 'SET-CONFIG-EPOCH', i + 1);
    const owners = started.filter((n) => n.role === 'primary');
    for (const [i, n] of owners.entries()) {
      const from = Math.floor((i * SLOTS) / primaries);
      const to = Math.floor(((i + 1) * SLOTS) / primaries) - 1;
      await ask(n.port, 'CLUSTER', 'ADDSLOTSRANGE', from, to);
    }
    for (const n of others) await ask(first.port, 'CLUSTER', 'MEET', '127.0.0.1', n.port, busPorts.get(n.port) as number);
    await until(timeoutMs, 'the nodes did not all meet', async () => {
      for (const n of started) {
        const lines = String(await ask(n.port, 'CLUSTER', 'NODES')).trim().split('\n');
        const unsettled = (line: string) => (line.split(' ')[2] ?? '').split(',').some((f) => ['handshake', 'noaddr', 'fail', 'fail?'].includes(f));
        if (lines.length !== started.length || lines.some(unsettled)) return false;
      }
      return true;
    });
    const ids = new Map<number, string>();
    for (const n of owners) ids.set(n.port, String(await ask(n.port, 'CLUSTER', 'MYID')));
    const replicaNodes = started.filter((n) => n.role === 'replica');
    for (const [i, n] of replicaNodes.entries()) await ask(n.port, 'CLUSTER', 'REPLICATE', ids.get((owners[i % primaries] as PrivateClusterNode).port) as string);
    await until(timeoutMs, 'the cluster did not come up', async () => {
      for (const n of started) {
        const info = String(await ask(n.port, 'CLUSTER', 'INFO'));
        if (!/cluster_state:ok/.test(info) || !new RegExp(`cluster_slots_ok:${SLOTS}\\b`).test(info)) return false;
        if (n.role === 'replica' && !/master_link_status:up/.test(String(await ask(n.port, 'INFO', 'replication')))) return false;
      }
      return true;
    });
    for (const c of admins.values()) c.disconnect();
    admins.clear();
    let stopping: Promise<void> | null = null;
    return {
      nodes: started,
      url: `redis://${owners.map((n) => `127.0.0.1:${n.port}`).join(',')}`,
      stop: () => (stopping ??= stop()),
    };
  } catch (e) {
    await stop();
    if (e instanceof CoreError) throw e;
    throw new CoreError('INTERNAL', `Could not start the demo's Redis Cluster: ${(e as Error).message}`);
  }
}

/** Poll `ready` (errors count as not yet) until it holds; throw `why` after `timeoutMs`. */
async function until(timeoutMs: number, why: string, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${why} within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
