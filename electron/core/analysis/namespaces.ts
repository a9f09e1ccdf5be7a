import { indexOfBytes, startsWithBytes } from '../scan/byte-hash';
import type { KeyIndex } from '../scan/key-index';
import { isGlobByte, isIdSegmentIn, tagSegmentEnd } from '../keys/id-segment';
import { PatternGroups } from './pattern-groups';

/** How keys map to the report's namespaces (see `ReportShape`). */
export interface NamespaceShape {
  delimiter: string;
  depth: number;
  fold: Buffer | null;
  collapseIds?: boolean;
}

/**
 * Each index slot's namespace: its first `depth` segments (up to and including the last
 * delimiter found; the empty prefix for keys without one), or, with `collapseIds`, a glob where
 * id-like segments become `*`, entity hash-tag segments `{*}`, and other glob bytes are escaped. A namespace depends on the key's
 * bytes alone, so a scan can assign it as each page arrives — while the server works on the
 * next pages — and the report only sums. Ids are dense, in order of first assignment.
 * A collapsed key with fewer segments than `depth` keeps its last one when it is a name, not an
 * id: at depth 3 `user:42:profile` and `user:42:settings` are `user:*:profile` and
 * `user:*:settings` (an exact glob, no delimiter after), not one `user:*:` hiding which is which.
 */
export class Namespaces {
  /** Per index slot: its namespace id (slots not assigned hold garbage). */
  of = new Int32Array(1024);
  private readonly literal = new PatternGroups();
  private readonly globs = new PatternGroups();
  /** Per namespace id: its group in `literal` (≥ 0), or -1 - its group in `globs`. */
  private readonly groups: number[] = [];
  /** Namespace id of each literal / glob group. */
  private readonly literalNs: number[] = [];
  private readonly globNs: number[] = [];
  private readonly delimiter: Buffer;
  private readonly fold: Buffer;
  private readonly depth: number;
  private readonly collapse: boolean;
  /** Where each segment's delimiter starts (one per level reached). */
  private readonly delims: Int32Array;
  private scratch = Buffer.alloc(256);

  constructor(shape: NamespaceShape) {
    this.delimiter = Buffer.from(shape.delimiter, 'utf8');
    this.fold = shape.fold ?? Buffer.alloc(0);
    this.depth = shape.depth;
    this.collapse = shape.collapseIds ?? true;
    this.delims = new Int32Array(shape.depth);
  }

  get size(): number {
    return this.groups.length;
  }

  /** Slot i's namespace id (not remembered). */
  compute(index: KeyIndex, i: number): number {
    return this.namespaceOf(index.arena, index.offsets[i]!, index.offsets[i + 1]!);
  }

  /** One key's namespace id (the live misses view groups event keys as the report groups scanned ones). */
  ofKey(key: Buffer): number {
    return this.namespaceOf(key, 0, key.length);
  }

  /** Compute and remember slot i's namespace (`of[i]`); returns its id. */
  assign(index: KeyIndex, i: number): number {
    if (i >= this.of.length) {
      const of = new Int32Array(Math.max(i + 1, this.of.length * 2));
      of.set(this.of);
      this.of = of;
    }
    const ns = this.compute(index, i);
    this.of[i] = ns;
    return ns;
  }

  /** Make room for `capacity` slots at once (a scan that knows how many keys are coming). */
  reserve(capacity: number): void {
    if (capacity <= this.of.length) return;
    const of = new Int32Array(capacity);
    of.set(this.of);
    this.of = of;
  }

  isPattern(ns: number): boolean {
    return this.groups[ns]! < 0;
  }

  /** A copy of the namespace's bytes (a literal prefix, or the glob). */
  bytes(ns: number): Buffer {
    const g = this.groups[ns]!;
    return g >= 0 ? this.literal.bytes(g) : this.globs.bytes(-1 - g);
  }

