import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract/metrics';
import { aggregateAppStats, buildSeries, metricSeries, rowsToCsv, windowTotals } from '../../shared/chart-series';
import { downsampleSamples } from '../../shared/downsample';

function sample(ts: number, over: Partial<MetricSample> = {}): MetricSample {
  return {
    connectionId: 'c', ts, latencyMs: 1, hitRate: 0.8, hitRateRaw: 0.8, hitRateTotal: 0.8, hitRateServer: 0.8, hitsDelta: 8, missesDelta: 2,
    ownHitsDelta: 0, ownMissesDelta: 0, keyspaceHits: 0, keyspaceMisses: 0, opsPerSec: 10, totalCommands: 0, usedMemory: 100,
    usedMemoryPeak: 0, usedMemoryRss: 0, maxMemory: 0, maxMemoryPolicy: 'noeviction', memoryFraction: null, totalSystemMemory: null,
    fragmentation: null, evictedPerSec: 0, evictedTotal: 0, expiredPerSec: 0, expiredTotal: 0, connectedClients: 1, blockedClients: 0,
    rejectedConnections: 0, rejectedPerSec: 0, netInPerSec: 0, netOutPerSec: 0, cpuPct: 0, keys: 0, expires: 0, keysNoTtl: 0, dbs: [],
    uptimeSec: 1, role: 'master', version: '7.0.15',
    persistence: { loading: false, rdbLastSaveTime: null, rdbChangesSinceLastSave: null, rdbLastBgsaveStatus: null, rdbBgsaveInProgress: false, aofEnabled: false, aofLastWriteStatus: null, aofRewriteInProgress: false },
    ...over,
  };
}
const every1s = () => 1000;

describe('metricSeries', () => {
  it('draws a reconnect as a break (a null row between the points) and a gap marker — never a zero', () => {
    const points = [
      sample(1000),
      sample(2000),
      // unreachable for 8 s; the first sample back has no rates (no baseline across the hole)
      sample(10_000, { gap: true, hitRate: null, opsPerSec: null, usedMemory: 50 }),
      sample(11_000),
    ];
    const { rows, markers } = metricSeries(points, every1s);
    expect(rows.map((r) => r.ts)).toEqual([1000, 2000, 6000, 10_000, 11_000]);
    const brk = rows[2]!;
    expect(Object.entries(brk).filter(([k]) => k !== 'ts').every(([, v]) => v === null)).toBe(true);
    expect(rows[3]!.hitRate).toBeNull();
    expect(rows[3]!.opsPerSec).toBeNull();
    expect(rows[3]!.usedMemory).toBe(50);
    expect(markers).toEqual([{ kind: 'gap', from: 2000, to: 10_000 }]);
    // Nothing pretends to be 0 where there was no data.
    expect(rows.some((r) => r.hitRate === 0 || r.opsPerSec === 0)).toBe(false);
  });

  it('marks a restart and a stats reset, and breaks every line there', () => {
    const points = [sample(1000), sample(2000, { reset: 'restart', opsPerSec: null }), sample(3000), sample(4000, { reset: 'stats-reset', opsPerSec: null }), sample(5000)];
    const { rows, markers } = metricSeries(points, every1s);
    expect(markers).toEqual([
      { kind: 'restart', from: 2000, to: 2000 },
      { kind: 'stats-reset', from: 4000, to: 4000 },
    ]);
    expect(rows).toHaveLength(7);
    expect(rows[1]!.usedMemory).toBeNull(); // the break row before the restart
    expect(rows[4]!.usedMemory).toBeNull();
  });

  it('a server that restarted while unreachable gets both markers', () => {
    const { markers, rows } = metricSeries([sample(1000), sample(9000, { gap: true, reset: 'restart' })], every1s);
    expect(markers.map((m) => m.kind)).toEqual(['gap', 'restart']);
    expect(rows).toHaveLength(3);
  });

  it('treats a silent hole (three spacings without a sample) as a gap, but not normal spacing', () => {
    const points = [sample(0), sample(1000), sample(2500), sample(3400), sample(20_000), sample(21_000)];
    const { markers, rows } = metricSeries(points, every1s);
    expect(markers).toEqual([{ kind: 'gap', from: 3400, to: 20_000 }]);
    expect(rows).toHaveLength(7);
    // With minute aggregates the expected spacing is a minute: no hole between them.
    const coarse = [sample(0), sample(60_000), sample(120_000)];
    expect(metricSeries(coarse, () => 60_000).markers).toEqual([]);
  });

  it('does not start with a break when the first sample itself follows a gap', () => {
    const { rows, markers } = metricSeries([sample(1000, { gap: true }), sample(2000)], every1s);
    expect(rows).toHaveLength(2);
    expect(markers).toEqual([]);
  });

  it('survives downsampling: a gap inside a bucket still breaks the line once', () => {
    const xs = Array.from({ length: 3600 }, (_, i) => sample(i * 1000, i === 1800 ? { gap: true, opsPerSec: null } : {}));
    // drop the 20 s before the gap sample: the server was unreachable then
    const withHole = xs.filter((s) => s.ts < 1_780_000 || s.ts >= 1_800_000);
    const { points, bucketMs } = downsampleSamples(withHole, 3_600_000, 300);
    const { markers, rows } = metricSeries(points, () => Math.max(1000, bucketMs));
    expect(markers.filter((m) => m.kind === 'gap')).toHaveLength(1);
    expect(rows.length).toBeLessThanOrEqual(301);
  });
});

