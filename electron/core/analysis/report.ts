import type { AnalysisReport, NamespaceStats, TopKey, TtlRule } from '../../../shared/contract/keyspace';
import { toWire } from '../keys/wire-bytes';
import { GroupStats } from '../scan/group-stats';
import { NO_EXPIRY, UNKNOWN_SIZE, type KeyIndex } from '../scan/key-index';
import { REMOVED } from '../scan/key-types';
import { Namespaces, type NamespaceShape } from './namespaces';
import { TtlPolicyCheck } from './ttl-policy';

export const TOP_KEYS = 50;
export const MAX_NAMESPACES = 5000;

export interface ReportShape extends NamespaceShape {
  delimiter: string;
  depth: number;
  /** A known app prefix: depth counts after it (it stays part of the namespace prefix). */
  fold: Buffer | null;
  ttlRules: TtlRule[];
  /**
   * Replace id-like segments of the namespace prefix (see `isIdSegment`) by `*`, so
   * `user:42:profile` at depth 2 counts under `user:*:` (flagged `pattern: true`, glob
   * characters of its literal bytes escaped). A hash-tag segment naming an entity
   * (`user:{u42}:profile`, `{user:42}:cart`: see `tagSegmentEnd`) is one segment, even when its
   * tag holds the delimiter, and collapses to `{*}`. Default true.
   */
  collapseIds?: boolean;
}

export type ReportBody = Pick<AnalysisReport, 'totals' | 'namespaces' | 'namespacesOmitted' | 'topKeys' | 'ttlViolations'>;

/**
 * One pass over the index: each key's namespace (see `Namespaces`: its first `depth` segments,
 * or a glob of them with id-like segments as `*`), summed with key counts, memory, types and TTL
 * buckets; the largest keys; TTL-policy violations. `assigned`: the namespaces a scan already
 * gave every slot as its pages arrived (`runAnalysis`); otherwise they are computed here.
 * Namespaces are numbered in order of their first live key either way, so ties rank alike.
 */
export function buildReport(index: KeyIndex, shape: ReportShape, now: number, assigned?: Namespaces): ReportBody {
  const { types } = index;
  const spaces = assigned ?? new Namespaces(shape);
  const stats = new GroupStats(index, now);
  const total = stats.addGroup();
  /** Stats group of each namespace id; 0 until its first live key. */
  let statOf = new Int32Array(Math.max(16, spaces.size));
  /** Namespace id of each stats group g (at g - 1). */
  const nsOf: number[] = [];
  const top = new TopBySize(TOP_KEYS);
  const policy = new TtlPolicyCheck(shape.ttlRules);
  for (let i = 0; i < index.count; i++) {
    if (types[i] === REMOVED) continue;
    const ns = assigned ? assigned.of[i]! : spaces.compute(index, i);
    if (ns >= statOf.length) {
      const grown = new Int32Array(Math.max(ns + 1, statOf.length * 2));
      grown.set(statOf);
      statOf = grown;
    }
    let sg = statOf[ns]!;
    if (sg === 0) {
      sg = stats.addGroup();
      statOf[ns] = sg;
      nsOf.push(ns);
    }
    stats.addPair(total, sg, i);
    top.offer(i, index.bytes[i]!);
    policy.add(index, i, now);
  }

  const count = nsOf.length;
  // Ranked by memory, then keys, then name: only the first MAX_NAMESPACES are sorted.
  const rank = (a: number, b: number) => stats.bytes[b + 1]! - stats.bytes[a + 1]! || stats.keys[b + 1]! - stats.keys[a + 1]! || spaces.compare(nsOf[a]!, nsOf[b]!) || a - b;
  const namespaces: NamespaceStats[] = firstSorted(count, MAX_NAMESPACES, rank).map((n) => {
    const s = stats.stats(n + 1);
    const ns = nsOf[n]!;
    const prefix = toWire(spaces.bytes(ns));
    return { prefix, ...(spaces.isPattern(ns) ? { pattern: true as const } : {}), keys: s.keys, bytes: s.bytes, bytesEstimated: s.bytesEstimated, noTtl: s.noTtl, types: s.types, ttlBuckets: s.ttlBuckets };
  });
  const t = stats.stats(total);
  const topKeys: TopKey[] = top.slots().map((i) => {
    const exp = index.expiresAt[i]!;
    return { key: toWire(index.name(i)), type: index.typeName(i), bytes: index.bytes[i]!, bytesEstimated: index.estimated(i), ttlMs: exp === NO_EXPIRY ? null : Math.round(exp - now) };
  });
  return {
    totals: { keys: t.keys, bytes: t.bytes, noTtl: t.noTtl, bytesEstimated: t.bytesEstimated, types: t.types, ttlBuckets: t.ttlBuckets },
    namespaces,
    namespacesOmitted: Math.max(0, count - MAX_NAMESPACES),
    topKeys,
    ttlViolations: policy.violations(),
  };
}

/**
 * The first `k` of 0…count-1 in `cmp` order (a strict total order): Hoare's selection puts them
 * in front, then only they are sorted — a few comparisons per namespace instead of a full sort
 * when a report has far more namespaces than it lists.
 */
export function firstSorted(count: number, k: number, cmp: (a: number, b: number) => number): number[] {
  const a = Array.from({ length: count }, (_, n) => n);
  if (count > k) {
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const pivot = a[(lo + hi) >> 1]!;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (cmp(a[i]!, pivot) < 0) i++;
        while (cmp(a[j]!, pivot) > 0) j--;
        if (i <= j) {
          const t = a[i]!;
          a[i++] = a[j]!;
          a[j--] = t;
        }
      }
      if (k - 1 <= j) hi = j;
      else if (k - 1 >= i) lo = i;
      else break;
    }
    a.length = k;
  }
  return a.sort(cmp);
}

/** The n largest slots by size, kept in a small sorted array (n = 50: cheaper than a heap). */
class TopBySize {
  private readonly ids: number[] = [];
  private readonly sizes: number[] = [];

  constructor(private readonly n: number) {}

  offer(slot: number, size: number): void {
    if (size === UNKNOWN_SIZE) return;
    const full = this.ids.length >= this.n;
    if (full && size <= this.sizes[this.sizes.length - 1]!) return;
    let at = this.sizes.length;
    while (at > 0 && this.sizes[at - 1]! < size) at--;
    this.ids.splice(at, 0, slot);
    this.sizes.splice(at, 0, size);
    if (this.ids.length > this.n) {
      this.ids.pop();
      this.sizes.pop();
    }
  }

  slots(): number[] {
    return [...this.ids];
  }
}
