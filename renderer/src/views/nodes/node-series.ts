import { buildSeries, type Row } from '../../../../shared/chart-series';
import type { MetricSample, ResetKind } from '../../../../shared/contract/metrics';
import { downsample } from '../../../../shared/downsample';
import { compareAddress } from './node-rows';
import type { ShareMetric } from './node-share';

/**
 * One band per primary over time (the nodes view's stacked charts), from the samples' `nodes`.
 * Pure. Bands are keyed `n0`, `n1`… (recharts reads a dotted data key as a path, and addresses
 * have dots). A node that is not a serving primary at a point has no value there: after a
 * failover the old primary's band ends and the new one's begins. Where the aggregate lines
 * break (gap, reset, hole) every band breaks too.
 */

export interface NodeColumn {
  key: string;
  address: string;
}

export interface NodeSeries {
  columns: NodeColumn[];
  rows: Row<string>[];
  /** The bucket size the points were folded to (0 = as polled). */
  bucketMs: number;
}

interface NodePoint {
  ts: number;
  gap?: boolean;
  reset?: ResetKind;
  values: Map<string, number>;
}

function pointOf(s: MetricSample, metric: ShareMetric): NodePoint {
  const values = new Map<string, number>();
  for (const n of s.nodes ?? []) {
    if (n.role !== 'primary' || !n.up) continue;
    const v = metric === 'ops' ? n.opsPerSec : n.usedMemory;
    if (typeof v === 'number' && Number.isFinite(v)) values.set(n.address, v);
  }
  return { ts: s.ts, ...(s.gap ? { gap: true } : {}), ...(s.reset ? { reset: s.reset } : {}), values };
}

/** A bucket of points as one, like the aggregate charts: rates averaged, memory at its maximum. */
function foldPoints(metric: ShareMetric) {
  return (bucket: NodePoint[]): NodePoint => {
    const last = bucket[bucket.length - 1]!;
    if (bucket.length === 1) return last;
    const acc = new Map<string, { sum: number; max: number; n: number }>();
    for (const p of bucket) {
      for (const [address, v] of p.values) {
        const a = acc.get(address) ?? { sum: 0, max: Number.NEGATIVE_INFINITY, n: 0 };
        a.sum += v;
        a.max = Math.max(a.max, v);
        a.n++;
        acc.set(address, a);
      }
    }
    const values = new Map<string, number>();
    for (const [address, a] of acc) values.set(address, metric === 'ops' ? a.sum / a.n : a.max);
    const reset = bucket.find((p) => p.reset)?.reset;
    return { ts: last.ts, ...(bucket.some((p) => p.gap) ? { gap: true } : {}), ...(reset ? { reset } : {}), values };
  };
}

/**
 * Per-primary rows for a window's samples: at most `maxPoints`, folded per aligned bucket like
 * the overview's charts. `maxSpacingMs(prev, next)` is the longest expected distance between two
 * neighbours; three times that without a sample breaks the bands (as metricSeries does).
 */
export function primarySeries(
  samples: readonly MetricSample[],
  metric: ShareMetric,
  spanMs: number,
  maxPoints: number,
  maxSpacingMs: (prevTs: number, nextTs: number) => number,
): NodeSeries {
  const { points, bucketMs } = downsample(
    samples.map((s) => pointOf(s, metric)),
    (p) => p.ts,
    spanMs,
    maxPoints,
    foldPoints(metric),
  );
  const addresses = new Set<string>();
  for (const p of points) for (const a of p.values.keys()) addresses.add(a);
  const columns = [...addresses].sort(compareAddress).map((address, i) => ({ key: `n${i}`, address }));
  const fields: Record<string, (p: NodePoint) => number | null> = {};
  for (const c of columns) fields[c.key] = (p) => p.values.get(c.address) ?? null;
  const { rows } = buildSeries(points, {
    tsOf: (p) => p.ts,
    fields,
    breaksBefore: (p) => [...(p.gap ? (['gap'] as const) : []), ...(p.reset ? [p.reset] : [])],
    isHole: (prev, next) => next.ts - prev.ts > 3 * maxSpacingMs(prev.ts, next.ts),
  });
  return { columns, rows, bucketMs };
}
