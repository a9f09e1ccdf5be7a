import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract/metrics';
import { aggregateSamples, bucketByTime, bucketMsFor, downsample, downsampleSamples, MINUTE_MS, samplesInWindow } from '../../shared/downsample';

function sample(ts: number, over: Partial<MetricSample> = {}): MetricSample {
  return {
    connectionId: 'c', ts, latencyMs: 1, hitRate: 0.5, hitRateRaw: 0.5, hitRateTotal: 0.5, hitRateServer: 0.5, hitsDelta: 1, missesDelta: 1,
    ownHitsDelta: 0, ownMissesDelta: 0, keyspaceHits: 0, keyspaceMisses: 0, opsPerSec: 10, totalCommands: 0, usedMemory: 100,
    usedMemoryPeak: 0, usedMemoryRss: 0, maxMemory: 0, maxMemoryPolicy: 'noeviction', memoryFraction: null, totalSystemMemory: null,
    fragmentation: null, evictedPerSec: 0, evictedTotal: 0, expiredPerSec: 0, expiredTotal: 0, connectedClients: 1, blockedClients: 0,
    rejectedConnections: 0, rejectedPerSec: 0, netInPerSec: 0, netOutPerSec: 0, cpuPct: 0, keys: 0, expires: 0, keysNoTtl: 0, dbs: [],
    uptimeSec: 1, role: 'master', version: '7.0.15',
    persistence: { loading: false, rdbLastSaveTime: null, rdbChangesSinceLastSave: null, rdbLastBgsaveStatus: null, rdbBgsaveInProgress: false, aofEnabled: false, aofLastWriteStatus: null, aofRewriteInProgress: false },
    ...over,
  };
}

/** One sample per second from `start` for `count` seconds. */
const seconds = (start: number, count: number, over: (i: number) => Partial<MetricSample> = () => ({})) =>
  Array.from({ length: count }, (_, i) => sample(start + i * 1000, over(i)));

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('bucketMsFor', () => {
  it('picks the smallest readable bucket that keeps the point budget', () => {
    expect(bucketMsFor(5 * MINUTE_MS, 300)).toBe(2_000); // 300 s / 299 > 1 s
    expect(bucketMsFor(15 * MINUTE_MS, 300)).toBe(5_000);
    expect(bucketMsFor(60 * MINUTE_MS, 300)).toBe(15_000);
    expect(bucketMsFor(24 * 60 * MINUTE_MS, 300)).toBe(300_000);
  });
  it('refuses a budget that cannot draw a line', () => {
    expect(() => bucketMsFor(1000, 1)).toThrow(RangeError);
  });
});

describe('bucketByTime', () => {
  it('groups consecutive items by aligned bucket, keeping order', () => {
    const groups = bucketByTime([1000, 1500, 2100, 2900, 5000], (x) => x, 1000);
    expect(groups).toEqual([[1000, 1500], [2100, 2900], [5000]]);
  });
  it('returns nothing for nothing', () => {
    expect(bucketByTime([], (x: number) => x, 1000)).toEqual([]);
  });
});

describe('downsampleSamples', () => {
  it('returns short series untouched (same array, no aggregation)', () => {
    const xs = seconds(T0, 120);
    const out = downsampleSamples(xs, 5 * MINUTE_MS);
    expect(out.points).toBe(xs);
    expect(out.bucketMs).toBe(0);
  });

  it.each([
    ['15 min at 1 s', 900, 15 * MINUTE_MS],
    ['1 h at 1 s', 3600, 60 * MINUTE_MS],
    ['1 h at 0.5 s', 7200, 60 * MINUTE_MS],
    ['an hour of samples in a 5 min window', 3600, 5 * MINUTE_MS],
  ])('draws at most 300 points for %s', (_name, count, span) => {
    const step = count === 7200 ? 500 : 1000;
    const xs = Array.from({ length: count }, (_, i) => sample(T0 + i * step));
    const { points } = downsampleSamples(xs, span, 300);
    expect(points.length).toBeLessThanOrEqual(300);
    expect(points.length).toBeGreaterThan(150);
    // Time order kept; the newest point sits on the newest sample.
    for (let i = 1; i < points.length; i++) expect(points[i]!.ts).toBeGreaterThan(points[i - 1]!.ts);
    expect(points[points.length - 1]!.ts).toBe(xs[xs.length - 1]!.ts);
  });

  it('keeps older points stable when a new sample arrives (aligned buckets)', () => {
    const xs = seconds(T0, 1200, (i) => ({ opsPerSec: i }));
    const a = downsampleSamples(xs, 15 * MINUTE_MS).points;
    const b = downsampleSamples([...xs, sample(T0 + 1200 * 1000, { opsPerSec: 1200 })], 15 * MINUTE_MS).points;
    expect(b.slice(0, a.length - 1).map((p) => p.opsPerSec)).toEqual(a.slice(0, a.length - 1).map((p) => p.opsPerSec));
  });

  it('computes each bucket hit rate from summed hits and misses, not the mean of ratios', () => {
    // Alternate a busy all-hit second (99 lookups) with a quiet all-miss second (1 lookup).
    const xs = seconds(T0, 1000, (i) => (i % 2 === 0 ? { hitsDelta: 99, missesDelta: 0, hitRate: 1 } : { hitsDelta: 0, missesDelta: 1, hitRate: 0 }));
    const { points } = downsampleSamples(xs, 1000 * 1000, 300);
    const full = points.filter((p) => (p.hitsDelta ?? 0) + (p.missesDelta ?? 0) >= 100);
    expect(full.length).toBeGreaterThan(0);
    for (const p of full) expect(p.hitRate).toBeCloseTo(p.hitsDelta! / (p.hitsDelta! + p.missesDelta!), 12);
    expect(full[0]!.hitRate).toBeGreaterThan(0.95); // a mean of ratios would say 0.5
    // Totals survive downsampling exactly.
    const sum = (ps: MetricSample[], f: (s: MetricSample) => number | null) => ps.reduce((a, s) => a + (f(s) ?? 0), 0);
    expect(sum(points, (s) => s.hitsDelta)).toBe(sum(xs, (s) => s.hitsDelta));
    expect(sum(points, (s) => s.missesDelta)).toBe(sum(xs, (s) => s.missesDelta));
  });

  it('keeps gap and reset markers of any sample in a bucket', () => {
    const xs = seconds(T0, 3600, (i) => (i === 1001 ? { gap: true, opsPerSec: null } : i === 2002 ? { reset: 'restart', opsPerSec: null } : {}));
    const { points } = downsampleSamples(xs, 60 * MINUTE_MS, 300);
    expect(points.filter((p) => p.gap)).toHaveLength(1);
    expect(points.filter((p) => p.reset === 'restart')).toHaveLength(1);
  });
});

