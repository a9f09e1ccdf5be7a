import type { AnalysisReport, NamespaceStats, TopKey, TtlRule } from '../../../shared/contract/keyspace';
import { toWire } from '../keys/wire-bytes';
import { indexOfBytes, startsWithBytes } from '../scan/byte-hash';
import { GroupStats } from '../scan/group-stats';
import { NO_EXPIRY, UNKNOWN_SIZE, type KeyIndex } from '../scan/key-index';
import { REMOVED } from '../scan/key-types';
import { RangeGroups } from '../scan/range-groups';
import { TtlPolicyCheck } from './ttl-policy';

export const TOP_KEYS = 50;
export const MAX_NAMESPACES = 5000;

export interface ReportShape {
  delimiter: string;
  depth: number;
  /** A known app prefix: depth counts after it (it stays part of the namespace prefix). */
  fold: Buffer | null;
  ttlRules: TtlRule[];
}

export type ReportBody = Pick<AnalysisReport, 'totals' | 'namespaces' | 'namespacesOmitted' | 'topKeys' | 'ttlViolations'>;

/**
 * One pass over the index: each key's namespace is its first `depth` segments (up to and
 * including the last delimiter found; the empty prefix for keys without one), summed with
 * key counts, memory, types and TTL buckets; the largest keys; TTL-policy violations.
 */
export function buildReport(index: KeyIndex, shape: ReportShape, now: number): ReportBody {
  const { arena, offsets, types } = index;
  const delimiter = Buffer.from(shape.delimiter, 'utf8');
  const fold = shape.fold ?? Buffer.alloc(0);
  const stats = new GroupStats(index, now);
  const total = stats.addGroup();
  const spaces = new RangeGroups(arena);
  const top = new TopBySize(TOP_KEYS);
  const policy = new TtlPolicyCheck(shape.ttlRules);
  for (let i = 0; i < index.count; i++) {
    if (types[i] === REMOVED) continue;
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    stats.add(total, i);
    let from = fold.length > 0 && startsWithBytes(arena, start, end, fold) ? start + fold.length : start;
    let nsEnd = from;
    for (let d = 0; d < shape.depth; d++) {
      const at = indexOfBytes(arena, from, end, delimiter);
      if (at < 0) break;
      nsEnd = from = at + delimiter.length;
    }
    const before = spaces.size;
    const g = spaces.groupOf(start, nsEnd);
    if (g === before) stats.addGroup();
    stats.add(g + 1, i);
    top.offer(i, index.bytes[i]!);
    policy.add(index, i, now);
  }

  const { start: ns, length: nl } = spaces;
  // Ties by name: buf.compare(target, tStart, tEnd, sStart, sEnd) compares the source (a) to the target (b), no copies.
  const byName = (a: number, b: number) => arena.compare(arena, ns[b]!, ns[b]! + nl[b]!, ns[a]!, ns[a]! + nl[a]!);
  const order = Array.from({ length: spaces.size }, (_, g) => g).sort(
    (a, b) => stats.bytes[b + 1]! - stats.bytes[a + 1]! || stats.keys[b + 1]! - stats.keys[a + 1]! || byName(a, b),
  );
  const namespaces: NamespaceStats[] = order.slice(0, MAX_NAMESPACES).map((g) => {
    const s = stats.stats(g + 1);
    return { prefix: toWire(spaces.bytes(g)), keys: s.keys, bytes: s.bytes, bytesEstimated: s.bytesEstimated, noTtl: s.noTtl, types: s.types, ttlBuckets: s.ttlBuckets };
  });
  const t = stats.stats(total);
  const topKeys: TopKey[] = top.slots().map((i) => {
    const exp = index.expiresAt[i]!;
    return { key: toWire(index.name(i)), type: index.typeName(i), bytes: index.bytes[i]!, bytesEstimated: index.estimated(i), ttlMs: exp === NO_EXPIRY ? null : Math.round(exp - now) };
  });
  return {
    totals: { keys: t.keys, bytes: t.bytes, noTtl: t.noTtl, bytesEstimated: t.bytesEstimated, types: t.types, ttlBuckets: t.ttlBuckets },
    namespaces,
    namespacesOmitted: Math.max(0, spaces.size - MAX_NAMESPACES),
    topKeys,
    ttlViolations: policy.violations(),
  };
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