  /** The namespaces' byte order (as Buffer.compare: ties of the report's ranking), without copies. */
  compare(a: number, b: number): number {
    const ga = this.groups[a]!;
    const gb = this.groups[b]!;
    const sa = ga >= 0 ? this.literal : this.globs;
    const sb = gb >= 0 ? this.literal : this.globs;
    const ka = ga >= 0 ? ga : -1 - ga;
    const kb = gb >= 0 ? gb : -1 - gb;
    return compareBytes(sa.buffer, sa.startOf(ka), sa.endOf(ka), sb.buffer, sb.startOf(kb), sb.endOf(kb));
  }

  private namespaceOf(arena: Buffer, start: number, end: number): number {
    const { delimiter, delims } = this;
    const dl = delimiter.length;
    const segStart = this.fold.length > 0 && startsWithBytes(arena, start, end, this.fold) ? start + this.fold.length : start;
    let from = segStart;
    let levels = 0;
    let hasId = false;
    for (; levels < this.depth; levels++) {
      // A hash-tag segment naming an entity (`{u42}`, `{user:42}`) is one segment even when
      // its tag holds the delimiter, and collapses like an id (see `tagSegmentEnd`).
      const tagEnd = this.collapse ? tagSegmentEnd(arena, from, end, delimiter) : -1;
      const at = tagEnd >= 0 ? tagEnd : indexOfBytes(arena, from, end, delimiter);
      if (at < 0) break;
      if (this.collapse && !hasId && (tagEnd >= 0 || isIdSegmentIn(arena, start, from, at, delimiter))) hasId = true;
      delims[levels] = at;
      from = at + dl;
    }
    const nsEnd = levels > 0 ? delims[levels - 1]! + dl : segStart;
    if (!hasId) return this.intern(this.literal, this.literalNs, arena, start, nsEnd, 0);
    // The last segment, when the key ends before `depth` and it names a sibling (`profile`).
    const leafEnd = levels < this.depth && from < end && !isIdSegmentIn(arena, start, from, end, delimiter) && tagSegmentEnd(arena, from, end, delimiter) < 0 ? end : nsEnd;
    // The glob: escaped literal bytes, `*` for each id segment, `{*}` for each tag segment. At
    // most 2 bytes per input byte (a tag segment has at least 3: `{`, a digit, `}`).
    if (this.scratch.length < 2 * (leafEnd - start)) this.scratch = Buffer.alloc(4 * (leafEnd - start));
    const out = this.scratch;
    let n = escapeInto(out, 0, arena, start, segStart);
    for (let d = 0, s = segStart; d < levels; d++) {
      const at = delims[d]!;
      if (tagSegmentEnd(arena, s, at + dl, delimiter) === at) {
        out[n++] = 0x7b;
        out[n++] = 0x2a;
        out[n++] = 0x7d;
      } else if (isIdSegmentIn(arena, start, s, at, delimiter)) out[n++] = 0x2a;
      else n = escapeInto(out, n, arena, s, at);
      n = escapeInto(out, n, arena, at, at + dl);
      s = at + dl;
    }
    n = escapeInto(out, n, arena, nsEnd, leafEnd);
    return this.intern(this.globs, this.globNs, out, 0, n, -1);
  }

  /** The namespace of these bytes in `set` (a new id when first seen). */
  private intern(set: PatternGroups, ids: number[], bytes: Uint8Array, start: number, end: number, sign: 0 | -1): number {
    const before = set.size;
    const g = set.groupOf(bytes, start, end);
    if (g < before) return ids[g]!;
    const ns = this.groups.length;
    this.groups.push(sign === 0 ? g : -1 - g);
    ids.push(ns);
    return ns;
  }
}

/** `a[aStart, aEnd)` against `b[bStart, bEnd)`, byte by byte (-1, 0, 1), a prefix first. */
function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** Copy `src[from, to)` into `out` at `n`, a `\\` before each glob byte; returns the new end. */
function escapeInto(out: Buffer, n: number, src: Uint8Array, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const c = src[k]!;
    if (isGlobByte(c)) out[n++] = 0x5c;
    out[n++] = c;
  }
  return n;
}