describe('aggregateSamples', () => {
  it('treats "no lookups" as no data and averages rates over samples that had one', () => {
    const agg = aggregateSamples([sample(T0, { hitsDelta: null, missesDelta: null, opsPerSec: null }), sample(T0 + 1000, { hitsDelta: 0, missesDelta: 0, opsPerSec: 30 }), sample(T0 + 2000, { opsPerSec: 10, hitsDelta: 0, missesDelta: 0 })]);
    expect(agg.hitRate).toBeNull();
    expect(agg.hitRateRaw).toBeNull();
    expect(agg.opsPerSec).toBe(20);
    expect(agg.ts).toBe(T0 + 2000);
  });

  it('keeps the worst latency and the highest memory of the bucket; other gauges are the last', () => {
    const agg = aggregateSamples([sample(T0, { latencyMs: 9, usedMemory: 500, connectedClients: 7 }), sample(T0 + 1000, { latencyMs: 1, usedMemory: 100, connectedClients: 3 })]);
    expect(agg.latencyMs).toBe(9);
    expect(agg.usedMemory).toBe(500);
    expect(agg.connectedClients).toBe(3);
  });

  it('includes Cachescope’s own reads in the raw figure only', () => {
    const agg = aggregateSamples([sample(T0, { hitsDelta: 8, missesDelta: 2, ownHitsDelta: 0, ownMissesDelta: 10 }), sample(T0 + 1000, { hitsDelta: 8, missesDelta: 2, ownHitsDelta: 0, ownMissesDelta: 0 })]);
    expect(agg.hitRate).toBeCloseTo(0.8, 12);
    expect(agg.hitRateRaw).toBeCloseTo(16 / 30, 12);
    expect(agg.ownMissesDelta).toBe(10);
  });

  it('does not carry a gap flag that only the first sample had when it is not in the bucket', () => {
    const agg = aggregateSamples([sample(T0), sample(T0 + 1000)]);
    expect(agg.gap).toBeUndefined();
    expect(agg.reset).toBeUndefined();
  });
});

describe('samplesInWindow', () => {
  const coarse = Array.from({ length: 180 }, (_, i) => sample(T0 + i * MINUTE_MS, { hitsDelta: 60, missesDelta: 0 }));
  const fineStart = T0 + 120 * MINUTE_MS + 30_000; // half way through minute 120
  const fine = seconds(fineStart, 3600);

  it('uses minute aggregates only for whole minutes before the first fine sample', () => {
    const xs = samplesInWindow(fine, coarse, T0, fineStart + 3600 * 1000);
    const coarsePart = xs.filter((s) => s.ts < fineStart);
    expect(coarsePart).toHaveLength(120); // minutes 0–119; minute 120 is partly fine: dropped
    expect(xs.length).toBe(120 + 3600);
    for (let i = 1; i < xs.length; i++) expect(xs[i]!.ts).toBeGreaterThan(xs[i - 1]!.ts);
  });

  it('cuts to the window on both ends', () => {
    const from = fineStart + 100_000;
    const to = fineStart + 399_000;
    const xs = samplesInWindow(fine, coarse, from, to);
    expect(xs[0]!.ts).toBe(from);
    expect(xs[xs.length - 1]!.ts).toBe(to);
    expect(xs).toHaveLength(300);
  });

  it('works with only one of the two sources', () => {
    expect(samplesInWindow([], coarse, T0, T0 + 10 * MINUTE_MS)).toHaveLength(11);
    expect(samplesInWindow(fine, [], 0, Number.MAX_SAFE_INTEGER)).toHaveLength(3600);
    expect(samplesInWindow([], [], 0, 1)).toEqual([]);
  });
});

describe('downsample (generic)', () => {
  it('folds any time-stamped items with the given fold', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => ({ ts: i * 1000, v: 1 }));
    const { points, bucketMs } = downsample(xs, (x) => x.ts, 1000 * 1000, 100, (b) => ({ ts: b[b.length - 1]!.ts, v: b.reduce((a, x) => a + x.v, 0) }));
    expect(points.length).toBeLessThanOrEqual(100);
    expect(points.reduce((a, p) => a + p.v, 0)).toBe(1000);
    expect(bucketMs).toBeGreaterThanOrEqual(10_000);
  });
});
