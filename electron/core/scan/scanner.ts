import type Redis from 'ioredis';
import type { ScanPath, ScanReads } from '../../../shared/contract/keyspace';
import { ReadLedger } from '../metrics/read-ledger';
import { isClusterTransient, isReplyError, parseScriptReply, pipelinePage, DEFAULT_SIZES, type PageMeta, type SizePolicy } from './page-meta';
import { PAGE_SCRIPTS, type ScriptForm } from './page-script';
import { ProgressClock } from './progress-clock';
import { sleep, Throttle } from './throttle';
import { isConnectionLoss } from '../redis/connection-lost';

/**
 * One node to scan. A bare client is a node whose reads count on the poller's counters
 * (`ledgered`), without slots: what a single server or a benchmark passes.
 */
export interface ScanNode {
  client: Redis;
  /** host:port, for the progress words. */
  address: string;
  /**
   * Its reads land in the counters the poller reads (a primary's INFO): recorded in the options'
   * ledger. A replica's are not — subtracting them from the primaries' figures would be wrong.
   */
  ledgered: boolean;
  /** The slot ranges it serves (a cluster primary, or a replica for its primary's slots). */
  slots?: readonly (readonly [number, number])[];
  /** Said with the scan's progress (e.g. "has no replica: read on the primary"). */
  note?: string;
}

export type ScanNodes = () => (Redis | ScanNode)[] | Promise<(Redis | ScanNode)[]>;

export interface ScanOptions {
  /** SCAN MATCH pattern (bytes); null = every key. */
  match: Buffer | null;
  withMemory: boolean;
  /** Commands per second (TYPE/PTTL/MEMORY inside a script count one each); null = no limit. */
  throttle: number | null;
  /** `auto`: the script, falling back to pipelines when the server denies scripting. */
  path: 'auto' | ScanPath;
  signal: AbortSignal;
  /** Where every keyspace read is recorded (and gated against the poller's INFO). */
  ledger: ReadLedger;
  /** Keys per metadata call (default 250, under 1 ms of server time; smaller under a throttle). */
  pageKeys?: number;
  /** Metadata calls in flight per node (default 3; 1 under a throttle). */
  inFlight?: number;
  /**
   * Keys one SCAN call aims to return (its COUNT adapts to it; default one page; ignored under a
   * throttle). Two pages or more keep metadata calls queued at the server while the client
   * handles replies: with one page per SCAN, the next page can only be sent once that SCAN's
   * reply is back, and any pause of the client (a GC) leaves the server idle.
   */
  scanKeys?: number;
  /** Nodes scanned at once (default 3): each has its own SCAN cursor and page pipeline. */
  nodeConcurrency?: number;
  /** Give up when the server stays unreachable this long (default 60 s). */
  reconnectTimeoutMs?: number;
  /** Recoveries (waits for the server or the cluster, then reading again) before giving up (default 5). */
  maxRestarts?: number;
  sizes?: Omit<SizePolicy, 'withMemory'>;
}

export interface ScanStats {
  path: ScanPath | null;
  pathReason?: string;
  scanned: number;
  total: number;
  fraction: number | null;
  keysPerSec: number;
  etaSec: number | null;
  elapsedMs: number;
  restarts: number;
  serverReads: ScanReads;
  denied: number;
  /** Keys a cluster node no longer served when read (their slot moved away mid-scan): not read. */
  unserved: number;
  memoryDenied: boolean;
  /** Nodes scanned (a cluster's primaries, or their replicas). */
  nodes: number;
  /** What to say about the nodes: where a part was redone, a primary read for want of a replica. */
  notes: string[];
}

/** A node's part read again elsewhere: the keys of these slots it had added are to be dropped. */
export interface PartRestart {
  slots: readonly (readonly [number, number])[];
}

export interface ScanSink {
  /** A page's metadata has arrived (keys that vanished have `types[i] === null`). */
  page(meta: PageMeta): void;
  /**
   * A connection was lost. Without `part`, everything indexed so far is to be dropped: the scan
   * starts over. With `part` (a cluster node's), only that node's slots start over. `stats`: the
   * figures after that (`restarts` counts every call, each part apart).
   */
  restart(reason: string, stats: ScanStats, part?: PartRestart): void;
  /** Progress, at most every `progressMs` and after the first page. */
  progress(stats: ScanStats): void;
}

