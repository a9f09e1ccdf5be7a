import type Redis from 'ioredis';
import type { ScanPath, ScanReads } from '../../../shared/contract/keyspace';
import type { ReadLedger } from '../metrics/read-ledger';
import { isReplyError, parseScriptReply, pipelinePage, DEFAULT_SIZES, type PageMeta, type SizePolicy } from './page-meta';
import { PAGE_SCRIPT } from './page-script';
import { ProgressClock } from './progress-clock';
import { sleep, Throttle } from './throttle';
import { isConnectionLoss } from '../redis/connection-lost';

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
  /** Metadata calls in flight (default 3; 1 under a throttle). */
  inFlight?: number;
  /**
   * Keys one SCAN call aims to return (its COUNT adapts to it; default one page; ignored under a
   * throttle). Two pages or more keep metadata calls queued at the server while the client
   * handles replies: with one page per SCAN, the next page can only be sent once that SCAN's
   * reply is back, and any pause of the client (a GC) leaves the server idle.
   */
  scanKeys?: number;
  /** Give up when the server stays unreachable this long (default 60 s). */
  reconnectTimeoutMs?: number;
  /** Restarts after lost connections before giving up (default 5). */
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
  memoryDenied: boolean;
}

export interface ScanSink {
  /** A page's metadata has arrived (keys that vanished have `types[i] === null`). */
  page(meta: PageMeta): void;
  /** The connection was lost: everything indexed so far is to be dropped; the scan starts over. */
  restart(reason: string): void;
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

class ConnectionLost extends Error {}

/**
 * The scan engine: SCAN with a bounded, adaptive COUNT (never KEYS) over each data node,
 * and per page one metadata call — the page script (up to 3 in flight) or plain pipelines
 * when scripting is denied. Cancellable at any point, throttleable, and restarted from
 * scratch (saying so) when the connection drops.
 */
export async function runScan(nodes: () => Redis[] | Promise<Redis[]>, options: ScanOptions, sink: ScanSink): Promise<ScanOutcome> {
  const run = new ScanRun(nodes, options, sink);
  return run.execute();
}

class ScanRun {
  private path: ScanPath | null = null;
  private pathReason: string | undefined;
  private readonly shas = new WeakMap<Redis, string>();
  private clock = new ProgressClock(0, false);
  private restarts = 0;
  private reads: ScanReads = { hits: 0, misses: 0 };
  private denied = 0;
  private memoryDenied = false;
  private lastProgress = 0;
  private pagesDone = 0;
  private readonly throttle: Throttle;
  private readonly perKey: number;
  private readonly pageKeys: number;
  private readonly inFlight: number;
  private readonly scanKeys: number;
  private readonly sizes: SizePolicy;

