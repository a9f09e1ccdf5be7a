import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { BookkeepingKey, TrafficSample } from '../../../shared/contract';
import { toWire } from '../keys/wire-bytes';
import type { TargetNode } from '../redis/target';
import type { MissWatch } from './watch';

/** Reads of one key each (every key argument counts, as keyspace_hits/misses count). */
const ONE_KEY_READS = new Set(['GET', 'GETEX', 'GETRANGE', 'STRLEN', 'HGET', 'HGETALL', 'HMGET', 'HEXISTS', 'HLEN', 'HKEYS', 'HVALS', 'LRANGE', 'LLEN', 'LINDEX', 'SMEMBERS', 'SISMEMBER', 'SCARD', 'ZRANGE', 'ZSCORE', 'ZCARD', 'ZRANK', 'TYPE', 'TTL', 'PTTL']);
const ALL_KEY_READS = new Set(['MGET', 'EXISTS']);
const WRITES = new Set(['SET', 'SETEX', 'PSETEX', 'SETNX', 'MSET', 'HSET', 'HMSET', 'INCR', 'INCRBY', 'APPEND']);
/** Distinct keys counted one by one (hot keys, bookkeeping); beyond, reads count per namespace only. */
const MAX_KEYS = 100_000;

/**
 * A time-boxed MONITOR on every primary, while misses are watched: MONITOR shows the reads (not
 * their replies), the key events the misses — together, hits and the hit rate per namespace.
 * Only command names and key names are kept, never values, and nothing is written to disk.
 * Cachescope's own connections (named `cachescope:*`) are left out by their addresses.
 */
export class TrafficSampler {
  private readonly monitors: Redis[] = [];
  private readonly own = new Set<string>();
  private readonly reads = new Map<number, number>();
  private readonly missesAtStart = new Map<number, number>();
  private readonly keyReads = new Map<string, { reads: number; writes: number }>();
  private readonly commands = new Map<string, number>();
  private ownExcluded = 0;
  private readonly startedAt = Date.now();
  private readonly marker = `cachescope:sample-end:${randomBytes(6).toString('hex')}`;
  private markersSeen = 0;
  private onMarker: (() => void) | null = null;

  private constructor(
    private readonly watch: MissWatch,
    private readonly nodes: TargetNode[],
    private readonly db: number,
  ) {}

  static async start(watch: MissWatch, nodes: TargetNode[], db: number): Promise<TrafficSampler> {
    const s = new TrafficSampler(watch, nodes, db);
    for (const n of nodes) {
      const list = String(await n.client.client('LIST'));
      for (const m of list.matchAll(/ addr=(\S+) .*?name=cachescope:/g)) s.own.add(m[1]!);
    }
    try {
      for (const n of nodes) {
        const mon = await n.client.monitor();
        mon.on('error', () => undefined);
        mon.on('monitor', (_time: string, args: string[], source: string, database: string) => s.seen(args, source, database));
        s.monitors.push(mon);
      }
    } catch (e) {
      for (const m of s.monitors) m.disconnect();
      throw e;
    }
    // Misses before the sample are not its own.
    for (let ns = 0; ns < watch.counter.namespaceCount; ns++) s.missesAtStart.set(ns, watch.counter.missesOf(ns));
    return s;
  }

  private seen(args: string[], source: string, database: string): void {
    const name = (args[0] ?? '').toUpperCase();
    if (name === 'ECHO' && args[1] === this.marker) {
      this.markersSeen++;
      if (this.markersSeen >= this.monitors.length) this.onMarker?.();
      return;
    }
    if (this.own.has(source)) {
      this.ownExcluded++;
      return;
    }
    this.commands.set(name, (this.commands.get(name) ?? 0) + 1);
    if (Number(database) !== this.db) return;
    const read = ONE_KEY_READS.has(name) ? args.slice(1, 2) : ALL_KEY_READS.has(name) ? args.slice(1) : null;
    if (read) for (const key of read) this.count(key, 'reads');
    else if (WRITES.has(name) && args[1] !== undefined) this.count(args[1], 'writes');
  }

  private count(key: string, what: 'reads' | 'writes'): void {
    if (what === 'reads') {
      const ns = this.watch.counter.namespaceOf(Buffer.from(key, 'utf8'));
      this.reads.set(ns, (this.reads.get(ns) ?? 0) + 1);
    }
    let k = this.keyReads.get(key);
    if (!k) {
      if (this.keyReads.size >= MAX_KEYS) return;
      k = { reads: 0, writes: 0 };
      this.keyReads.set(key, k);
    }
    k[what]++;
  }

  /**
   * End the sample: an ECHO marker through each node's own connection comes after every command
   * MONITOR showed before it, and the subscriptions are drained, so reads and misses cover the
   * same commands.
   */
  async stop(connectionId: string): Promise<TrafficSample> {
    const marked = new Promise<void>((resolve) => {
      this.onMarker = resolve;
      setTimeout(resolve, 2000).unref();
    });
    await Promise.all(this.nodes.map((n) => n.client.echo(this.marker).catch(() => undefined)));
    await marked;
    await this.watch.drain();
    for (const m of this.monitors) m.disconnect();
    return this.result(connectionId);
  }

  private result(connectionId: string): TrafficSample {
    const counter = this.watch.counter;
    const namespaces = [...this.reads].map(([ns, reads]) => {
      const misses = Math.min(reads, counter.missesOf(ns) - (this.missesAtStart.get(ns) ?? 0));
      const { prefix, pattern } = counter.namespace(ns);
      return { prefix: toWire(prefix), pattern, reads, misses, hitRate: reads > 0 ? (reads - misses) / reads : null };
    });
    namespaces.sort((a, b) => b.reads - a.reads);
    const reads = namespaces.reduce((a, n) => a + n.reads, 0);
    const misses = namespaces.reduce((a, n) => a + n.misses, 0);
    const keys = [...this.keyReads].filter(([, k]) => k.reads > 0).sort((a, b) => b[1].reads - a[1].reads);
    const bookkeeping: BookkeepingKey[] = [];
    for (const [key, k] of keys.slice(0, 5)) {
      // Read on a large share of lookups and written about as often: an app's own counter, not cached data.
      if (reads === 0 || k.reads / reads < 0.2 || k.writes < k.reads * 0.5) continue;
      const rest = reads - k.reads;
      bookkeeping.push({ key: toWire(Buffer.from(key, 'utf8')), reads: k.reads, share: k.reads / reads, writes: k.writes, hitRateWithout: rest > 0 ? (rest - misses) / rest : null });
    }
    return {
      connectionId,
      seconds: (Date.now() - this.startedAt) / 1000,
      reads,
      misses,
      hitRate: reads > 0 ? (reads - misses) / reads : null,
      namespaces,
      hotKeys: keys.slice(0, 20).map(([key, k]) => ({ key: toWire(Buffer.from(key, 'utf8')), reads: k.reads })),
      commands: [...this.commands].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count),
      bookkeeping,
      ownExcluded: this.ownExcluded,
      keysTracked: this.keyReads.size,
      note: this.keyReads.size >= MAX_KEYS ? `More than ${MAX_KEYS.toLocaleString('en-US')} distinct keys: hot keys cover the first ones seen; namespaces count every read.` : null,
    };
  }
}