export interface ScanOutcome {
  state: 'done' | 'cancelled' | 'error';
  message?: string;
  /** What failed, for callers that describe it (a NOPERM, a command timeout). */
  cause?: unknown;
  stats: ScanStats;
}

/**
 * Keys per page script call: ~0.7 ms of server time (2.5–3.5 µs a key). 500-key pages cost the
 * same CPU per key and keys/s, but on a busy VM some ran to 12–88 ms where 250-key pages stayed
 * under 8 ms, and on a calm one 250 halved the p99 call and `redis-cli --latency`'s max
 * (bench, 1M keys) — the 10 ms bound on one call needs that headroom.
 */
export const PAGE_KEYS = 250;
const MIN_COUNT = 100;
export const MAX_COUNT = 16_384;
const PROGRESS_MS = 200;
const NODE_CONCURRENCY = 3;

class ConnectionLost extends Error {}

/** The node set cannot be scanned yet (a cluster failover under way): wait, as for a lost connection. */
export class NodesNotReady extends Error {}

/** A node's part failed with a lost connection; the other nodes' parts went on. */
class PartLost extends Error {
  constructor(
    readonly node: ScanNode,
    readonly scanned: number,
    readonly lost: ConnectionLost,
  ) {
    super(lost.message);
  }
}

interface LoadedScript {
  sha: string;
  form: ScriptForm;
}

/** SCAN's per-page scripts for a node: the KEYS form first; a cluster node's CROSSSLOT moves it on. */
const NEXT_FORM: Partial<Record<ScriptForm, ScriptForm>> = { keys: 'argv', argv: 'argv-legacy' };

/**
 * The scan engine: SCAN with a bounded, adaptive COUNT (never KEYS) over each data node — up
 * to three nodes at once, each with its own cursor — and per page one metadata call: the page
 * script (up to 3 in flight per node) or plain pipelines when scripting is denied.
 * Cancellable at any point, throttleable (one budget for all nodes), and restarted (saying so)
 * when a connection drops: from scratch on a single server; on a cluster, only the lost node's
 * part, on whichever node serves its slots once the cluster has recovered.
 */
export async function runScan(nodes: ScanNodes, options: ScanOptions, sink: ScanSink): Promise<ScanOutcome> {
  const run = new ScanRun(nodes, options, sink);
  return run.execute();
}

function asScanNode(n: Redis | ScanNode): ScanNode {
  return 'ledgered' in n ? n : { client: n, address: addressOf(n), ledgered: true };
}