describe('buildSeries', () => {
  it('turns non-finite values into nulls', () => {
    const { rows } = buildSeries([{ t: 1, v: Number.NaN }, { t: 2, v: Infinity }, { t: 3, v: 4 }], { tsOf: (x) => x.t, fields: { v: (x) => x.v } });
    expect(rows.map((r) => r.v)).toEqual([null, null, 4]);
  });
});

describe('windowTotals', () => {
  it('sums hits and misses over the window and reports the reads it excluded', () => {
    const t = windowTotals([sample(1, { hitsDelta: 90, missesDelta: 10, ownHitsDelta: 0, ownMissesDelta: 5 }), sample(2, { hitsDelta: 10, missesDelta: 90, ownHitsDelta: 3, ownMissesDelta: 0 }), sample(3, { hitsDelta: null, missesDelta: null, ownHitsDelta: null, ownMissesDelta: null })]);
    expect(t.hits).toBe(100);
    expect(t.misses).toBe(100);
    expect(t.hitRate).toBe(0.5);
    expect(t.ownReads).toBe(8);
    expect(t.hitRateRaw).toBeCloseTo(103 / 208, 12);
  });
  it('says "no data" for a window without lookups', () => {
    expect(windowTotals([sample(1, { hitsDelta: 0, missesDelta: 0 })]).hitRate).toBeNull();
    expect(windowTotals([]).hitRate).toBeNull();
  });
});

describe('rowsToCsv', () => {
  it('writes ISO times, empty cells for no data, skips break rows, and quotes when needed', () => {
    const rows = [
      { ts: Date.UTC(2025, 0, 1, 0, 0, 0), a: 0.5, b: null },
      { ts: Date.UTC(2025, 0, 1, 0, 0, 1), a: null, b: null },
      { ts: Date.UTC(2025, 0, 1, 0, 0, 2), a: 1 / 3, b: 7 },
    ];
    const csv = rowsToCsv(rows, [
      { label: 'hit rate', value: (r) => r.a },
      { label: 'ops, per s', value: (r) => r.b },
    ]);
    expect(csv).toBe('time,hit rate,"ops, per s"\r\n2025-01-01T00:00:00.000Z,0.5,\r\n2025-01-01T00:00:02.000Z,0.3333333333,7\r\n');
  });
});

describe('aggregateAppStats', () => {
  it('weights the app hit rate by traffic and averages the counters’ rates', () => {
    const agg = aggregateAppStats(
      [
        { ts: 1, rates: { hits: 90, misses: 10, sets: 4 }, values: { hits: 90 }, hitRate: 0.9 },
        { ts: 2, rates: { hits: 0, misses: 1, sets: null }, values: { hits: 90 }, hitRate: 0 },
      ],
      'hits',
      'misses',
    );
    expect(agg.hitRate).toBeCloseTo(90 / 101, 12); // the mean of ratios would say 0.45
    expect(agg.rates.sets).toBe(4);
    expect(agg.rates.hits).toBe(45);
    expect(agg.ts).toBe(2);
  });
  it('has no hit rate for a bucket without lookups', () => {
    const agg = aggregateAppStats(
      [
        { ts: 1, rates: { hits: 0, misses: 0 }, values: {}, hitRate: null },
        { ts: 2, rates: { hits: 0, misses: 0 }, values: {}, hitRate: null },
      ],
      'hits',
      'misses',
    );
    expect(agg.hitRate).toBeNull();
  });
});
