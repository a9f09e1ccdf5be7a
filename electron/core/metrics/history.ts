import type { MetricHistory, MetricSample } from '../../../shared/contract';
import { aggregateSamples } from '../../../shared/downsample';
import { RingBuffer } from './ring-buffer';

export const FINE_CAPACITY = 3600; // 1 h at 1 s
export const COARSE_CAPACITY = 1440; // 24 h at 1 min
const MINUTE = 60_000;

/**
 * One minute of samples as one, folded exactly as the charts fold a bucket (shared with the
 * renderer): hit rate from summed hits/misses, rates averaged, spikes kept, gaps and resets
 * carried. Timestamped at the start of its minute.
 */
export function aggregateMinute(samples: MetricSample[]): MetricSample {
  const folded = aggregateSamples(samples);
  return { ...folded, ts: Math.floor(folded.ts / MINUTE) * MINUTE };
}

/** Per-connection history: the last hour at poll resolution plus 24 h of minute aggregates. */
export class MetricHistoryBuffer {
  private readonly fine: RingBuffer<MetricSample>;
  private readonly coarse: RingBuffer<MetricSample>;
  private pendingMinute: MetricSample[] = [];

  constructor(
    readonly connectionId: string,
    fineCapacity = FINE_CAPACITY,
    coarseCapacity = COARSE_CAPACITY,
  ) {
    this.fine = new RingBuffer(fineCapacity);
    this.coarse = new RingBuffer(coarseCapacity);
  }

  /** Returns true when the push completed a minute (a new coarse entry: time to save). */
  push(sample: MetricSample): boolean {
    this.fine.push(sample);
    const first = this.pendingMinute[0];
    let completed = false;
    if (first && Math.floor(first.ts / MINUTE) !== Math.floor(sample.ts / MINUTE)) {
      this.pushMinute(this.pendingMinute);
      this.pendingMinute = [];
      completed = true;
    }
    this.pendingMinute.push(sample);
    return completed;
  }

  /** Minutes kept from a previous run (oldest first), put before anything this run recorded. */
  restore(minutes: MetricSample[]): void {
    const mine = this.coarse.toArray();
    const before = mine.length ? minutes.filter((m) => m.ts < mine[0]!.ts) : minutes;
    this.coarse.clear();
    for (const m of [...before, ...mine]) this.coarse.push(m);
  }

  /** The minutes to store: the completed ones and, when `withPending`, the minute under way so far. */
  minutes(withPending = false): MetricSample[] {
    const done = this.coarse.toArray();
    return withPending && this.pendingMinute.length ? [...done, aggregateMinute(this.pendingMinute)] : done;
  }

  /** A minute a previous run stored partly (closed mid-minute) is folded together with this run's part. */
  private pushMinute(samples: MetricSample[]): void {
    const ts = Math.floor(samples[0]!.ts / MINUTE) * MINUTE;
    const stored = this.coarse.last();
    if (stored?.ts !== ts) {
      this.coarse.push(aggregateMinute(samples));
      return;
    }
    const kept = this.coarse.toArray().slice(0, -1);
    this.coarse.clear();
    for (const m of kept) this.coarse.push(m);
    this.coarse.push(aggregateMinute([stored, ...samples]));
  }

  snapshot(): MetricHistory {
    return { connectionId: this.connectionId, fine: this.fine.toArray(), coarse: this.coarse.toArray() };
  }
}
