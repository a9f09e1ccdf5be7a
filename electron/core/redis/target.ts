import Redis, { Cluster } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { TopologyKind } from '../../../shared/contract';
import type { ResolvedProfile } from '../profile/profile';
import { CoreError } from '../errors';
import { createClient, NoSuchDbError } from './client';
import { WatchedCluster } from './cluster-client';
import { clusterOptionsFor, type ClientRole } from './options';
import { NodeClients, nodeClientsFor } from './node-clients';
import { ReplicaSet } from './sentinel-replicas';
import { groupBySlot, slotOf } from './slots';
import { dialledVia, order, surveyCluster, type TopologyWatch } from './watch';

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
   * Every node to poll, through the `role` connections, with what the topology says of them (a
   * cluster's slot map and state, asked of one node). `timeoutMs` bounds the topology's questions.
   */
  watch(role: ClientRole, timeoutMs: number): Promise<TopologyWatch>;
  /**
   * The primaries that serve every slot now, each answering with cluster_state:ok — the one
   * check of "is every slot served" (scan, invalidate, restore, warm and flush all ask it).
   * Asks for a fresh slot map each time (the client's lags a failover), and waits (up to
   * `timeoutMs`; 0 = one look) while some slot has none, as after a primary is lost and before
   * its replica takes over; then throws SlotsNotServed saying why. Null where no other node
   * takes a lost one's place (one server): work that lost its node stops there.
   */
  servingPrimaries(wait: TakeoverWait): Promise<TargetNode[] | null>;
  /**
   * While the `role` client reconnects: does a data node still answer a PING within `timeoutMs`,
   * through Cachescope's own per-node connections? A cluster client also reconnects when it only
   * lost its slot map (a refresh that failed or came back empty) while its nodes serve on; the
   * connection is unreachable only when they do not answer. False for one node: its client is
   * its only connection, and it is the one reconnecting.
   */
  nodesAnswer(role: ClientRole, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** How long to wait for every slot to have a primary that answers, and on which connections. */
export interface TakeoverWait {
  /** 0: look once, do not wait. */
  timeoutMs: number;
  signal?: AbortSignal;
  role?: ClientRole;
}

/** Some slot has no primary that answers (yet): `why` in words, the message with the wait it took. */
export class SlotsNotServed extends CoreError {
  constructor(
    readonly why: string,
    waitedMs: number,
  ) {
    super('NOT_CONNECTED', waitedMs > 0 ? `The cluster did not recover within ${Math.round(waitedMs / 1000)} s: ${why}.` : `The cluster cannot serve every slot now: ${why}.`);
    this.name = 'SlotsNotServed';
  }
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

/** One node, or a Sentinel-managed primary: one client per role. */
export class StandaloneTarget implements RedisTarget {
  readonly kind: TopologyKind;
  private readonly clients = new Map<ClientRole, Redis>();
  /** Set once any client's SELECT failed: no client of this target may run a command. */
  private noSuchDb: NoSuchDbError | null = null;
  /** A Sentinel-managed primary's replicas, per role (they are nodes too). */
  private readonly replicas = new Map<ClientRole, ReplicaSet>();

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
    const primary: TargetNode = { address: addressOf(client), role: 'primary', client };
    if (this.kind !== 'sentinel') return which === 'replica' ? [] : [primary];
    const replicas = which === 'primary' ? [] : await this.replicasOf(role).list(client, primary.address, this.profile.connectTimeoutMs);
    // Named again once connected (listing the replicas connects): before, a Sentinel client knows only the sentinels' address.
    primary.address = addressOf(client);
    return [...(which === 'replica' ? [] : [primary]), ...replicas.map((r) => ({ ...r, role: 'replica' as const, replicaOf: primary.address }))];
  }

  async watch(role: ClientRole, timeoutMs: number): Promise<TopologyWatch> {
    const client = this.client(role);
    const address = addressOf(client);
    const replicas = this.kind === 'sentinel' ? await this.replicasOf(role).list(client, address, timeoutMs) : [];
    return {
      perNode: this.kind === 'sentinel',
      promotion: 'switch-master',
      nodes: [{ address, role: 'primary', client, slots: null }, ...order(replicas.map((r) => ({ ...r, role: 'replica' as const, slots: null })))],
      cluster: null,
      dialled: dialledVia(this.profile.natMap),
    };
  }

  groupKeys<T extends Buffer | string>(keys: T[]): T[][] {
    return keys.length ? [keys] : [];
  }

  async servingPrimaries(): Promise<null> {
    // A lost server is not replaced (a Sentinel-managed primary's client finds the new one by itself).
    return null;
  }

  async nodesAnswer(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {
    for (const r of this.replicas.values()) r.close();
    this.replicas.clear();
    const all = [...this.clients.values()];
    this.clients.clear();
    this.noSuchDb = null; // the server may have been restarted with more databases meanwhile
    await Promise.all(all.map(closeClient));
  }

  private replicasOf(role: ClientRole): ReplicaSet {
    let r = this.replicas.get(role);
    if (!r) {
      r = new ReplicaSet(nodeClientsFor(this.profile, role, this.perRole(role)), dialledVia(this.profile.natMap));
      this.replicas.set(role, r);
    }
    return r;
  }
}

/** A Redis Cluster: one ioredis Cluster per role; node-wide work runs on its per-node connections. */
export class ClusterTarget implements RedisTarget {
  readonly kind = 'cluster' as const;
  private readonly clients = new Map<ClientRole, Cluster>();
  /** Cachescope's own connection to every node a poll watches, per role (see NodeClients). */
  private readonly watched = new Map<ClientRole, NodeClients>();

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
      c = new WatchedCluster(seedsOf(this.profile), clusterOptionsFor(this.profile, role, this.perRole(role)));
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

  async watch(role: ClientRole, timeoutMs: number): Promise<TopologyWatch> {
    const dialled = dialledVia(this.profile.natMap);
    const own = this.ownClients(role);
    const { nodes, cluster } = await surveyCluster(await this.nodes('all', role), own, timeoutMs, dialled);
    own.keepOnly(nodes.map((n) => n.address));
    return { perNode: true, promotion: 'failover', nodes, cluster, dialled };
  }

  groupKeys<T extends Buffer | string>(keys: T[]): T[][] {
    return groupBySlot(keys);
  }

  /** Cachescope's own connection to each node, per role (what a poll asks; see NodeClients). */
  private ownClients(role: ClientRole): NodeClients {
    let own = this.watched.get(role);
    if (!own) {
      own = nodeClientsFor({ ...this.profile, db: 0 }, role, this.perRole(role));
      this.watched.set(role, own);
    }
    return own;
  }

  async servingPrimaries({ timeoutMs, signal, role = 'scan' }: TakeoverWait): Promise<TargetNode[]> {
    const cluster = this.client(role);
    const deadline = Date.now() + timeoutMs;
    // A client that lost every node reconnects by itself; it is waited for within the same bound.
    if (!(await readyBy(cluster, deadline, signal))) throw new SlotsNotServed(`the cluster connection is ${cluster.status}`, timeoutMs);
    for (;;) {
      // Asked again each time: the client's map lags a failover until a refresh.
      await refreshSlotMap(cluster);
      const served = await servedSlots(cluster);
      if (Array.isArray(served)) return served.map(({ client, slots }) => ({ address: addressOf(client), role: 'primary', client, slots }));
      if (signal?.aborted) throw new CoreError('CANCELLED', 'Cancelled while waiting for the cluster.');
      if (Date.now() >= deadline) throw new SlotsNotServed(served, timeoutMs);
      await sleep(250, signal);
    }
  }

  async nodesAnswer(role: ClientRole, timeoutMs: number): Promise<boolean> {
    const own = this.ownClients(role);
    // The nodes polled so far; before the first poll, the profile's seeds.
    const addresses = own.addresses().length ? own.addresses() : seedsOf(this.profile).map(({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`));
    const answers = await Promise.all(addresses.map((a) => pong(own.get(a), timeoutMs)));
    return answers.includes(true);
  }

  async close(): Promise<void> {
    for (const w of this.watched.values()) w.close();
    this.watched.clear();
    const all = this.only ? [this.only] : [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map(closeClient));
  }
}

const SLOTS = 16384;

/** How the Cluster client names a node: `host:port` as dialled (its slot map uses the same). */
function nodeKey(client: Redis): string {
  return `${client.options.host}:${client.options.port}`;
}

/** From the client's slot map: each primary's slot ranges, and each replica's primary. */
function slotMapView(cluster: Cluster): { slotsOf: Map<string, [number, number][]>; primaryOf: Map<string, string> } {
  const slotsOf = new Map<string, [number, number][]>();
  const primaryOf = new Map<string, string>();
  for (let slot = 0; slot < SLOTS; slot++) {
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
 * Whether the cluster client has a slot map by `deadline`: a first connect (lazy, or under way)
 * is waited for whole; a client that lost every node and reconnects by itself, until `deadline`.
 */
async function readyBy(cluster: Cluster, deadline: number, signal?: AbortSignal): Promise<boolean> {
  if (cluster.status === 'wait') await cluster.connect().catch(() => undefined);
  if (cluster.status === 'connecting' || cluster.status === 'connect') await connectSettled(cluster);
  for (;;) {
    if (cluster.status === 'ready') return true;
    if (cluster.status === 'end' || signal?.aborted || Date.now() >= deadline) return false;
    await sleep(Math.min(100, deadline - Date.now()), signal);
  }
}

/** The next end of a connect attempt: ready, or closed. */
function connectSettled(cluster: Cluster): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const e of ['ready', 'close', 'end']) cluster.off(e, done);
      resolve();
    };
    for (const e of ['ready', 'close', 'end']) cluster.once(e, done);
  });
}

/** Whether `client` answers PING within `ms` (a node that is there, as opposed to gone or frozen). */
async function pong(client: Redis, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = await Promise.race([client.ping(), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]);
    return reply === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** A node that does not answer in this time is not serving (a frozen or dying primary). */
const ANSWER_TIMEOUT_MS = 2000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Ask the cluster for its slot map again (CLUSTER SLOTS); a failure leaves the map as it was. */
function refreshSlotMap(cluster: Cluster): Promise<void> {
  return new Promise((resolve) => cluster.refreshSlotsCache(() => resolve()));
}

/** Sorted slots as [from, to] ranges. */
function rangePairs(slots: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of slots) {
    const last = out[out.length - 1];
    if (last && last[1] === s - 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
}

/** Slot ranges in words: "0-5460, 10923". */
function rangesOf(slots: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < slots.length; ) {
    let j = i;
    while (j + 1 < slots.length && slots[j + 1] === slots[j]! + 1) j++;
    out.push(i === j ? String(slots[i]) : `${slots[i]}-${slots[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/**
 * Why a primary is not serving yet, or null when it is: it must answer, and say cluster_state:ok
 * (a primary back from a crash answers at once but refuses keys — CLUSTERDOWN — until the
 * cluster agrees again). A user denied CLUSTER INFO by ACL is taken at its answering.
 */
async function notServing(client: Redis, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const info = await Promise.race([
      client.call('CLUSTER', 'INFO'),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
    const state = /^cluster_state:(\w+)/m.exec(String(info))?.[1];
    return state === undefined || state === 'ok' ? null : `says cluster_state:${state}`;
  } catch (e) {
    if ((e as Error).name === 'ReplyError' && /^NOPERM/.test((e as Error).message)) return null;
    return `does not answer (${(e as Error).message})`;
  } finally {
    clearTimeout(timer);
  }
}

/** The primaries serving every slot, each answering with cluster_state:ok — or why not, in words. */
async function servedSlots(cluster: Cluster): Promise<{ client: Redis; slots: [number, number][] }[] | string> {
  const owners = new Map<string, number[]>();
  const orphans: number[] = [];
  for (let slot = 0; slot < SLOTS; slot++) {
    const owner = cluster.slots[slot]?.[0];
    if (!owner) orphans.push(slot);
    else if (owners.has(owner)) owners.get(owner)!.push(slot);
    else owners.set(owner, [slot]);
  }
  if (orphans.length) return `slots ${rangesOf(orphans)} have no primary`;
  const byKey = new Map(cluster.nodes('all').map((c) => [nodeKey(c), c]));
  const nodes: { client: Redis; slots: [number, number][] }[] = [];
  for (const [owner, slots] of owners) {
    const client = byKey.get(owner);
    if (!client) return `${owner} serves slots but is not connected`;
    nodes.push({ client, slots: rangePairs(slots) });
  }
  const silent = (await Promise.all(nodes.map(async (n) => ({ n, why: await notServing(n.client, ANSWER_TIMEOUT_MS) })))).find((r) => r.why !== null);
  if (silent) return `${nodeKey(silent.n.client)} serves slots but ${silent.why}`;
  return nodes;
}

/** Keys (by index) that one pipeline may carry, and the connection to send it on. */
export interface NodeGroup {
  client: KeyClient;
  indexes: number[];
  /** `client` is the serving node's own connection (not a cluster client that routes). */
  ownNode: boolean;
}

/**
 * `keys` (by index) in groups that one pipeline may carry, each with its connection: on a
 * cluster, the keys whose slots one primary serves, sent on that primary's own connection (an
 * ioredis Cluster refuses a pipeline that spans nodes, and routes a command whose key it cannot
 * see — MEMORY USAGE, MULTI — to a random node); one group on `client` otherwise.
 */
export async function nodeGroups(client: KeyClient, keys: readonly (Buffer | string)[]): Promise<NodeGroup[]> {
  if (keys.length === 0) return [];
  if (!(client instanceof Cluster)) return [{ client, indexes: keys.map((_, i) => i), ownNode: true }];
  if (client.slots.length === 0) await slotMapOf(client);
  const connections = new Map(client.nodes('all').map((c) => [nodeKey(c), c]));
  const groups = new Map<string, NodeGroup>();
  keys.forEach((key, i) => {
    const slot = slotOf(key);
    const owner = client.slots[slot]?.[0];
    const id = owner ?? `slot ${slot}`;
    const group = groups.get(id);
    if (group) group.indexes.push(i);
    // A slot with no known primary goes through the Cluster client, which waits for one.
    else {
      const own = owner ? connections.get(owner) : undefined;
      groups.set(id, { client: own ?? client, indexes: [i], ownNode: own !== undefined });
    }
  });
  return [...groups.values()];
}

/** After a MOVED: ask a cluster for its slot map again (nothing to do for one node). */
export async function refreshRouting(client: KeyClient): Promise<void> {
  if (client instanceof Cluster) await refreshSlotMap(client);
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
    /** A Sentinel-managed primary's replicas (the one-shot's own connections to them). */
    private readonly replicas?: ReplicaSet,
    private readonly dialled: (announced: string) => string = (a) => a,
  ) {
    this.kind = kind;
  }

  client(_role: ClientRole): Redis {
    return this.only;
  }

  async nodes(which: NodeSelector): Promise<TargetNode[]> {
    const primary: TargetNode = { address: addressOf(this.only), role: 'primary', client: this.only };
    const replicas = this.replicas && which !== 'primary' ? await this.replicas.list(this.only, primary.address, 5000) : [];
    return [...(which === 'replica' ? [] : [primary]), ...replicas.map((r) => ({ ...r, role: 'replica' as const, replicaOf: primary.address }))];
  }

  async watch(_role: ClientRole, timeoutMs: number): Promise<TopologyWatch> {
    const address = addressOf(this.only);
    const replicas = this.replicas ? await this.replicas.list(this.only, address, timeoutMs) : [];
    return {
      perNode: this.replicas !== undefined,
      promotion: 'switch-master',
      nodes: [{ address, role: 'primary', client: this.only, slots: null }, ...order(replicas.map((r) => ({ ...r, role: 'replica' as const, slots: null })))],
      cluster: null,
      dialled: this.dialled,
    };
  }

  groupKeys<T extends Buffer | string>(keys: T[]): T[][] {
    return keys.length ? [keys] : [];
  }

  async servingPrimaries(): Promise<null> {
    return null;
  }

  async nodesAnswer(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {
    this.replicas?.close();
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
  if (connected && profile.kind === 'sentinel')
    // A one-shot's replica connections give up when a replica goes away (no retry loop to outlive the run).
    return new SingleClientTarget(connected, 'sentinel', new ReplicaSet(nodeClientsFor(profile, 'cli', { ...perRole('cli'), retryStrategy: () => null }), dialledVia(profile.natMap)));
  if (connected) return new SingleClientTarget(connected, 'standalone');
  return profile.kind === 'cluster' ? new ClusterTarget(profile, perRole) : new StandaloneTarget(profile, perRole);
}
