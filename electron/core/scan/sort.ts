import { NO_EXPIRY, UNKNOWN_SIZE, type KeyIndex } from './key-index';

/**
 * Orderings of index slots for the list and tree views, without a comparator call per pair
 * where it can be avoided: names by multikey quicksort on the raw bytes (Redis and the user
 * see byte order), numbers by an LSD radix sort. Both sort `slots` in place.
 */

const SMALL = 12;

/**
 * Byte order of key names (memcmp, shorter first on a common prefix): multikey quicksort
 * over 4-byte words, so the long shared prefixes of cache keys (`meeting:list:42:page:`)
 * cost a few levels, not one per byte.
 */
export function sortByName(index: KeyIndex, slots: Uint32Array): void {
  const { arena, offsets } = index;
  // Bytes d..d+3 big-endian (zero-padded) × 8 + how many of them exist (0–4): a shorter key
  // sorts before a longer one with the same bytes, and 4 means "compare further".
  const word = (slot: number, d: number) => {
    const p = offsets[slot]! + d;
    const n = offsets[slot + 1]! - p;
    if (n <= 0) return 0;
    let w = arena[p]! * 0x1000000;
    if (n > 1) w += arena[p + 1]! << 16;
    if (n > 2) w += arena[p + 2]! << 8;
    if (n > 3) w += arena[p + 3]!;
    return w * 8 + (n > 4 ? 4 : n);
  };
  const stack: number[] = [0, slots.length, 0];
  while (stack.length > 0) {
    const d = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (hi - lo < SMALL) {
      insertionSort(index, slots, lo, hi, d);
      continue;
    }
    const pivot = word(slots[lo + ((hi - lo) >> 1)]!, d);
    // 3-way partition on the word at depth d: [lo, lt) < pivot, [lt, gt) = pivot, [gt, hi) > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i < gt) {
      const c = word(slots[i]!, d);
      if (c < pivot) swap(slots, lt++, i++);
      else if (c > pivot) swap(slots, i, --gt);
      else i++;
    }
    stack.push(lo, lt, d);
    if (pivot % 8 === 4) stack.push(lt, gt, d + 4); // equal and longer: compare the next word
    stack.push(gt, hi, d);
  }
}

function insertionSort(index: KeyIndex, a: Uint32Array, lo: number, hi: number, d: number): void {
  const { arena, offsets } = index;
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i]!;
    const vs = offsets[v]! + d;
    const ve = offsets[v + 1]!;
    let j = i - 1;
    while (j >= lo) {
      const u = a[j]!;
      // buf.compare(target, tStart, tEnd, sStart, sEnd) compares the source range to the target's: v against u.
      if (arena.compare(arena, offsets[u]! + d, offsets[u + 1]!, vs, ve) >= 0) break;
      a[j + 1] = u;
      j--;
    }
    a[j + 1] = v;
  }
}

function swap(a: Uint32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Stable LSD radix sort of `slots` by the unsigned 32-bit `key(slot)`, ascending. */
export function radixSortSlots(slots: Uint32Array, key: (slot: number) => number): void {
  const n = slots.length;
  if (n < 2) return;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = key(slots[i]!);
  let src: Uint32Array = slots;
  let srcKeys: Uint32Array = keys;
  let dst: Uint32Array = new Uint32Array(n);
  let dstKeys: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(srcKeys[i]! >>> shift) & 0xff]!++;
    if (counts.some((c) => c === n)) continue; // every key shares this byte: nothing to move
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = srcKeys[i]!;
      const at = counts[(k >>> shift) & 0xff]!++;
      dst[at] = src[i]!;
      dstKeys[at] = k;
    }
    [src, dst] = [dst, src];
    [srcKeys, dstKeys] = [dstKeys, srcKeys];
  }
  if (src !== slots) slots.set(src);
}

const MAX_U32 = 0xffffffff;

/** MEMORY USAGE ascending; unknown sizes first (they sort as 0). */
export function sortByMemory(index: KeyIndex, slots: Uint32Array): void {
  const bytes = index.bytes;
  radixSortSlots(slots, (s) => {
    const b = bytes[s]!;
    return b === UNKNOWN_SIZE ? 0 : Math.min(b, MAX_U32 - 1);
  });
}

/** Remaining TTL ascending at second resolution; keys without expiry last. */
export function sortByTtl(index: KeyIndex, slots: Uint32Array, now: number): void {
  const exp = index.expiresAt;
  radixSortSlots(slots, (s) => {
    const e = exp[s]!;
    if (e === NO_EXPIRY) return MAX_U32;
    return Math.min(MAX_U32 - 1, Math.max(0, Math.floor((e - now) / 1000) + 1));
  });
}

export function reverse(slots: Uint32Array): void {
  slots.reverse();
}
