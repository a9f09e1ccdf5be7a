import { ReadLedger } from '../metrics/read-ledger';

/**
 * A ledger for one action: it counts that action's reads (its `serverReads`) and passes each
 * one on to the connection's ledger, which the poller subtracts from the hit rate.
 */
export class TeeLedger extends ReadLedger {
  constructor(private readonly parent: ReadLedger | null) {
    super();
  }

  override record(hits: number, misses = 0): void {
    super.record(hits, misses);
    this.parent?.record(hits, misses);
  }

  /** Reads and their recording fall on one side of a poll of the connection's ledger. */
  override batch<T>(run: () => Promise<T>): Promise<T> {
    return this.parent ? this.parent.batch(run) : run();
  }
}
