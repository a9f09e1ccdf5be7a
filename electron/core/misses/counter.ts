import type { MissCause, MissCauses, MissDelays, MissNamespace, MissSecond, MissTotals } from '../../../shared/contract';
import { Namespaces, type NamespaceShape } from '../analysis/namespaces';
import { toWire } from '../keys/wire-bytes';
import { REMOVAL, RemovedKeys, type Removal } from './removed-keys';

/** What one key-event channel's event means here. */
export type EventKind = 'miss' | 'expired' | 'evicted' | 'delete' | 'write' | 'other';

/** Events that change no value: a TTL set or cleared, a key-space event the app asked for. */
const NOT_WRITES = new Set(['expire', 'persist', 'new', 'keymiss', 'expired', 'evicted', 'del', 'rename_from', 'move_from']);

export function kindOf(event: string): EventKind {
  if (event === 'keymiss') return 'miss';
  if (event === 'expired') return 'expired';
  if (event === 'evicted') return 'evicted';
  // A client took the key away: DEL, UNLINK and GETDEL publish `del`; RENAME and MOVE their sources.
  if (event === 'del' || event === 'rename_from' || event === 'move_from') return 'delete';
  return NOT_WRITES.has(event) ? 'other' : 'write';
}

const FIELDS = 5 + 4 + 3 * 4;
const F = { misses: 0, expired: 1, evicted: 2, writes: 3, deletes: 4, cold: 5, afterExpiry: 6, afterEviction: 7, afterDelete: 8, delays: 9 } as const;
const CAUSE_OF: Record<Removal, Exclude<MissCause, 'cold'>> = { [REMOVAL.expired]: 'afterExpiry', [REMOVAL.evicted]: 'afterEviction', [REMOVAL.deleted]: 'afterDelete' };
const DELAY_BASE: Record<Exclude<MissCause, 'cold'>, number> = { afterExpiry: 0, afterEviction: 4, afterDelete: 8 };
const SERIES_LENGTH = 300;

function delayBucket(ms: number): number {
  return ms <= 10_000 ? 0 : ms <= 60_000 ? 1 : ms <= 600_000 ? 2 : 3;
}

const zeroTotals = (): MissTotals => ({ misses: 0, expired: 0, evicted: 0, deleted: 0, writes: 0 });

/**
 * Counts key events per namespace (the analysis's grouping, ids collapsed) and classifies each
 * miss by what last happened to its key in the record of recent removals: cold (nothing
 * remembered), after expiry, after eviction, after a client's delete — with the delay.
 */
export class MissCounter {
  private readonly namespaces: Namespaces;
  private counts = new Float64Array(64 * FIELDS);
  readonly removed: RemovedKeys;
  readonly totals = zeroTotals();
  private readonly series: MissSecond[] = [];

  constructor(shape: NamespaceShape, recordCapacity: number) {
    this.namespaces = new Namespaces(shape);
    this.removed = new RemovedKeys(recordCapacity);
  }

  add(event: string, key: Buffer, now: number): void {
    const kind = kindOf(event);
    if (kind === 'other') return;
    const ns = this.namespaces.ofKey(key);
    if ((ns + 1) * FIELDS > this.counts.length) {
      const c = new Float64Array(Math.max((ns + 1) * FIELDS, this.counts.length * 2));
      c.set(this.counts);
      this.counts = c;
    }
    const base = ns * FIELDS;
    const second = this.second(now);
    switch (kind) {
      case 'miss': {
        this.inc(base + F.misses);
        this.totals.misses++;
        second.misses++;
        const before = this.removed.lookup(key);
        if (!before) this.inc(base + F.cold);
        else {
          const cause = CAUSE_OF[before.how];
          this.inc(base + F[cause]);
          this.inc(base + F.delays + DELAY_BASE[cause] + delayBucket(now - before.at));
        }
        return;
      }
      case 'expired':
        this.inc(base + F.expired);
        this.totals.expired++;
        second.expired++;
        this.removed.remember(key, REMOVAL.expired, now);
        return;
      case 'evicted':
        this.inc(base + F.evicted);
        this.totals.evicted++;
        second.evicted++;
        this.removed.remember(key, REMOVAL.evicted, now);
        return;
      case 'delete':
        this.inc(base + F.deletes);
        this.totals.deleted++;
        second.deleted++;
        this.removed.remember(key, REMOVAL.deleted, now);
        return;
      case 'write':
        this.inc(base + F.writes);
        this.totals.writes++;
        second.writes++;
        // Its next miss has a new history (a FLUSH or a write we do not see can come between).
        this.removed.forget(key);
        return;
    }
  }

