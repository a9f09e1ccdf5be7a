import { bytesEqual, hashBytes } from './byte-hash';
import { REMOVED, TypeTable } from './key-types';

/** `bytes` value of a key whose size was not read (memory off, or MEMORY USAGE denied). */
export const UNKNOWN_SIZE = -1;
/** `expiresAt` value of a key without TTL. */
export const NO_EXPIRY = -1;
const FLAG_ESTIMATED = 1;

/**
 * The keys of one (connection, db) in columns, not one object per key, so a million keys cost
 * tens of MB: names in one growing byte arena (`offsets[i]..offsets[i+1]`), a type code byte,
 * the expiry time (ms epoch) and MEMORY USAGE. An open-addressing table over the name bytes
 * makes re-adds (SCAN may return a key twice) and exact lookups O(1).
 *
 * Readers may use the columns directly; they are replaced when the index grows, so read them
 * again after any `add`.
 */
export class KeyIndex {
  arena: Buffer;
  offsets: Uint32Array;
  types: Uint8Array;
  expiresAt: Float64Array;
  bytes: Float64Array;
  flags: Uint8Array;
  readonly typeTable = new TypeTable();
  /** Slots used (including removed ones). */
  count = 0;
  /** Keys present (not removed). */
  live = 0;
  /** Changes on every mutation: caches keyed on it stay valid while it does not. */
  version = 0;
  private used = 0;
  private hashes: Uint32Array;
  private table: Int32Array;

  constructor(capacity = 1024) {
    const cap = Math.max(16, capacity);
    this.arena = Buffer.allocUnsafe(cap * 24);
    this.offsets = new Uint32Array(cap + 1);
    this.types = new Uint8Array(cap);
    this.expiresAt = new Float64Array(cap);
    this.bytes = new Float64Array(cap);
    this.flags = new Uint8Array(cap);
    this.hashes = new Uint32Array(cap);
    this.table = new Int32Array(tableSizeFor(cap));
  }

  get capacity(): number {
    return this.types.length;
  }

  start(i: number): number {
    return this.offsets[i]!;
  }

  end(i: number): number {
    return this.offsets[i + 1]!;
  }

  /** A view of key i's bytes (no copy: valid until the next add). */
  nameView(i: number): Buffer {
    return this.arena.subarray(this.offsets[i]!, this.offsets[i + 1]!);
  }

  /** A copy of key i's bytes. */
  name(i: number): Buffer {
    return Buffer.from(this.nameView(i));
  }

  typeName(i: number): string {
    return this.typeTable.name(this.types[i]!);
  }

  isLive(i: number): boolean {
    return this.types[i] !== REMOVED;
  }

  estimated(i: number): boolean {
    return (this.flags[i]! & FLAG_ESTIMATED) !== 0;
  }

