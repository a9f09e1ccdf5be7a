import { bytesEqual, hashBytes } from './byte-hash';

/**
 * Groups byte ranges of one arena by content (e.g. the folder segment of each key) without
 * allocating per key: an open-addressing table whose groups remember where their first
 * range lies. `groupOf` returns a dense id (0, 1, 2…) per distinct content.
 */
export class RangeGroups {
  /** Arena offset and length of each group's first range. */
  start = new Uint32Array(16);
  length = new Uint32Array(16);
  size = 0;
  private hashes = new Uint32Array(16);
  private table = new Int32Array(64);

  constructor(private readonly arena: Uint8Array) {}

  /** The group of `arena[start, end)`; `isNew` tells whether it was just created. */
  groupOf(start: number, end: number): number {
    const arena = this.arena;
    const h = hashBytes(arena, start, end);
    const mask = this.table.length - 1;
    let s = h & mask;
    for (; ; s = (s + 1) & mask) {
      const v = this.table[s]!;
      if (v === 0) break;
      const g = v - 1;
      const gs = this.start[g]!;
      if (this.hashes[g] === h && bytesEqual(arena, gs, gs + this.length[g]!, arena, start, end)) return g;
    }
    if (this.size === this.start.length) this.grow();
    const g = this.size++;
    this.start[g] = start;
    this.length[g] = end - start;
    this.hashes[g] = h;
    this.table[s] = g + 1;
    if (this.size * 2 > this.table.length) this.rehash();
    return g;
  }

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
