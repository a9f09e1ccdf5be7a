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

  push(sample: MetricSample): void {
    this.fine.push(sample);
    const first = this.pendingMinute[0];
    if (first && Math.floor(first.ts / MINUTE) !== Math.floor(sample.ts / MINUTE)) {
      this.coarse.push(aggregateMinute(this.pendingMinute));
      this.pendingMinute = [];
    }
    this.pendingMinute.push(sample);
  }

  snapshot(): MetricHistory {
    return { connectionId: this.connectionId, fine: this.fine.toArray(), coarse: this.coarse.toArray() };
  }
}