  /** The namespace id of a key (as the events' rows group it), for a traffic sample's reads. */
  namespaceOf(key: Buffer): number {
    return this.namespaces.ofKey(key);
  }

  get namespaceCount(): number {
    return this.namespaces.size;
  }

  /** Misses counted so far in namespace `ns` (0 for one not seen yet). */
  missesOf(ns: number): number {
    return ns < this.namespaces.size ? this.counts[ns * FIELDS + F.misses]! : 0;
  }

  namespace(ns: number): { prefix: Buffer; pattern: boolean } {
    return { prefix: this.namespaces.bytes(ns), pattern: this.namespaces.isPattern(ns) };
  }

  private inc(i: number): void {
    this.counts[i] = this.counts[i]! + 1;
  }

  causes(): MissCauses {
    const out: MissCauses = { cold: 0, afterExpiry: 0, afterEviction: 0, afterDelete: 0 };
    for (let ns = 0; ns < this.namespaces.size; ns++) for (const c of Object.keys(out) as MissCause[]) out[c] += this.counts[ns * FIELDS + F[c]]!;
    return out;
  }

  /** Namespaces with any event, most misses first (then most events); at most `limit`. */
  rows(limit: number): { rows: MissNamespace[]; omitted: number } {
    const all: MissNamespace[] = [];
    for (let ns = 0; ns < this.namespaces.size; ns++) {
      const b = ns * FIELDS;
      const c = this.counts;
      const delays = (cause: Exclude<MissCause, 'cold'>): MissDelays => {
        const d = b + F.delays + DELAY_BASE[cause];
        return { within10s: c[d]!, within60s: c[d + 1]!, within10min: c[d + 2]!, later: c[d + 3]! };
      };
      all.push({
        prefix: toWire(this.namespaces.bytes(ns)),
        pattern: this.namespaces.isPattern(ns),
        misses: c[b + F.misses]!,
        expired: c[b + F.expired]!,
        evicted: c[b + F.evicted]!,
        writes: c[b + F.writes]!,
        deletes: c[b + F.deletes]!,
        causes: { cold: c[b + F.cold]!, afterExpiry: c[b + F.afterExpiry]!, afterEviction: c[b + F.afterEviction]!, afterDelete: c[b + F.afterDelete]! },
        delays: { afterExpiry: delays('afterExpiry'), afterEviction: delays('afterEviction'), afterDelete: delays('afterDelete') },
      });
    }
    const activity = (n: MissNamespace) => n.misses + n.expired + n.evicted + n.writes + n.deletes;
    all.sort((x, y) => y.misses - x.misses || activity(y) - activity(x));
    return { rows: all.slice(0, limit), omitted: Math.max(0, all.length - limit) };
  }

  recentSeconds(): MissSecond[] {
    return this.series.slice();
  }

  private second(now: number): MissSecond {
    const t = Math.floor(now / 1000) * 1000;
    const last = this.series[this.series.length - 1];
    if (last && last.t === t) return last;
    const s: MissSecond = { t, ...zeroTotals() };
    this.series.push(s);
    if (this.series.length > SERIES_LENGTH) this.series.shift();
    return s;
  }
}