  /** Slot of an exact key, or -1. */
  find(key: Uint8Array): number {
    const h = hashBytes(key, 0, key.length);
    const mask = this.table.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const v = this.table[s]!;
      if (v === 0) return -1;
      const i = v - 1;
      if (this.hashes[i] === h && bytesEqual(this.arena, this.offsets[i]!, this.offsets[i + 1]!, key, 0, key.length))
        return this.types[i] === REMOVED ? -1 : i;
    }
  }

  /** Insert or update a key (the latest read wins). Returns its slot. */
  add(key: Uint8Array, type: string | number, expiresAt: number, bytes: number, estimated = false): number {
    const code = typeof type === 'number' ? type : this.typeTable.code(type);
    const h = hashBytes(key, 0, key.length);
    let mask = this.table.length - 1;
    let s = h & mask;
    for (; ; s = (s + 1) & mask) {
      const v = this.table[s]!;
      if (v === 0) break;
      const i = v - 1;
      if (this.hashes[i] === h && bytesEqual(this.arena, this.offsets[i]!, this.offsets[i + 1]!, key, 0, key.length)) {
        if (this.types[i] === REMOVED) this.live++;
        this.set(i, code, expiresAt, bytes, estimated);
        this.version++;
        return i;
      }
    }
    if (this.count === this.capacity) {
      this.grow(this.capacity * 2);
      mask = this.table.length - 1;
      for (s = h & mask; this.table[s] !== 0; s = (s + 1) & mask);
    }
    if (this.used + key.length > this.arena.length) this.growArena(this.used + key.length);
    const i = this.count++;
    this.arena.set(key, this.used);
    this.used += key.length;
    this.offsets[i + 1] = this.used;
    this.hashes[i] = h;
    this.table[s] = i + 1;
    this.set(i, code, expiresAt, bytes, estimated);
    this.live++;
    this.version++;
    return i;
  }

  /** Forget a key (e.g. after it was deleted); its slot stays, marked removed. */
  remove(key: Uint8Array): boolean {
    const i = this.find(key);
    if (i < 0) return false;
    this.types[i] = REMOVED;
    this.live--;
    this.version++;
    return true;
  }

  /**
   * Make room for `capacity` keys and `arenaBytes` of names at once, as a scan that knows how
   * many keys are coming does: no doubling, copying and rehashing on the way there.
   */
  reserve(capacity: number, arenaBytes = 0): void {
    if (capacity > this.capacity) this.resize(capacity);
    if (arenaBytes > this.arena.length) {
      const arena = Buffer.allocUnsafe(arenaBytes);
      this.arena.copy(arena, 0, 0, this.used);
      this.arena = arena;
    }
  }

  /** Bytes of names held so far. */
  get nameBytes(): number {
    return this.used;
  }

  /** Release the growth slack once no more keys are coming (a finished scan). */
  compact(): void {
    if (this.count === this.capacity && this.used === this.arena.length) return;
    this.resize(Math.max(16, this.count));
    const arena = Buffer.allocUnsafe(Math.max(16, this.used));
    this.arena.copy(arena, 0, 0, this.used);
    this.arena = arena;
  }

  /** Bytes held by the index's arrays (what a million keys cost main). */
  footprint(): number {
    return (
      this.arena.length +
      this.offsets.byteLength +
      this.types.byteLength +
      this.expiresAt.byteLength +
      this.bytes.byteLength +
      this.flags.byteLength +
      this.hashes.byteLength +
      this.table.byteLength
    );
  }

  private set(i: number, code: number, expiresAt: number, bytes: number, estimated: boolean): void {
    this.types[i] = code;
    this.expiresAt[i] = expiresAt;
    this.bytes[i] = bytes;
    this.flags[i] = estimated ? FLAG_ESTIMATED : 0;
  }

  private growArena(need: number): void {
    let size = this.arena.length * 2;
    while (size < need) size *= 2;
    const arena = Buffer.allocUnsafe(size);
    this.arena.copy(arena, 0, 0, this.used);
    this.arena = arena;
  }

  private grow(capacity: number): void {
    this.resize(capacity);
  }

  /** Re-allocate the per-key columns to `capacity` (≥ count) and rebuild the hash table. */
  private resize(capacity: number): void {
    const n = this.count;
    const copy = <T extends Uint8Array | Uint32Array | Float64Array>(a: T, make: (len: number) => T, len: number): T => {
      const b = make(len);
      b.set(a.subarray(0, Math.min(len, a.length)) as never);
      return b;
    };
    this.offsets = copy(this.offsets, (l) => new Uint32Array(l), capacity + 1);
    this.types = copy(this.types, (l) => new Uint8Array(l), capacity);
    this.expiresAt = copy(this.expiresAt, (l) => new Float64Array(l), capacity);
    this.bytes = copy(this.bytes, (l) => new Float64Array(l), capacity);
    this.flags = copy(this.flags, (l) => new Uint8Array(l), capacity);
    this.hashes = copy(this.hashes, (l) => new Uint32Array(l), capacity);
    // Slots keep their numbers: a table of the right size stays valid as it is.
    if (tableSizeFor(capacity) === this.table.length) return;
    const table = new Int32Array(tableSizeFor(capacity));
    const mask = table.length - 1;
    for (let i = 0; i < n; i++) {
      let s = this.hashes[i]! & mask;
      while (table[s] !== 0) s = (s + 1) & mask;
      table[s] = i + 1;
    }
    this.table = table;
  }
}

/** A power of two at least twice the capacity: probes stay short at load ≤ 0.5. */
export function tableSizeFor(capacity: number): number {
  let size = 16;
  while (size < capacity * 2) size *= 2;
  return size;
}
