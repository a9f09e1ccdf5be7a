/**
 * Cachescope's own keyspace reads on one server. Redis counts TYPE, PTTL, EXISTS, OBJECT,
 * DUMP, `SCAN … TYPE` and every value read as keyspace hits (key existed) or misses (it
 * did not); only MEMORY USAGE and INFO are free. Every such read Cachescope issues is
 * recorded here, and the poller subtracts it, so browsing keys does not inflate the hit
 * rate the dashboard shows (DESIGN.md invariant 8).
 */
export interface LedgerTotals {
  hits: number;
  misses: number;
}

export class ReadLedger {
  private hits = 0;
  private misses = 0;
  private calls = 0;
  private reading = 0;
  private drained: (() => void) | null = null;
  private polling: Promise<void> | null = null;

  /**
   * Run a batch of own reads that records its counts before it resolves. A batch waits
   * while a poll is out, and a poll waits for running batches: every read then falls on
   * one side of an INFO, so the poll's subtraction is exact instead of drifting by the
   * pages in flight.
   */
  async batch<T>(run: () => Promise<T>): Promise<T> {
    while (this.polling) await this.polling;
    this.reading++;
    try {
      return await run();
    } finally {
      if (--this.reading === 0) this.drained?.();
    }
  }

  /** Run the poll's INFO once no batch is in flight, holding new batches until it answers. */
  async quiet<T>(run: () => Promise<T>): Promise<T> {
    while (this.polling) await this.polling;
    let release!: () => void;
    this.polling = new Promise<void>((r) => (release = r));
    try {
      if (this.reading > 0) await new Promise<void>((r) => (this.drained = r));
      this.drained = null;
      return await run();
    } finally {
      this.polling = null;
      release();
    }
  }

  /**
   * Record reads whose replies have arrived (a reply tells whether the key existed), and `calls`:
   * the batch's other commands (MEMORY USAGE, EVALSHA), which read no key but are server ops.
   */
  record(hits: number, misses = 0, calls = 0): void {
    if (hits < 0 || misses < 0 || calls < 0 || !Number.isFinite(hits + misses + calls)) throw new RangeError('ledger counts must be non-negative');
    this.hits += hits;
    this.misses += misses;
    this.calls += calls;
  }

  /** The recorded commands that were not keyspace reads (for the own ops the dashboard leaves out). */
  otherCommands(): number {
    return this.calls;
  }

  totals(): LedgerTotals {
    return { hits: this.hits, misses: this.misses };
  }
}

/** Hits/misses added between two ledger snapshots. */
export function ledgerDelta(before: LedgerTotals, after: LedgerTotals): LedgerTotals {
  return { hits: after.hits - before.hits, misses: after.misses - before.misses };
}
