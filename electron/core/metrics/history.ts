import type { MetricHistory, MetricSample } from '../../../shared/contract';
import { ratio } from './derive';
import { RingBuffer } from './ring-buffer';

export const FINE_CAPACITY = 3600; // 1 h at 1 s
export const COARSE_CAPACITY = 1440; // 24 h at 1 min
const MINUTE = 60_000;

const mean = (values: (number | null)[]): number | null => {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
};
const sumOrNull = (values: (number | null)[]): number | null => {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0);
};

/**
 * One minute of samples as one: gauges from the last sample, rates averaged over the
 * samples that had one, hit rate from the summed hits/misses (not an average of ratios).
 */
export function aggregateMinute(samples: MetricSample[]): MetricSample {
  const last = samples[samples.length - 1];
  if (!last) throw new RangeError('aggregateMinute needs at least one sample');
  const hits = sumOrNull(samples.map((s) => s.hitsDelta));
  const misses = sumOrNull(samples.map((s) => s.missesDelta));
  const ownHits = sumOrNull(samples.map((s) => s.ownHitsDelta));
  const ownMisses = sumOrNull(samples.map((s) => s.ownMissesDelta));
  const gap = samples.some((s) => s.gap);
  const reset = samples.find((s) => s.reset)?.reset;
  return {
    ...last,
    ts: Math.floor(last.ts / MINUTE) * MINUTE,
    ...(gap ? { gap } : {}),
    ...(reset ? { reset } : {}),
    latencyMs: mean(samples.map((s) => s.latencyMs)),
    hitsDelta: hits,
    missesDelta: misses,
    hitRate: hits === null || misses === null ? null : ratio(hits, misses),
    ownHitsDelta: ownHits,
    ownMissesDelta: ownMisses,
    hitRateRaw: hits === null || misses === null ? null : ratio(hits + (ownHits ?? 0), misses + (ownMisses ?? 0)),
    opsPerSec: mean(samples.map((s) => s.opsPerSec)),
    evictedPerSec: mean(samples.map((s) => s.evictedPerSec)),
    expiredPerSec: mean(samples.map((s) => s.expiredPerSec)),
    rejectedPerSec: mean(samples.map((s) => s.rejectedPerSec)),
    netInPerSec: mean(samples.map((s) => s.netInPerSec)),
    netOutPerSec: mean(samples.map((s) => s.netOutPerSec)),
    cpuPct: mean(samples.map((s) => s.cpuPct)),
  };
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
