import Redis, { Cluster } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { TopologyKind } from '../../../shared/contract';
import type { ResolvedProfile } from '../profile/profile';
import { CoreError } from '../errors';
import { createClient, NoSuchDbError } from './client';
import { clusterOptionsFor, type ClientRole } from './options';
import { groupBySlot } from './slots';

/** A client for keyed commands: slot-routed on a cluster (MOVED/ASK followed), one node otherwise. */
export type KeyClient = Redis | Cluster;

export type NodeSelector = 'primary' | 'replica' | 'all';

/** One node for node-wide commands (INFO, SCAN, DBSIZE, CONFIG, SLOWLOG, FLUSH*). */
export interface TargetNode {
  /** host:port as the node is dialled (after the address map). */
  address: string;
  role: 'primary' | 'replica';
  client: Redis;
  /** A replica's primary (its `address`), where the slot map says so. */
  replicaOf?: string;
  /** A cluster primary's slot ranges [from, to] as the slot map had them when listed. */
  slots?: [number, number][];
}

/**
 * What a connection talks to: the one module that knows the topology (DESIGN invariant 10).
 * Callers ask for a client by role for keyed commands, for the nodes by role for node-wide ones,
 * and for keys grouped so that each group may go in one multi-key command. A standalone server and
 * a Sentinel-managed primary (ioredis follows the primary across a failover) are one node; a
 * Cluster is every node its slots map names.
 */
export interface RedisTarget {
  readonly kind: TopologyKind;
  client(role: ClientRole): KeyClient;
  /** The nodes of this role, through the `role` connections (default: scan). Waits for a cluster's first slot map. */
  nodes(which: NodeSelector, role?: ClientRole): Promise<TargetNode[]>;
  /** Keys in groups that one multi-key command (UNLINK, EXISTS, MGET) may carry: by slot on a cluster. */
  groupKeys<T extends Buffer | string>(keys: T[]): T[][];
  /**
   * Why nodes('primary') would miss keys now — slots whose primary is not reachable (a failover
   * under way) — in words, or null when the primaries serve every slot. Asks for a fresh slot map
   * when it finds a gap, so a later call sees the promoted replica.
   */
  incomplete(role?: ClientRole): Promise<string | null>;
  close(): Promise<void>;
}

export function addressOf(client: Redis): string {
  const { host, port } = client.options;
  // A Sentinel client's options name the sentinels' side; its socket knows the primary it reached.
  const stream = (client as unknown as { stream?: { remoteAddress?: string; remotePort?: number } }).stream;
  const h = stream?.remoteAddress ?? host ?? '127.0.0.1';
  const p = stream?.remotePort ?? port ?? 6379;
  return h.includes(':') ? `[${h}]:${p}` : `${h}:${p}`;
}

async function closeClient(c: KeyClient): Promise<void> {
  try {
    if (c.status === 'ready') await c.quit();
    else c.disconnect();
  } catch {
    c.disconnect();
  }
}

/** One node, or a Sentinel-managed primary: one client per role (and, for Sentinel, one per replica and role). */
export class StandaloneTarget implements RedisTarget {
  readonly kind: TopologyKind;
  private readonly clients = new Map<ClientRole, Redis>();
  /** A Sentinel primary's replicas, by role and address as the primary reports them. */
  private readonly replicaClients = new Map<string, Redis>();
  /** Set once any client's SELECT failed: no client of this target may run a command. */
  private noSuchDb: NoSuchDbError | null = null;

  constructor(
    private readonly profile: ResolvedProfile,
    private readonly perRole: (role: ClientRole) => Partial<RedisOptions> = () => ({}),
  ) {
    this.kind = profile.kind === 'sentinel' ? 'sentinel' : 'standalone';
  }

  /** Throws CoreError(NO_SUCH_DB) once the profile's db is known not to exist on the server. */
  client(role: ClientRole): Redis {
    if (this.noSuchDb) throw new CoreError('NO_SUCH_DB', this.noSuchDb.message);
    let c = this.clients.get(role);
    if (!c) {
      c = createClient(this.profile, role, this.perRole(role));
      // Errors are reported through connection state; an unhandled 'error' event would crash main.
      c.on('error', (e: unknown) => {
        if (e instanceof NoSuchDbError) this.noSuchDb ??= e;
      });
      this.clients.set(role, c);
    }
    return c;
  }

  async nodes(which: NodeSelector, role: ClientRole = 'scan'): Promise<TargetNode[]> {
    const client = this.client(role);
    if (which === 'replica' && this.kind !== 'sentinel') return [];
    if (which === 'primary' || this.kind !== 'sentinel') return [{ address: addressOf(client), role: 'primary', client }];
    const replicas = await this.replicas(client, role);
    // Named once connected: before, a Sentinel client knows only the sentinels' address.
    const primary: TargetNode = { address: addressOf(client), role: 'primary', client };
    return which === 'replica' ? replicas : [primary, ...replicas];
  }