function addressOf(client: Redis): string {
  const { host, port } = client.options;
  return `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

const rangeWords = (slots: readonly (readonly [number, number])[]) =>
  slots.length === 0 ? 'no slots' : slots.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');

class ScanRun {
  private path: ScanPath | null = null;
  private pathReason: string | undefined;
  private readonly scripts = new WeakMap<Redis, LoadedScript>();
  /** The form a node starts with: once one node was a cluster node, the others are too. */
  private firstForm: ScriptForm = 'keys';
  private clock = new ProgressClock(0, false);
  /** Restart events said (a part each, or the whole scan). */
  private restarts = 0;
  /** Recoveries waited for (bounded by maxRestarts). */
  private recoveries = 0;
  private reads: ScanReads = { hits: 0, misses: 0 };
  private denied = 0;
  private unserved = 0;
  private memoryDenied = false;
  private lastProgress = 0;
  private pagesDone = 0;
  private nodeCount = 0;
  private nodeNotes: string[] = [];
  private readonly restartNotes: string[] = [];
  /** Reads on nodes whose counters the poller does not read (replicas): counted, not ledgered. */
  private readonly spare = new ReadLedger();
  /** Slots whose keys are read completely (a cluster), and slot-less nodes done, by address. */
  private readonly doneSlots = new Uint8Array(SLOTS);
  private readonly doneNodes = new Set<string>();
  /** A failure that stops every node's part (anything but a lost connection). */
  private fatal: unknown = null;
  private readonly throttle: Throttle;
  private readonly perKey: number;
  private readonly pageKeys: number;
  private readonly inFlight: number;
  private readonly scanKeys: number;
  private readonly sizes: SizePolicy;

  constructor(
    private readonly nodes: ScanNodes,
    private readonly o: ScanOptions,
    private readonly sink: ScanSink,
  ) {
    this.throttle = new Throttle(o.throttle);
    this.perKey = o.withMemory ? 3 : 2;
    // Under a throttle: pages of about a quarter second's budget, one at a time.
    this.pageKeys = o.throttle ? Math.max(10, Math.min(o.pageKeys ?? PAGE_KEYS, Math.floor(o.throttle / 4 / this.perKey))) : (o.pageKeys ?? PAGE_KEYS);
    this.inFlight = o.throttle ? 1 : (o.inFlight ?? 3);
    this.scanKeys = o.throttle ? this.pageKeys : Math.max(this.pageKeys, o.scanKeys ?? this.pageKeys);
    this.sizes = { withMemory: o.withMemory, ...(o.sizes ?? DEFAULT_SIZES) };
    if (o.path === 'pipeline') {
      this.path = 'pipeline';
      this.pathReason = 'pipelines were requested';
    }
  }

  async execute(): Promise<ScanOutcome> {
    const maxRestarts = this.o.maxRestarts ?? 5;
    let fresh = true;
    for (;;) {
      try {
        await this.pass(fresh);
        return this.finish(this.o.signal.aborted ? 'cancelled' : 'done');
      } catch (e) {
        if (this.o.signal.aborted) return this.finish('cancelled');
        if (!(e instanceof ConnectionLost) && !(e instanceof PartsLost) && !(e instanceof NotYet)) return this.finish('error', errorText(e), e);
        if (this.recoveries >= maxRestarts) return this.finish('error', `Gave up after ${this.recoveries} restarts: ${e.message}`);
        this.recoveries++;
        if (e instanceof ConnectionLost || (e instanceof PartsLost && !e.parts.every((p) => p.node.slots))) {
          fresh = true;
          this.restarts++;
          this.doneSlots.fill(0);
          this.doneNodes.clear();
          this.sink.restart(`The connection was lost after ${this.clock.scanned} keys (${e.message}); the scan restarts from the beginning once the server is back.`, this.stats());
        } else if (e instanceof PartsLost) {
          fresh = false;
          for (const p of e.parts) {
            this.restarts++;
            this.clock.scanned = Math.max(0, this.clock.scanned - p.scanned);
            const words = `${p.node.address} was lost after ${p.scanned} of its keys (${p.lost.message}); its part (slots ${rangeWords(p.node.slots!)}) is read again on the node that serves those slots once the cluster has recovered — the other nodes' keys are kept.`;
            this.restartNotes.push(words);
            this.sink.restart(words, this.stats(), { slots: p.node.slots! });
          }
        } else if (this.doneSlots.includes(1)) fresh = false; // NotYet after some parts were read: they stay
        try {
          await this.waitReady();
        } catch (wait) {
          // Stopped with a count: what the index holds is what was read.
          return this.finish('error', `The scan stopped after ${this.clock.scanned} keys: ${errorText(wait)}`);
        }
        if (this.o.signal.aborted) return this.finish('cancelled');
      }
    }
  }

  private finish(state: ScanOutcome['state'], message?: string, cause?: unknown): ScanOutcome {
    const stats = this.stats(state === 'done');
    return { state, stats, ...(message ? { message } : {}), ...(cause !== undefined ? { cause } : {}) };
  }

  stats(done = false): ScanStats {
    const c = this.clock;
    return {
      path: this.path,
      ...(this.pathReason ? { pathReason: this.pathReason } : {}),
      scanned: c.scanned,
      total: c.total,
      fraction: c.fraction(done),
      keysPerSec: Math.round(c.keysPerSec),
      etaSec: done ? 0 : c.etaSec(),
      elapsedMs: Math.round(c.elapsedMs),
      restarts: this.restarts,
      serverReads: { ...this.reads },
      denied: this.denied,
      unserved: this.unserved,
      memoryDenied: this.memoryDenied,
      nodes: this.nodeCount,
      notes: [...this.nodeNotes, ...this.restartNotes],
    };
  }

  /** The nodes this scan reads now; a node set that is not ready yet counts as a lost connection. */
  private async listNodes(): Promise<ScanNode[]> {
    try {
      return (await this.nodes()).map(asScanNode);
    } catch (e) {
      if (e instanceof NodesNotReady) throw new NotYet(e.message);
      throw isConnectionError(e) ? new ConnectionLost(errorText(e)) : e;
    }
  }

  /** A node whose keys are not all read yet: a slot of it not done, or (no slots) not itself done. */
  private pending(node: ScanNode): boolean {
    if (!node.slots) return !this.doneNodes.has(node.address);
    return node.slots.some(([a, b]) => this.doneSlots.subarray(a, b + 1).includes(0));
  }

  /**
   * Scan every node not read completely yet, from cursor 0 each: all of them on a fresh pass,
   * the ones serving a lost part's slots after a part restart.
   */
  private async pass(fresh: boolean): Promise<void> {
    const nodes = await this.listNodes();
    this.nodeCount = nodes.length;
    this.nodeNotes = nodes.flatMap((n) => (n.note ? [n.note] : []));
    const todo = nodes.filter((n) => this.pending(n));
    let totals: number[];
    try {
      totals = await Promise.all(todo.map((n) => this.guard(n.client.dbsize())));
    } catch (e) {
      // A cluster node lost before this pass read anything: wait for the cluster, keep what earlier passes read.
      if (e instanceof ConnectionLost && nodes.some((n) => n.slots)) throw new NotYet(e.message);
      throw e;
    }
    const scanned = fresh ? 0 : this.clock.scanned;
    this.clock = fresh ? new ProgressClock(totals, this.o.match !== null) : this.clock.resumed(totals, scanned);
    if (fresh) this.pagesDone = 0;
    this.fatal = null;
    const lost: PartLost[] = [];
    let next = 0;
    const worker = async () => {
      while (next < todo.length && this.fatal === null && !this.o.signal.aborted) {
        const part = next++;
        const node = todo[part]!;
        try {
          await this.choosePath(node.client);
          await this.scanNode(node, part);
        } catch (e) {
          if (e instanceof PartLost) lost.push(e);
          // Lost while loading the page script: the node's part is lost before it read anything.
          else if (e instanceof ConnectionLost) lost.push(new PartLost(node, 0, e));
          else this.fatal ??= e;
        }
      }
    };
    const width = Math.max(1, Math.min(this.o.nodeConcurrency ?? NODE_CONCURRENCY, todo.length));
    await Promise.all(Array.from({ length: width }, worker));
    if (this.fatal !== null) throw this.fatal;
    if (lost.length > 0) throw new PartsLost(lost);
    // A cluster's pass is over only when every slot was read: slots no listed node served (a slot
    // map caught mid-change) are read once a node serves them, not skipped.
    if (nodes.some((n) => n.slots)) {
      const left = this.doneSlots.indexOf(0);
      if (left >= 0 && !this.o.signal.aborted) throw new NotYet(`slot ${left} and others were served by none of the nodes listed`);
    }
  }

  /** One node's part: every key SCAN lists on it, page by page. Throws PartLost when its connection drops. */
  private async scanNode(node: ScanNode, part: number): Promise<void> {
    const { client } = node;
    const pending = new Set<Promise<void>>();
    let failure: unknown = null;
    let scanned = 0;
    let count = Math.min(this.scanKeys, MAX_COUNT);
    // ioredis may resend in-flight commands after reconnecting, so a drop can pass without an
    // error: the socket's close event is what says the scan must start over.
    const onClose = () => {
      failure ??= new ConnectionLost('the connection closed');
    };
    client.on('close', onClose);
    const launch = (keys: Buffer[]) => {
      const p: Promise<void> = this.page(node, keys).then(
        () => {
          scanned += keys.length;
          pending.delete(p);
        },
        (e: unknown) => {
          pending.delete(p);
          failure ??= e;
        },
      );
      pending.add(p);
    };
    const stopped = () => this.o.signal.aborted || failure !== null || this.fatal !== null;
    // The prefetched SCAN may fail (the server restarts) while the loop waits on the throttle's
    // timer: mark it handled at once, or Node ends the process on an unhandled rejection. Its
    // failure still reaches the loop, which awaits it.
    const prefetch = (from: string) => {
      const p = scan(from);
      p.catch(() => undefined);
      return p;
    };
    const scan = async (from: string) => {
      await this.throttle.take(1, this.o.signal);
      const args: (string | number | Buffer)[] = [from];
      if (this.o.match) args.push('MATCH', this.o.match);
      args.push('COUNT', count);
      return parseScanReply(await this.guard(client.callBuffer('SCAN', ...args)));
    };
    try {
      // The next SCAN goes out before this one's pages: its reply then arrives ahead of
      // theirs, so pages stay in flight back to back and the server never waits on us.
      let next: Promise<[string, Buffer[]]> | null = prefetch('0');
      while (next) {
        const [cursor, keys]: [string, Buffer[]] = await next;
        if (stopped()) break;
        this.clock.noteCursor(Number(cursor), part);
        count = adaptCount(count, keys.length, this.scanKeys);
        next = cursor === '0' ? null : prefetch(cursor);
        for (let i = 0; i < keys.length && !stopped(); i += this.pageKeys) {
          while (pending.size >= this.inFlight) await Promise.race(pending);
          if (stopped()) break;
          const chunk = keys.slice(i, i + this.pageKeys);
          await this.throttle.take(chunk.length * this.perKey, this.o.signal);
          if (this.o.signal.aborted) break;
          launch(chunk);
        }
      }
      // A prefetched SCAN still on the wire settles on its own; its failure no longer matters.
      next?.catch(() => undefined);
    } catch (e) {
      failure ??= e;
    } finally {
      // Pages already sent finish and get recorded, even on cancel: their reads happened.
      await Promise.all(pending);
      client.off('close', onClose);
    }
    if (failure instanceof ConnectionLost) throw new PartLost(node, scanned, failure);
    if (failure) throw failure;
    if (this.o.signal.aborted || this.fatal !== null) return;
    if (node.slots) for (const [a, b] of node.slots) this.doneSlots.fill(1, a, b + 1);
    else this.doneNodes.add(node.address);
  }

  /** Read one page's metadata by the current path; fall back from the script when the server refuses it. */
  private async page(node: ScanNode, keys: Buffer[]): Promise<void> {
    const ledger = node.ledgered ? this.o.ledger : this.spare;
    let meta: PageMeta;
    try {
      meta = await ledger.batch(async () => this.record(ledger, await this.fetch(node.client, keys)));
    } catch (e) {
      if (isClusterTransient(e)) throw new ConnectionLost(`the cluster cannot serve now: ${errorText(e)}`);
      throw isConnectionError(e) ? new ConnectionLost(errorText(e)) : e;
    }
    this.clock.scanned += keys.length;
    this.denied += meta.denied;
    this.unserved += meta.unserved;
    if (meta.memoryDenied) this.memoryDenied = true;
    this.sink.page(meta);
    this.pagesDone++;
    const now = performance.now();
    if (this.pagesDone === 1 || now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      this.sink.progress(this.stats());
    }
  }

  private record(ledger: ReadLedger, meta: PageMeta): PageMeta {
    ledger.record(meta.hits, meta.misses, meta.calls);
    this.reads.hits += meta.hits;
    this.reads.misses += meta.misses;
    return meta;
  }

  private async fetch(node: Redis, keys: Buffer[]): Promise<PageMeta> {
    // At most: a reload after NOSCRIPT (a restarted server), then the next form after CROSSSLOT.
    for (let attempt = 0; this.path === 'script' && attempt < 4; attempt++) {
      try {
        return await this.scriptPage(node, keys);
      } catch (e) {
        if (!isReplyError(e) || isClusterTransient(e)) throw e;
        const form = this.scripts.get(node)?.form ?? 'keys';
        if (/^NOSCRIPT/.test(e.message) && (await this.loadScript(node, form))) continue;
        // A cluster node: the page's keys are of many slots. Nothing ran; the next form carries them as arguments.
        const next = /^CROSSSLOT/.test(e.message) ? NEXT_FORM[form] : undefined;
        if (next && (await this.loadScript(node, next))) continue;
        if (this.o.path === 'script') throw e;
        // EVALSHA refused (ACL, managed service): no read ran, so redo the page on pipelines.
        this.path = 'pipeline';
        this.pathReason ??= `the server refused the page script: ${firstLine(e.message)}`;
      }
    }
    return pipelinePage(node, keys, this.sizes);
  }

  private async scriptPage(node: Redis, keys: Buffer[]): Promise<PageMeta> {
    const script = this.scripts.get(node);
    if (!script) throw Object.assign(new Error('NOSCRIPT not loaded'), { name: 'ReplyError' });
    const options = [this.sizes.withMemory ? '1' : '0', String(this.sizes.exactBudget), String(this.sizes.exactBelow)];
    const reply = script.form === 'keys' ? await node.callBuffer('EVALSHA', script.sha, keys.length, ...keys, ...options) : await node.callBuffer('EVALSHA', script.sha, 0, ...options, ...keys);
    return parseScriptReply(keys, reply);
  }

  private async choosePath(node: Redis): Promise<void> {
    if (this.o.path === 'pipeline' || this.path === 'pipeline') return;
    if (this.scripts.has(node) || (await this.loadScript(node, this.firstForm))) {
      this.path = 'script';
      return;
    }
    if (this.o.path === 'script') throw new Error(`The page script cannot run here: ${this.pathReason}`);
  }

  /**
   * SCRIPT LOAD of one form on this node. A form the server cannot compile (a shebang before
   * Redis 7.0) moves on to the next; false (and the pipeline path, with the reason) when refused.
   */
  private async loadScript(node: Redis, form: ScriptForm): Promise<boolean> {
    try {
      const sha = await this.guard(node.script('LOAD', PAGE_SCRIPTS[form]) as Promise<string>);
      this.scripts.set(node, { sha: String(sha), form });
      if (form !== 'keys') this.firstForm = form;
      return true;
    } catch (e) {
      if (!isReplyError(e)) throw e;
      const next = NEXT_FORM[form];
      if (next && form !== 'keys' && /compil|shebang|flags/i.test(e.message)) return this.loadScript(node, next);
      this.path = 'pipeline';
      this.pathReason = form === 'keys' ? `scripting is not available: ${firstLine(e.message)}` : `the page script cannot run on a cluster node here: ${firstLine(e.message)}`;
      return false;
    }
  }

  /** A command's promise, with a lost connection turned into ConnectionLost (a reply error passes through). */
  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (e) {
      throw isConnectionError(e) ? new ConnectionLost(errorText(e)) : e;
    }
  }

  /** Until every node is ready and the node set is complete (a cluster: a primary for every slot). */
  private async waitReady(): Promise<void> {
    const deadline = performance.now() + (this.o.reconnectTimeoutMs ?? 60_000);
    let why = 'the server did not come back';
    for (;;) {
      if (this.o.signal.aborted) return;
      try {
        const nodes = (await this.nodes()).map(asScanNode);
        if (nodes.every((n) => n.client.status === 'ready')) return;
        why = `${nodes.filter((n) => n.client.status !== 'ready').map((n) => n.address).join(', ')} not connected`;
        // A lazily connected client that gave up needs a nudge; one still retrying does not.
        for (const { client } of nodes) if (client.status === 'end' || client.status === 'wait') client.connect().catch(() => undefined);
      } catch (e) {
        if (!(e instanceof NodesNotReady) && !isConnectionError(e)) throw e;
        why = errorText(e);
      }
      if (performance.now() > deadline) throw new Error(`The server did not come back within the reconnect timeout (${why}).`);
      // Each look at a cluster asks for its slot map and every primary's state: not too often.
      await sleep(250, this.o.signal);
    }
  }
}

