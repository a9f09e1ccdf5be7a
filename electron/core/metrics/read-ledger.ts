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

  /** Record reads whose replies have arrived (a reply tells whether the key existed). */
  record(hits: number, misses = 0): void {
    if (hits < 0 || misses < 0 || !Number.isFinite(hits + misses)) throw new RangeError('ledger counts must be non-negative');
    this.hits += hits;
    this.misses += misses;
  }

  totals(): LedgerTotals {
    return { hits: this.hits, misses: this.misses };
  }
}

/** Hits/misses added between two ledger snapshots. */
export function ledgerDelta(before: LedgerTotals, after: LedgerTotals): LedgerTotals {
  return { hits: after.hits - before.hits, misses: after.misses - before.misses };
}
