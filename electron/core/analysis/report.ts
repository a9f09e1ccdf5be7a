import type { AnalysisReport, NamespaceStats, TopKey, TtlRule } from '../../../shared/contract/keyspace';
import { toWire } from '../keys/wire-bytes';
import { indexOfBytes, startsWithBytes } from '../scan/byte-hash';
import { GroupStats } from '../scan/group-stats';
import { NO_EXPIRY, UNKNOWN_SIZE, type KeyIndex } from '../scan/key-index';
import { REMOVED } from '../scan/key-types';
import { RangeGroups } from '../scan/range-groups';
import { isGlobByte, isIdSegment, tagSegmentEnd } from '../keys/id-segment';
import { TtlPolicyCheck } from './ttl-policy';

export const TOP_KEYS = 50;
export const MAX_NAMESPACES = 5000;

export interface ReportShape {
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
 * One pass over the index: each key's namespace is its first `depth` segments (up to and
 * including the last delimiter found; the empty prefix for keys without one), summed with
 * key counts, memory, types and TTL buckets; the largest keys; TTL-policy violations.
 * With `collapseIds` (default), a namespace whose segments (after the fold) include an
 * id-like one is grouped by a glob instead: ids become `*`, other glob bytes are escaped.
 * Keys without an id segment take the allocation-free path over arena ranges.
 */
export function buildReport(index: KeyIndex, shape: ReportShape, now: number): ReportBody {
  const { arena, offsets, types } = index;
  const delimiter = Buffer.from(shape.delimiter, 'utf8');
  const fold = shape.fold ?? Buffer.alloc(0);
  const collapse = shape.collapseIds ?? true;
  const stats = new GroupStats(index, now);
  const total = stats.addGroup();
  const spaces = new RangeGroups(arena);
  /** Stats group (g + 1) of each range group g. */
  const rangeStat: number[] = [];
  /** Per namespace (stats group - 1): its range group, or -1 for a collapsed pattern. */
  const nsRange: number[] = [];
  /** Per namespace: the glob bytes of a collapsed pattern (null for a range group). */
  const nsPattern: (Buffer | null)[] = [];
  const patternGroups = new Map<string /* latin1 */, number>();
  let scratch = Buffer.alloc(256);
  const top = new TopBySize(TOP_KEYS);
  const policy = new TtlPolicyCheck(shape.ttlRules);
  for (let i = 0; i < index.count; i++) {
    if (types[i] === REMOVED) continue;
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    stats.add(total, i);
    const segStart = fold.length > 0 && startsWithBytes(arena, start, end, fold) ? start + fold.length : start;
    let from = segStart;
    let nsEnd = from;
    let hasId = false;
    for (let d = 0; d < shape.depth; d++) {
      const tagEnd = collapse ? tagSegmentEnd(arena, from, end, delimiter) : -1;
      const at = tagEnd >= 0 ? tagEnd : indexOfBytes(arena, from, end, delimiter);
      if (at < 0) break;
      if (collapse && !hasId && (tagEnd >= 0 || isIdSegment(arena, from, at))) hasId = true;
      nsEnd = from = at + delimiter.length;
    }
    let sg: number;
    if (!hasId) {
      const before = spaces.size;
      const g = spaces.groupOf(start, nsEnd);
      if (g === before) {
        sg = stats.addGroup();
        rangeStat.push(sg);
        nsRange.push(g);
        nsPattern.push(null);
      } else sg = rangeStat[g]!;
    } else {
      // The glob: escaped literal bytes, `*` for each id segment. At most 2 bytes per input byte.
      if (scratch.length < 2 * (nsEnd - start)) scratch = Buffer.alloc(4 * (nsEnd - start));
      let n = 0;
      const copy = (a: number, b: number) => {
        for (let k = a; k < b; k++) {
          const c = arena[k]!;
          if (isGlobByte(c)) scratch[n++] = 0x5c;
          scratch[n++] = c;
        }
      };
      copy(start, segStart);
      for (let s = segStart; s < nsEnd; ) {
        const tagEnd = tagSegmentEnd(arena, s, nsEnd, delimiter);
        const at = tagEnd >= 0 ? tagEnd : indexOfBytes(arena, s, nsEnd, delimiter);
        if (tagEnd >= 0) {
          scratch[n++] = 0x7b;
          scratch[n++] = 0x2a;
          scratch[n++] = 0x7d;
        } else if (isIdSegment(arena, s, at)) scratch[n++] = 0x2a;
        else copy(s, at);
        copy(at, at + delimiter.length);
        s = at + delimiter.length;
      }
      const name = scratch.toString('latin1', 0, n);
      const known = patternGroups.get(name);
      if (known !== undefined) sg = known;
      else {
        sg = stats.addGroup();
        patternGroups.set(name, sg);
        nsRange.push(-1);
        nsPattern.push(Buffer.from(scratch.subarray(0, n)));
      }
    }
    stats.add(sg, i);
    top.offer(i, index.bytes[i]!);
    policy.add(index, i, now);
  }

  const { start: ns, length: nl } = spaces;
  const count = nsRange.length;
  // Ties by name: buf.compare(target, tStart, tEnd, sStart, sEnd) compares the source (a) to the target (b), no copies.
  const nameBuf = (n: number) => (nsRange[n]! >= 0 ? arena : nsPattern[n]!);
  const nameStart = (n: number) => (nsRange[n]! >= 0 ? ns[nsRange[n]!]! : 0);
  const nameEnd = (n: number) => (nsRange[n]! >= 0 ? ns[nsRange[n]!]! + nl[nsRange[n]!]! : nsPattern[n]!.length);
  const byName = (a: number, b: number) => nameBuf(a).compare(nameBuf(b), nameStart(b), nameEnd(b), nameStart(a), nameEnd(a)) || a - b;
  const order = Array.from({ length: count }, (_, n) => n).sort(
    (a, b) => stats.bytes[b + 1]! - stats.bytes[a + 1]! || stats.keys[b + 1]! - stats.keys[a + 1]! || byName(a, b),
  );
  const namespaces: NamespaceStats[] = order.slice(0, MAX_NAMESPACES).map((n) => {
    const s = stats.stats(n + 1);
    const r = nsRange[n]!;
    const prefix = toWire(r >= 0 ? spaces.bytes(r) : nsPattern[n]!);
    return { prefix, ...(r < 0 ? { pattern: true as const } : {}), keys: s.keys, bytes: s.bytes, bytesEstimated: s.bytesEstimated, noTtl: s.noTtl, types: s.types, ttlBuckets: s.ttlBuckets };
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
