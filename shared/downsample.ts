import type { CommandLatency, MetricSample } from './contract/metrics';

/**
 * Time-bucket downsampling for charts. A chart draws at most ~300 points per series, however
 * long the window: samples are grouped into buckets aligned to absolute time (so the shape of
 * older points does not shift as new samples arrive — only the newest bucket changes) and
 * each bucket is folded into one sample. Pure; shared by the renderer and its unit tests.
 */

export const MINUTE_MS = 60_000;

/** Bucket sizes a person reads easily; the first one that fits the point budget wins. */
const NICE_BUCKETS_MS = [
  1_000, 2_000, 3_000, 5_000, 10_000, 12_000, 15_000, 20_000, 30_000, 60_000, 120_000, 180_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000,
];

/**
 * The smallest "nice" bucket so that a span of `spanMs` yields at most `maxPoints` buckets.
 * Aligned buckets can straddle both ends of the span, hence `maxPoints - 1` whole buckets.
 */
export function bucketMsFor(spanMs: number, maxPoints: number): number {
  if (maxPoints < 2) throw new RangeError('maxPoints must be at least 2');
  const needed = spanMs / (maxPoints - 1);
  return NICE_BUCKETS_MS.find((b) => b >= needed) ?? Math.ceil(needed / 3_600_000) * 3_600_000;
}

/** Group time-ordered items into consecutive runs that share the bucket `floor(ts / bucketMs)`. */
export function bucketByTime<T>(items: readonly T[], tsOf: (item: T) => number, bucketMs: number): T[][] {
  const buckets: T[][] = [];
  let current: T[] = [];
  let currentKey = Number.NaN;
  for (const item of items) {
    const key = Math.floor(tsOf(item) / bucketMs);
    if (key !== currentKey && current.length > 0) {
      buckets.push(current);
      current = [];
    }
    currentKey = key;
    current.push(item);
  }
  if (current.length > 0) buckets.push(current);
  return buckets;
}

const numbers = (values: (number | null | undefined)[]): number[] => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
const sumOrNull = (values: (number | null)[]): number | null => {
  const xs = numbers(values);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0);
};
const meanOrNull = (values: (number | null)[]): number | null => {
  const xs = numbers(values);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
};
const maxOrNull = (values: (number | null)[]): number | null => {
  const xs = numbers(values);
  return xs.length === 0 ? null : Math.max(...xs);
};
const ratioOrNull = (hits: number | null, misses: number | null): number | null => {
  if (hits === null || misses === null) return null;
  const total = hits + misses;
  return total > 0 ? hits / total : null;
};

/**
 * Fold a run of samples into one, the way a person reading the chart expects:
 * - the hit rates come from the summed hits and misses (a ratio of sums, never a mean of ratios,
 *   so a quiet second cannot outvote a busy one) — an interval without lookups stays "no data";
 * - rates are the mean over the samples that had one (nulls are not zeros);
 * - latency and memory keep the bucket's maximum, so a spike is not averaged away;
 * - other gauges and lifetime figures are the last sample's;
 * - a gap or reset anywhere in the bucket stays on the folded sample, so the chart still breaks there;
 * - topology events (failover, node down…) of every sample are kept, in order, and a cluster
 *   health problem in the bucket outlives a recovery within it (the last problem is shown);
 *   the node rows are the last sample's.
 * The folded sample carries the last sample's timestamp: the newest point sits at the newest poll.
 */