  /**
   * A Sentinel primary's online replicas, as its INFO replication lists them (not a keyspace
   * read), through the profile's address map: one client each per role, dropped when the replica
   * leaves the list (a failover made it the primary, or it went away).
   */
  private async replicas(primary: Redis, role: ClientRole): Promise<TargetNode[]> {
    const listed = replicaAddresses(await primary.info('replication')).map((a) => this.mapped(a));
    const primaryAddress = addressOf(primary);
    const wanted = new Set(listed.map((a) => `${role}|${a.host}:${a.port}`));
    for (const [key, c] of this.replicaClients) {
      if (key.startsWith(`${role}|`) && !wanted.has(key)) {
        this.replicaClients.delete(key);
        void closeClient(c);
      }
    }
    return listed.map((a) => {
      const key = `${role}|${a.host}:${a.port}`;
      let c = this.replicaClients.get(key);
      if (!c) {
        const { sentinel: _s, ...rest } = this.profile;
        c = createClient({ ...rest, kind: 'standalone', host: a.host, port: a.port, seeds: [] }, role, this.perRole(role));
        c.on('error', () => undefined); // a replica that does not answer is left out by the caller
        this.replicaClients.set(key, c);
      }
      return { address: addressOf(c), role: 'replica', client: c, replicaOf: primaryAddress };
    });
  }

  private mapped(a: { host: string; port: number }): { host: string; port: number } {
    const m = this.profile.natMap.find((e) => e.from.host === a.host && e.from.port === a.port);
    return m ? { host: m.to.host, port: m.to.port } : a;
  }

  groupKeys<T extends Buffer | string>(keys: T[]): T[][] {
    return keys.length ? [keys] : [];
  }

  async incomplete(): Promise<string | null> {
    return null;
  }

  async close(): Promise<void> {
    const all = [...this.clients.values(), ...this.replicaClients.values()];
    this.clients.clear();
    this.replicaClients.clear();
    this.noSuchDb = null; // the server may have been restarted with more databases meanwhile
    await Promise.all(all.map(closeClient));
  }
}

/** A Redis Cluster: one ioredis Cluster per role; node-wide work runs on its per-node connections. */
export class ClusterTarget implements RedisTarget {
  readonly kind = 'cluster' as const;
  private readonly clients = new Map<ClientRole, Cluster>();

  constructor(
    private readonly profile: ResolvedProfile,
    private readonly perRole: (role: ClientRole) => Partial<RedisOptions> = () => ({}),
    /** Given for a one-shot run: every role shares this cluster client. */
    private readonly only?: Cluster,
  ) {}

  client(role: ClientRole): Cluster {
    if (this.only) return this.only;
    let c = this.clients.get(role);
    if (!c) {
      c = new Cluster(seedsOf(this.profile), clusterOptionsFor(this.profile, role, this.perRole(role)));
      c.on('error', () => undefined); // reported through connection state
      this.clients.set(role, c);
    }
    return c;
  }

  async nodes(which: NodeSelector, role: ClientRole = 'scan'): Promise<TargetNode[]> {
    const cluster = this.client(role);
    await slotMapOf(cluster);
    const primaries = new Set(cluster.nodes('master'));
    const picked = cluster.nodes(which === 'primary' ? 'master' : which === 'replica' ? 'slave' : 'all');
    const map = slotMapView(cluster);
    const addressByKey = new Map(cluster.nodes('all').map((c) => [nodeKey(c), addressOf(c)]));
    return picked.map((client) => {
      const key = nodeKey(client);
      if (primaries.has(client)) return { address: addressOf(client), role: 'primary', client, slots: map.slotsOf.get(key) ?? [] };
      const primary = map.primaryOf.get(key);
      const replicaOf = primary === undefined ? undefined : addressByKey.get(primary);
      return { address: addressOf(client), role: 'replica', client, ...(replicaOf ? { replicaOf } : {}) };
    });
  }

  groupKeys<T extends Buffer | string>(keys: T[]): T[][] {
    return groupBySlot(keys);
  }

