/** FNV-1a over `bytes[start, end)`: cheap, allocation-free, good enough spread for an open-addressing table. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  // Final avalanche so short keys that differ in their last byte spread over the table.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** `a[aStart, aEnd)` equals `b[bStart, bEnd)`, byte for byte. */
export function bytesEqual(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  const n = aEnd - aStart;
  if (n !== bEnd - bStart) return false;
  for (let i = 0; i < n; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

/** Position of `needle` in `hay[start, end)`, or -1 — bounded by `end`, unlike Buffer.indexOf. */
export function indexOfBytes(hay: Uint8Array, start: number, end: number, needle: Uint8Array): number {
  const n = needle.length;
  const first = needle[0]!;
  const last = end - n;
  outer: for (let i = start; i <= last; i++) {
    if (hay[i] !== first) continue;
    for (let j = 1; j < n; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** `hay[start, end)` begins with `prefix`. */
export function startsWithBytes(hay: Uint8Array, start: number, end: number, prefix: Uint8Array): boolean {
  const n = prefix.length;
  if (end - start < n) return false;
  for (let i = 0; i < n; i++) if (hay[start + i] !== prefix[i]) return false;
  return true;
}
