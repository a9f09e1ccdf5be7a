import type { MetricSample } from '../../../shared/contract';

/** A baseline below this many evictions/s counts as this: from none, a trickle is no jump. */
export const MIN_BASELINE_PER_SEC = 1;
/** The baseline spans this many times the rule's "for" (at least 60 s), e.g. 10 min for 1 min. */
export const SPAN_FACTOR = 10;
/** Samples kept: 20 min at 1 s polls. A longer span then has too little history and never fires. */
const MAX_POINTS = 1200;

/**
 * The eviction rate's trailing baseline, for the evictionSpike rule: the mean rate over a span
 * that ends `forSec` before the sample being judged. Ending it there keeps the jump itself out
 * of its own baseline while the condition must hold (a 3× jump would otherwise dilute the mean
 * and never hold for a minute); later the jump enters the baseline and the alert clears: the
 * new rate has become the normal. Null (no data, never an alert) until half the span is seen.
 */
export class EvictionBaseline {
  private readonly points: { ts: number; rate: number }[] = [];

  add(sample: MetricSample): void {
    if (sample.evictedPerSec === null) return; // a gap or a reset has no rate: the hole stays a hole
    this.points.push({ ts: sample.ts, rate: sample.evictedPerSec });
    if (this.points.length > MAX_POINTS) this.points.splice(0, this.points.length - MAX_POINTS);
  }

  /** The baseline for a sample at `ts`, under a rule whose condition must hold `forSec`. */
  at(ts: number, forSec: number): number | null {
    const lagMs = forSec * 1000;
    const spanMs = SPAN_FACTOR * Math.max(forSec, 6) * 1000;
    const to = ts - lagMs;
    const from = to - spanMs;
    let sum = 0;
    let n = 0;
    let first = Infinity;
    let last = -Infinity;
    for (const p of this.points) {
      if (p.ts < from || p.ts >= to) continue;
      sum += p.rate;
      n++;
      first = Math.min(first, p.ts);
      last = Math.max(last, p.ts);
    }
    if (n === 0 || last - first < spanMs / 2) return null;
    return Math.max(sum / n, MIN_BASELINE_PER_SEC);
  }

  /** The span in words, for messages ("the 10 min before"). */
  static spanWords(forSec: number): string {
    const sec = SPAN_FACTOR * Math.max(forSec, 6);
    return sec % 60 === 0 ? `${sec / 60} min` : `${sec} s`;
  }
}