  async incomplete(role: ClientRole = 'scan'): Promise<string | null> {
    const cluster = this.client(role);
    await slotMapOf(cluster);
    const live = new Set(cluster.nodes('master').filter((c) => c.status !== 'end' && c.status !== 'close').map(nodeKey));
    let missing = 0;
    let first = -1;
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const owner = cluster.slots[slot]?.[0];
      if (owner !== undefined && live.has(owner)) continue;
      if (first < 0) first = slot;
      missing++;
    }
    if (missing > 0) {
      cluster.refreshSlotsCache();
      return `${missing} of the cluster's ${SLOT_COUNT} slots (from slot ${first}) have no reachable primary yet`;
    }
    // Every slot has a primary in our map; the cluster may still be down (a failover not settled).
    const ready = cluster.nodes('master').find((c) => c.status === 'ready');
    if (!ready) return null;
    let info: string;
    try {
      info = String(await ready.call('CLUSTER', 'INFO'));
    } catch (e) {
      // Refused (an ACL without CLUSTER INFO): the slot map is all there is to go by.
      if (e instanceof Error && e.name === 'ReplyError') return null;
      return `the cluster's state could not be read (${e instanceof Error ? e.message : String(e)})`;
    }
    const state = /^cluster_state:(\w+)/m.exec(info)?.[1];
    return state === undefined || state === 'ok' ? null : `the cluster says cluster_state:${state}`;
  }

  async close(): Promise<void> {
    const all = this.only ? [this.only] : [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map(closeClient));
  }
}

const SLOT_COUNT = 16384;

/** `slaveN:ip=…,port=…,state=online,…` lines of INFO replication: the replicas a primary streams to. */
export function replicaAddresses(info: string): { host: string; port: number }[] {
  const out: { host: string; port: number }[] = [];
  for (const m of info.matchAll(/^slave\d+:(.*)$/gm)) {
    const f = Object.fromEntries(m[1]!.trim().split(',').map((kv) => kv.split('=') as [string, string]));
    const port = Number(f.port);
    if (f.ip && Number.isInteger(port) && f.state === 'online') out.push({ host: f.ip, port });
  }
  return out;
}

/** How the Cluster client names a node: `host:port` as dialled (its slot map uses the same). */
function nodeKey(client: Redis): string {
  return `${client.options.host}:${client.options.port}`;
}

/** From the client's slot map: each primary's slot ranges, and each replica's primary. */
function slotMapView(cluster: Cluster): { slotsOf: Map<string, [number, number][]>; primaryOf: Map<string, string> } {
  const slotsOf = new Map<string, [number, number][]>();
  const primaryOf = new Map<string, string>();
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const [owner, ...replicas] = cluster.slots[slot] ?? [];
    if (owner === undefined) continue;
    for (const r of replicas) primaryOf.set(r, owner);
    let ranges = slotsOf.get(owner);
    if (!ranges) slotsOf.set(owner, (ranges = []));
    const last = ranges.at(-1);
    if (last && last[1] === slot - 1) last[1] = slot;
    else ranges.push([slot, slot]);
  }
  return { slotsOf, primaryOf };
}

export function seedsOf(profile: ResolvedProfile): { host: string; port: number }[] {
  return [{ host: profile.host, port: profile.port }, ...profile.seeds];
}

/** Wait until the cluster client has a slot map (connected once); a lazy client is connected here. */
async function slotMapOf(cluster: Cluster): Promise<void> {
  if (cluster.status === 'ready') return;
  if (cluster.status === 'wait') {
    await cluster.connect();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      cluster.off('ready', done);
      cluster.off('end', failed);
      resolve();
    };
    const failed = () => {
      cluster.off('ready', done);
      cluster.off('end', failed);
      reject(new CoreError('NOT_CONNECTED', 'The cluster connection is closed.'));
    };
    cluster.once('ready', done);
    cluster.once('end', failed);
  });
}

/**
 * A one-shot run's target (the CLI): the one client it connected, shared by every role — a
 * command that runs once needs no separate poll, scan and action connections.
 */
export class SingleClientTarget implements RedisTarget {
  readonly kind: TopologyKind;

  constructor(
    private readonly only: Redis,
    kind: TopologyKind = 'standalone',
  ) {
    this.kind = kind;
  }

  client(_role: ClientRole): Redis {
    return this.only;
  }

  async nodes(which: NodeSelector): Promise<TargetNode[]> {
    return which === 'replica' ? [] : [{ address: addressOf(this.only), role: 'primary', client: this.only }];
  }

  groupKeys<T extends Buffer | string>(keys: T[]): T[][] {
    return keys.length ? [keys] : [];
  }

  async incomplete(): Promise<string | null> {
    return null;
  }

  async close(): Promise<void> {
    // The run is over: drop the socket rather than wait for QUIT's answer.
    this.only.disconnect();
  }
}

/**
 * The target for a profile: a Cluster for kind `cluster`, one node (or a Sentinel-managed primary)
 * otherwise; `connected` is a one-shot run's client, shared by every role.
 */
export function createTarget(profile: ResolvedProfile, connected: KeyClient | undefined, perRole: (role: ClientRole) => Partial<RedisOptions>): RedisTarget {
  if (connected instanceof Cluster) return new ClusterTarget(profile, perRole, connected);
  if (connected) return new SingleClientTarget(connected, profile.kind === 'sentinel' ? 'sentinel' : 'standalone');
  return profile.kind === 'cluster' ? new ClusterTarget(profile, perRole) : new StandaloneTarget(profile, perRole);
}