/**
 * The cluster cannot be read whole now — some slot has no primary that answers, or the nodes a
 * pass read did not serve every slot (a slot map caught mid-change): nothing read is wrong, the
 * scan waits and goes on as it was.
 */
class NotYet extends Error {}

/** Some nodes' parts were lost (their connection dropped); the others finished theirs. */
class PartsLost extends Error {
  constructor(readonly parts: PartLost[]) {
    super(parts.map((p) => `${p.node.address}: ${p.message}`).join('; '));
  }
}

const SLOTS = 16384;

function parseScanReply(reply: unknown): [string, Buffer[]] {
  if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1])) throw new Error('Unexpected SCAN reply');
  const cursor = Buffer.isBuffer(reply[0]) ? reply[0].toString('latin1') : String(reply[0]);
  return [cursor, reply[1] as Buffer[]];
}

/** COUNT so a SCAN call returns about one page of keys: larger when MATCH filters most keys out. */
export function adaptCount(count: number, returned: number, target: number): number {
  if (returned < target / 2) return Math.min(MAX_COUNT, count * 2);
  if (returned > target * 2) return Math.max(MIN_COUNT, Math.floor(count / 2));
  return count;
}

/** The socket failed (as opposed to the server answering with an error, or a bug of ours). */
function isConnectionError(e: unknown): boolean {
  return e instanceof ConnectionLost || isConnectionLoss(e);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function errorText(e: unknown): string {
  return e instanceof Error ? firstLine(e.message) : String(e);
}
