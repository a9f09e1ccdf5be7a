import { bytesEqual, hashBytes } from '../scan/byte-hash';

/**
 * Groups byte strings that are built in a scratch buffer (the report's collapsed namespace
 * globs) without a string per key: an open-addressing table over a private arena that keeps
 * each group's bytes once. `groupOf` returns a dense id (0, 1, 2…) per distinct content.
 */
export class PatternGroups {
  size = 0;
  private arena = Buffer.allocUnsafe(1024);
  private used = 0;
  private start = new Uint32Array(16);
  private length = new Uint32Array(16);
  private hashes = new Uint32Array(16);
  private table = new Int32Array(64);

  /** The group of `bytes[start, end)` (copied when it starts a new group). */
  groupOf(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start;
    const h = hashBytes(bytes, start, end);
    const mask = this.table.length - 1;
    let s = h & mask;
    for (; ; s = (s + 1) & mask) {
      const v = this.table[s]!;
      if (v === 0) break;
      const g = v - 1;
      const gs = this.start[g]!;
      if (this.hashes[g] === h && bytesEqual(this.arena, gs, gs + this.length[g]!, bytes, start, end)) return g;
    }
    if (this.size === this.start.length) this.grow();
    if (this.used + n > this.arena.length) {
      const arena = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + n));
      this.arena.copy(arena, 0, 0, this.used);
      this.arena = arena;
    }
    const g = this.size++;
    this.arena.set(bytes.subarray(start, end), this.used);
    this.start[g] = this.used;
    this.length[g] = n;
    this.used += n;
    this.hashes[g] = h;
    this.table[s] = g + 1;
    if (this.size * 2 > this.table.length) this.rehash();
    return g;
  }

  /** The arena holding every group's bytes (replaced when it grows: read it after the adds). */
  get buffer(): Buffer {
    return this.arena;
  }

  startOf(g: number): number {
    return this.start[g]!;
  }

  endOf(g: number): number {
    return this.start[g]! + this.length[g]!;
  }

  /** A copy of group g's bytes. */
  bytes(g: number): Buffer {
    const s = this.start[g]!;
    return Buffer.from(this.arena.subarray(s, s + this.length[g]!));
  }

  private grow(): void {
    const n = this.start.length * 2;
    const g = (a: Uint32Array) => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    this.start = g(this.start);
    this.length = g(this.length);
    this.hashes = g(this.hashes);
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let g = 0; g < this.size; g++) {
      let s = this.hashes[g]! & mask;
      while (table[s] !== 0) s = (s + 1) & mask;
      table[s] = g + 1;
    }
    this.table = table;
  }
}
