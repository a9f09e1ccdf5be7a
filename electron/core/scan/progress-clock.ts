/**
 * Progress figures of a running scan: keys/s, the share of the keyspace walked and an ETA.
 * With a MATCH pattern the number of matching keys is unknown, so the share comes from the
 * SCAN cursor: Redis walks buckets in reverse-binary order, so the cursor's bits reversed
 * over the table size are the fraction of buckets already visited. A scan over several nodes
 * (a cluster's primaries) has one cursor per node: its share is each node's, weighted by the
 * node's DBSIZE.
 */
export class ProgressClock {
  scanned = 0;
  readonly total: number;
  private startedAt: number;
  private readonly parts: { weight: number; bits: number; fraction: number }[];

  constructor(
    /** DBSIZE, or one per node scanned. */
    totals: number | readonly number[],
    private readonly usesCursor: boolean,
    private readonly now: () => number = () => performance.now(),
    startedAt?: number,
  ) {
    this.startedAt = startedAt ?? now();
    const list = typeof totals === 'number' ? [totals] : totals;
    this.total = list.reduce((a, b) => a + b, 0);
    // The main dict has a power-of-two size ≥ its key count; the cursors' high bits confirm it.
    this.parts = list.map((t) => ({ weight: t, bits: Math.max(2, Math.ceil(Math.log2(Math.max(4, t)))), fraction: 0 }));
  }

  /** The same clock (time, keys scanned) over a new set of nodes: some parts of a scan read again. */
  resumed(totals: readonly number[], scanned: number): ProgressClock {
    const c = new ProgressClock(totals, this.usesCursor, this.now, this.startedAt);
    c.scanned = scanned;
    return c;
  }

  /** The cursor SCAN returned on node `part` (0 when that node is done). */
  noteCursor(cursor: number, part = 0): void {
    const p = this.parts[part];
    if (!p) return;
    if (cursor === 0) {
      p.fraction = 1;
      return;
    }
    const width = Math.floor(Math.log2(cursor)) + 1;
    if (width > p.bits) p.bits = width;
    let rev = 0;
    for (let b = 0, v = cursor; b < p.bits; b++, v = Math.floor(v / 2)) rev = rev * 2 + (v % 2);
    p.fraction = Math.max(p.fraction, rev / 2 ** p.bits);
  }

  get elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  get keysPerSec(): number {
    const s = this.elapsedMs / 1000;
    return s > 0 ? this.scanned / s : 0;
  }

  fraction(done: boolean): number | null {
    if (done) return 1;
    if (this.usesCursor) return this.cursorFraction();
    return this.total > 0 ? Math.min(1, this.scanned / this.total) : null;
  }

  etaSec(): number | null {
    const f = this.fraction(false);
    if (f === null || f <= 0) return null;
    return Math.max(0, ((this.elapsedMs / 1000) * (1 - f)) / f);
  }

  private cursorFraction(): number {
    if (this.parts.length === 0) return 0;
    // Empty nodes weigh alike rather than not at all, so a scan of empty nodes still advances.
    const weighed = this.total > 0;
    let sum = 0;
    let weights = 0;
    for (const p of this.parts) {
      const w = weighed ? p.weight : 1;
      sum += w * p.fraction;
      weights += w;
    }
    return weights > 0 ? sum / weights : 0;
  }
}
