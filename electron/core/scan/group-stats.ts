import type { FolderStats, TtlHealth } from '../../../shared/contract/keyspace';
import { UNKNOWN_SIZE, type KeyIndex } from './key-index';
import { bucketsToRecord, ttlBucket } from './ttl-buckets';

const BUCKETS = 6;

/**
 * Per-group sums (keys, bytes, keys without TTL, TTL buckets, types) in growable columns:
 * the tree's folders and the report's namespaces are groups of index slots.
 */
export class GroupStats {
  keys = new Float64Array(16);
  bytes = new Float64Array(16);
  estimated = new Uint8Array(16);
  noTtl = new Float64Array(16);
  buckets = new Float64Array(16 * BUCKETS);
  /** types[g * typeSlots + code] */
  types: Float64Array;
  count = 0;
  /** Type codes known when the aggregation started (no add can happen during a synchronous pass). */
  private readonly typeSlots: number;

  constructor(
    private readonly index: KeyIndex,
    private readonly now: number,
  ) {
    this.typeSlots = index.typeTable.size;
    this.types = new Float64Array(16 * this.typeSlots);
  }

  /** A new empty group; returns its id. */
  addGroup(): number {
    if (this.count === this.keys.length) this.grow();
    return this.count++;
  }

  /** Count index slot `i` into group `g`. */
  add(g: number, i: number): void {
    const ix = this.index;
    this.keys[g]! += 1;
    const b = ix.bytes[i]!;
    if (b === UNKNOWN_SIZE) this.estimated[g] = 1;
    else {
      this.bytes[g]! += b;
      if (ix.estimated(i)) this.estimated[g] = 1;
    }
    const bucket = ttlBucket(ix.expiresAt[i]!, this.now);
    if (bucket === 0) this.noTtl[g]! += 1;
    this.buckets[g * BUCKETS + bucket]! += 1;
    this.types[g * this.typeSlots + ix.types[i]!]! += 1;
  }

  /** Count index slot `i` into groups `a` and `b` (a total and a namespace): one read of the slot. */
  addPair(a: number, b: number, i: number): void {
    const ix = this.index;
    this.keys[a]! += 1;
    this.keys[b]! += 1;
    const size = ix.bytes[i]!;
    if (size === UNKNOWN_SIZE) {
      this.estimated[a] = 1;
      this.estimated[b] = 1;
    } else {
      this.bytes[a]! += size;
      this.bytes[b]! += size;
      if (ix.estimated(i)) {
        this.estimated[a] = 1;
        this.estimated[b] = 1;
      }
    }
    const bucket = ttlBucket(ix.expiresAt[i]!, this.now);
    if (bucket === 0) {
      this.noTtl[a]! += 1;
      this.noTtl[b]! += 1;
    }
    this.buckets[a * BUCKETS + bucket]! += 1;
    this.buckets[b * BUCKETS + bucket]! += 1;
    const code = ix.types[i]!;
    this.types[a * this.typeSlots + code]! += 1;
    this.types[b * this.typeSlots + code]! += 1;
  }

  stats(g: number): FolderStats {
    const types: Record<string, number> = {};
    for (let c = 1; c < this.typeSlots; c++) {
      const n = this.types[g * this.typeSlots + c]!;
      if (n > 0) types[this.index.typeTable.name(c)] = n;
    }
    const keys = this.keys[g]!;
    const noTtl = this.noTtl[g]!;
    return {
      keys,
      bytes: this.bytes[g]!,
      bytesEstimated: this.estimated[g] === 1,
      noTtl,
      ttlHealth: ttlHealth(keys, noTtl),
      ttlBuckets: bucketsToRecord(this.buckets, g * BUCKETS),
      types,
    };
  }

  private grow(): void {
    const n = this.keys.length * 2;
    const g64 = (a: Float64Array, m = 1) => {
      const b = new Float64Array(n * m);
      b.set(a);
      return b;
    };
    this.keys = g64(this.keys);
    this.bytes = g64(this.bytes);
    this.noTtl = g64(this.noTtl);
    this.buckets = g64(this.buckets, BUCKETS);
    this.types = g64(this.types, this.typeSlots);
    const e = new Uint8Array(n);
    e.set(this.estimated);
    this.estimated = e;
  }
}

/** ok: every key expires; none: no key does; partial: some keys never expire. */
export function ttlHealth(keys: number, noTtl: number): TtlHealth {
  if (noTtl === 0) return 'ok';
  return noTtl === keys ? 'none' : 'partial';
}
