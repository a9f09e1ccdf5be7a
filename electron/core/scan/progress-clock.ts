/**
 * Progress figures of a running scan: keys/s, the share of the keyspace walked and an ETA.
 * With a MATCH pattern the number of matching keys is unknown, so the share comes from the
 * SCAN cursor: Redis walks buckets in reverse-binary order, so the cursor's bits reversed
 * over the table size are the fraction of buckets already visited.
 */
export class ProgressClock {
  scanned = 0;
  private startedAt: number;
  private bits: number;
  private cursorFraction = 0;

  constructor(
    readonly total: number,
    private readonly usesCursor: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
    // The main dict has a power-of-two size ≥ its key count; the cursors' high bits confirm it.
    this.bits = Math.max(2, Math.ceil(Math.log2(Math.max(4, total))));
  }

  noteCursor(cursor: number): void {
    if (cursor === 0) {
      this.cursorFraction = 1;
      return;
    }
    const width = Math.floor(Math.log2(cursor)) + 1;
    if (width > this.bits) this.bits = width;
    let rev = 0;
    for (let b = 0, v = cursor; b < this.bits; b++, v = Math.floor(v / 2)) rev = rev * 2 + (v % 2);
    this.cursorFraction = Math.max(this.cursorFraction, rev / 2 ** this.bits);
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
    if (this.usesCursor) return this.cursorFraction;
    return this.total > 0 ? Math.min(1, this.scanned / this.total) : null;
  }

  etaSec(): number | null {
    const f = this.fraction(false);
    if (f === null || f <= 0) return null;
    return Math.max(0, ((this.elapsedMs / 1000) * (1 - f)) / f);
  }
}
