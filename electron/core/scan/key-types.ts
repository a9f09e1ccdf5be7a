/**
 * Type codes of the index (one byte per key). The six core types have fixed codes; module
 * types (`ReJSON-RL`, `TSDB-TYPE`…) get codes on first sight, so nothing is lost as "other".
 */
export const CORE_TYPES = ['string', 'list', 'set', 'zset', 'hash', 'stream'] as const;
/** Code 0 marks a removed slot in the index. */
export const REMOVED = 0;

export class TypeTable {
  private readonly names: string[] = ['', ...CORE_TYPES];
  private readonly codes = new Map<string, number>(this.names.map((n, i) => [n, i]));

  code(name: string): number {
    let c = this.codes.get(name);
    if (c === undefined) {
      // A byte holds 255 codes; past 254 distinct types (no real server has them) the rest share "other".
      if (this.names.length >= 254 && name !== 'other') return this.code('other');
      c = this.names.length;
      this.names.push(name);
      this.codes.set(name, c);
    }
    return c;
  }

  name(code: number): string {
    return this.names[code] ?? 'unknown';
  }

  /** One more than the highest code in use (codes run 1..size-1). */
  get size(): number {
    return this.names.length;
  }
}
