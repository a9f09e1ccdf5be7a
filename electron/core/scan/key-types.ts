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
      if (this.names.length >= 255) c = this.codeOfOverflow();
      else {
        c = this.names.length;
        this.names.push(name);
        this.codes.set(name, c);
      }
    }
    return c;
  }

  name(code: number): string {
    return this.names[code] ?? 'unknown';
  }

  /** Codes in use (excluding REMOVED). */
  get size(): number {
    return this.names.length;
  }

  private codeOfOverflow(): number {
    // 250 distinct module types is not a real server; keep going rather than fail a scan.
    let c = this.codes.get('other');
    if (c === undefined) {
      c = this.names.length - 1;
    }
    return c;
  }
}