  constructor(
    private readonly nodes: () => Redis[] | Promise<Redis[]>,
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
    for (;;) {
      try {
        await this.once();
        return this.finish(this.o.signal.aborted ? 'cancelled' : 'done');
      } catch (e) {
        if (this.o.signal.aborted) return this.finish('cancelled');
        if (!(e instanceof ConnectionLost)) return this.finish('error', errorText(e), e);
        if (this.restarts >= maxRestarts) return this.finish('error', `Gave up after ${this.restarts} restarts: ${e.message}`);
        this.restarts++;
        this.sink.restart(`The connection was lost after ${this.clock.scanned} keys (${e.message}); the scan restarts from the beginning once the server is back.`);
        try {
          await this.waitReady();
        } catch (wait) {
          return this.finish('error', errorText(wait));
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
      memoryDenied: this.memoryDenied,
    };
  }

  /** One full pass over every node, from cursor 0. */
  private async once(): Promise<void> {
    const nodes = await this.nodes();
    let total = 0;
    for (const node of nodes) total += await this.guard(node.dbsize());
    this.clock = new ProgressClock(total, this.o.match !== null);
    this.pagesDone = 0;
    for (const node of nodes) {
      if (this.o.signal.aborted) return;
      await this.choosePath(node);
      await this.scanNode(node);
    }
  }

  private async scanNode(node: Redis): Promise<void> {
    const pending = new Set<Promise<void>>();
    let failure: unknown = null;
    let count = Math.min(this.scanKeys, MAX_COUNT);
    // ioredis may resend in-flight commands after reconnecting, so a drop can pass without an
    // error: the socket's close event is what says the scan must start over.
    const onClose = () => {
      failure ??= new ConnectionLost('the connection closed');
    };
    node.on('close', onClose);
    const launch = (keys: Buffer[]) => {
      const p: Promise<void> = this.page(node, keys).then(
        () => {
          pending.delete(p);
        },
        (e: unknown) => {
          pending.delete(p);
          failure ??= e;
        },
      );
      pending.add(p);
    };
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
      return parseScanReply(await this.guard(node.callBuffer('SCAN', ...args)));
    };
    try {
      // The next SCAN goes out before this one's pages: its reply then arrives ahead of
      // theirs, so pages stay in flight back to back and the server never waits on us.
      let next: Promise<[string, Buffer[]]> | null = prefetch('0');
      while (next) {
        const [cursor, keys]: [string, Buffer[]] = await next;
        if (this.o.signal.aborted || failure) break;
        this.clock.noteCursor(Number(cursor));
        count = adaptCount(count, keys.length, this.scanKeys);
        next = cursor === '0' ? null : prefetch(cursor);
        for (let i = 0; i < keys.length && !this.o.signal.aborted && !failure; i += this.pageKeys) {
          while (pending.size >= this.inFlight) await Promise.race(pending);
          if (failure) break;
          const chunk = keys.slice(i, i + this.pageKeys);
          await this.throttle.take(chunk.length * this.perKey, this.o.signal);
          if (this.o.signal.aborted) break;
          launch(chunk);
        }
      }
      // A prefetched SCAN still on the wire settles on its own; its failure no longer matters.
      next?.catch(() => undefined);
    } finally {
      // Pages already sent finish and get recorded, even on cancel: their reads happened.
      await Promise.all(pending);
      node.off('close', onClose);
    }
    if (failure) throw failure;
  }

  /** Read one page's metadata by the current path; fall back from the script when the server refuses it. */
  private async page(node: Redis, keys: Buffer[]): Promise<void> {
    let meta: PageMeta;
    try {
      meta = await this.o.ledger.batch(async () => this.record(await this.fetch(node, keys)));
    } catch (e) {
      throw isConnectionError(e) ? new ConnectionLost(errorText(e)) : e;
    }
    this.clock.scanned += keys.length;
    this.denied += meta.denied;
    if (meta.memoryDenied) this.memoryDenied = true;
    this.sink.page(meta);
    this.pagesDone++;
    const now = performance.now();
    if (this.pagesDone === 1 || now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      this.sink.progress(this.stats());
    }
  }

  private record(meta: PageMeta): PageMeta {
    this.o.ledger.record(meta.hits, meta.misses);
    this.reads.hits += meta.hits;
    this.reads.misses += meta.misses;
    return meta;
  }

  private async fetch(node: Redis, keys: Buffer[]): Promise<PageMeta> {
    if (this.path === 'script') {
      try {
        return await this.scriptPage(node, keys);
      } catch (e) {
        if (!isReplyError(e)) throw e;
        if (/^NOSCRIPT/.test(e.message) && (await this.loadScript(node))) return this.scriptPage(node, keys);
        if (this.o.path === 'script') throw e;
        // EVALSHA refused (ACL, managed service): no read ran, so redo the page on pipelines.
        this.path = 'pipeline';
        this.pathReason = `the server refused the page script: ${firstLine(e.message)}`;
      }
    }
    return pipelinePage(node, keys, this.sizes);
  }

  private async scriptPage(node: Redis, keys: Buffer[]): Promise<PageMeta> {
    const sha = this.shas.get(node);
    if (!sha) throw Object.assign(new Error('NOSCRIPT not loaded'), { name: 'ReplyError' });
    const reply = await node.callBuffer(
      'EVALSHA',
      sha,
      keys.length,
      ...keys,
      this.sizes.withMemory ? '1' : '0',
      String(this.sizes.exactBudget),
      String(this.sizes.exactBelow),
    );
    return parseScriptReply(keys, reply);
  }

  private async choosePath(node: Redis): Promise<void> {
    if (this.o.path === 'pipeline' || this.path === 'pipeline') return;
    if (await this.loadScript(node)) {
      this.path = 'script';
      return;
    }
    if (this.o.path === 'script') throw new Error(`The page script cannot run here: ${this.pathReason}`);
  }

  /** SCRIPT LOAD on this node; false (and the pipeline path, with the reason) when refused. */
  private async loadScript(node: Redis): Promise<boolean> {
    try {
      const sha = await this.guard(node.script('LOAD', PAGE_SCRIPT) as Promise<string>);
      this.shas.set(node, String(sha));
      return true;
    } catch (e) {
      if (!isReplyError(e)) throw e;
      this.path = 'pipeline';
      this.pathReason = `scripting is not available: ${firstLine(e.message)}`;
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

  private async waitReady(): Promise<void> {
    const deadline = performance.now() + (this.o.reconnectTimeoutMs ?? 60_000);
    for (;;) {
      if (this.o.signal.aborted) return;
      const nodes = await this.nodes();
      if (nodes.every((n) => n.status === 'ready')) return;
      // A lazily connected client that gave up needs a nudge; one still retrying does not.
      for (const n of nodes) if (n.status === 'end' || n.status === 'wait') n.connect().catch(() => undefined);
      if (performance.now() > deadline) throw new Error('The server did not come back within the reconnect timeout.');
      await sleep(100, this.o.signal);
    }
  }
}

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