export function aggregateSamples(samples: readonly MetricSample[]): MetricSample {
  const last = samples[samples.length - 1];
  if (!last) throw new RangeError('aggregateSamples needs at least one sample');
  if (samples.length === 1) return last;
  const hits = sumOrNull(samples.map((s) => s.hitsDelta));
  const misses = sumOrNull(samples.map((s) => s.missesDelta));
  const ownHits = sumOrNull(samples.map((s) => s.ownHitsDelta));
  const ownMisses = sumOrNull(samples.map((s) => s.ownMissesDelta));
  const gap = samples.some((s) => s.gap);
  const reset = samples.find((s) => s.reset)?.reset;
  const topology = samples.flatMap((s) => s.topology ?? []);
  const cluster = [...samples].reverse().find((s) => s.cluster && !s.cluster.ok)?.cluster ?? last.cluster;
  const { gap: _gap, reset: _reset, topology: _topology, cluster: _cluster, ...rest } = last;
  return {
    ...rest,
    ...(gap ? { gap } : {}),
    ...(reset ? { reset } : {}),
    ...(topology.length ? { topology } : {}),
    ...(cluster ? { cluster } : {}),
    hitsDelta: hits,
    missesDelta: misses,
    ownHitsDelta: ownHits,
    ownMissesDelta: ownMisses,
    hitRate: ratioOrNull(hits, misses),
    hitRateRaw: hits === null || misses === null ? null : ratioOrNull(hits + (ownHits ?? 0), misses + (ownMisses ?? 0)),
    latencyMs: maxOrNull(samples.map((s) => s.latencyMs)),
    usedMemory: maxOrNull(samples.map((s) => s.usedMemory)) ?? last.usedMemory,
    usedMemoryRss: maxOrNull(samples.map((s) => s.usedMemoryRss)) ?? last.usedMemoryRss,
    opsPerSec: meanOrNull(samples.map((s) => s.opsPerSec)),
    ownOpsPerSec: meanOrNull(samples.map((s) => s.ownOpsPerSec ?? null)),
    ...mergedServerLatency(samples),
    evictedPerSec: meanOrNull(samples.map((s) => s.evictedPerSec)),
    expiredPerSec: meanOrNull(samples.map((s) => s.expiredPerSec)),
    rejectedPerSec: meanOrNull(samples.map((s) => s.rejectedPerSec)),
    netInPerSec: meanOrNull(samples.map((s) => s.netInPerSec)),
    netOutPerSec: meanOrNull(samples.map((s) => s.netOutPerSec)),
    cpuPct: meanOrNull(samples.map((s) => s.cpuPct)),
  };
}

/** A bucket's server latency: per command the worst percentile any of its intervals saw, calls summed (spikes kept). */
function mergedServerLatency(samples: readonly MetricSample[]): Pick<MetricSample, 'serverLatency'> {
  const withLatency = samples.filter((s) => s.serverLatency);
  if (withLatency.length === 0) return {};
  const commands: Record<string, CommandLatency> = {};
  for (const s of withLatency)
    for (const [name, c] of Object.entries(s.serverLatency!.commands)) {
      const m = commands[name];
      commands[name] = m ? { p50: Math.max(m.p50, c.p50), p99: Math.max(m.p99, c.p99), p999: Math.max(m.p999, c.p999), calls: m.calls + c.calls } : { ...c };
    }
  return { serverLatency: { source: withLatency[withLatency.length - 1]!.serverLatency!.source, commands } };
}

/**
 * Combine the minute aggregates (24 h) with the fine samples (last hour + live) into one
 * time-ordered list for a window: fine samples wherever they exist, minute aggregates only
 * for whole minutes before the first fine sample (a minute covered by both would count its
 * hits twice).
 */
export function samplesInWindow(fine: readonly MetricSample[], coarse: readonly MetricSample[], from: number, to: number): MetricSample[] {
  const firstFine = fine[0]?.ts ?? Number.POSITIVE_INFINITY;
  const out: MetricSample[] = [];
  for (const c of coarse) {
    if (c.ts + MINUTE_MS > firstFine) break;
    if (c.ts >= from && c.ts <= to) out.push(c);
  }
  // Fine samples are time-ordered: skip to the window with a binary search (3,600 per hour).
  let lo = 0;
  let hi = fine.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fine[mid]!.ts < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < fine.length && fine[i]!.ts <= to; i++) out.push(fine[i]!);
  return out;
}

export interface DownsampleResult<T> {
  points: T[];
  /** The bucket size used, or 0 when the items were few enough to draw as they are. */
  bucketMs: number;
}

/**
 * At most `maxPoints` items for a time-ordered list drawn over a window of `spanMs`: returned
 * as they are when they fit, else folded per aligned time bucket with `fold`.
 */
export function downsample<T>(items: readonly T[], tsOf: (item: T) => number, spanMs: number, maxPoints: number, fold: (bucket: T[]) => T): DownsampleResult<T> {
  if (items.length <= maxPoints) return { points: items as T[], bucketMs: 0 };
  const first = tsOf(items[0]!);
  const last = tsOf(items[items.length - 1]!);
  // The items may span more than the window (or less); size buckets for whichever is larger.
  let bucketMs = bucketMsFor(Math.max(spanMs, last - first), maxPoints);
  let buckets = bucketByTime(items, tsOf, bucketMs);
  // Out-of-order input could produce extra runs; widen until the budget holds.
  while (buckets.length > maxPoints) {
    bucketMs *= 2;
    buckets = bucketByTime(items, tsOf, bucketMs);
  }
  return { points: buckets.map(fold), bucketMs };
}

/** At most `maxPoints` metric samples for a chart window (see `aggregateSamples` for how buckets fold). */
export function downsampleSamples(samples: readonly MetricSample[], spanMs: number, maxPoints = 300): DownsampleResult<MetricSample> {
  return downsample(samples, (s) => s.ts, spanMs, maxPoints, aggregateSamples);
}
