import { hashBytes } from '../scan/byte-hash';

/** How a key left the cache (0: slot unused). */
export const REMOVAL = { expired: 1, evicted: 2, deleted: 3 } as const;
export type Removal = (typeof REMOVAL)[keyof typeof REMOVAL];

/** Bytes one remembered removal costs: two hash words, a time, a cause, two table slots. */
export const BYTES_PER_ENTRY = 4 + 4 + 8 + 1 + 2 * 4;

/** A second hash, independent of FNV: the pair (64 bits) names a key; a false match is ~1 in 2^64 per lookup. */
function hash2(b: Uint8Array): number {
  let h = 0x9747b28c ^ b.length;
  for (let i = 0; i < b.length; i++) {
    h = Math.imul(h ^ b[i]!, 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The last `capacity` removals (expiry, eviction, client delete), keyed by a 64-bit hash of the
 * key: a ring in arrival order (the oldest is overwritten first) with an open-addressing index,
 * so memory is fixed at `capacity × BYTES_PER_ENTRY` whatever the keys' lengths. A key written
 * again is forgotten (its next miss is not caused by the old removal).
 */
export class RemovedKeys {
  private readonly h1: Uint32Array;
  private readonly h2: Uint32Array;
  private readonly at: Float64Array;
  private readonly cause: Uint8Array;
  /** Ring slot + 1 per table slot (0: empty); linear probing, load ≤ 1/2. */
  private readonly table: Int32Array;
  private readonly mask: number;
  private next = 0;
  private wrapped = false;
  size = 0;

  constructor(readonly capacity: number) {
    this.h1 = new Uint32Array(capacity);
    this.h2 = new Uint32Array(capacity);
    this.at = new Float64Array(capacity);
    this.cause = new Uint8Array(capacity);
    let t = 16;
    while (t < capacity * 2) t *= 2;
    this.table = new Int32Array(t);
    this.mask = t - 1;
  }

  get bytes(): number {
    return this.capacity * (4 + 4 + 8 + 1) + this.table.length * 4;
  }

  /** Time of the oldest removal still remembered once the ring has wrapped; null before (it holds every removal seen). */
  oldestAt(): number | null {
    return this.wrapped ? this.at[this.next]! : null;
  }

  remember(key: Uint8Array, how: Removal, now: number): void {
    const a = hashBytes(key, 0, key.length);
    const b = hash2(key);
    const found = this.find(a, b);
    if (found >= 0) this.drop(found);
    const slot = this.next;
    if (this.cause[slot] !== 0) this.drop(this.findSlot(slot));
    this.h1[slot] = a;
    this.h2[slot] = b;
    this.at[slot] = now;
    this.cause[slot] = how;
    let s = a & this.mask;
    while (this.table[s] !== 0) s = (s + 1) & this.mask;
    this.table[s] = slot + 1;
    this.size++;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.next === 0) this.wrapped = true;
  }

  /** The key's latest remembered removal, or null. */
  lookup(key: Uint8Array): { how: Removal; at: number } | null {
    const t = this.find(hashBytes(key, 0, key.length), hash2(key));
    if (t < 0) return null;
    const slot = this.table[t]! - 1;
    return { how: this.cause[slot] as Removal, at: this.at[slot]! };
  }

  forget(key: Uint8Array): void {
    const t = this.find(hashBytes(key, 0, key.length), hash2(key));
    if (t >= 0) this.drop(t);
  }

  /** Table slot holding this hash pair, or -1. */
  private find(a: number, b: number): number {
    for (let s = a & this.mask; ; s = (s + 1) & this.mask) {
      const v = this.table[s]!;
      if (v === 0) return -1;
      if (this.h1[v - 1] === a && this.h2[v - 1] === b) return s;
    }
  }

  /** Table slot pointing at ring slot `slot` (which is live). */
  private findSlot(slot: number): number {
    for (let s = this.h1[slot]! & this.mask; ; s = (s + 1) & this.mask) if (this.table[s] === slot + 1) return s;
  }

  /** Empty table slot `i` and its ring slot; shift later entries of the probe run back (no tombstones). */
  private drop(i: number): void {
    this.cause[this.table[i]! - 1] = 0;
    this.size--;
    const { table, mask } = this;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const v = table[j]!;
      if (v === 0) break;
      const home = this.h1[v - 1]! & mask;
      // Stays when its home lies cyclically in (i, j]: moving it before its home would hide it.
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      table[i] = v;
      i = j;
    }
    table[i] = 0;
  }
}
