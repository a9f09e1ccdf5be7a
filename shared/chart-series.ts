import type { MetricSample, ResetKind } from './contract/metrics';
import { csvDocument, type CsvValue } from './csv';
import { topologyLabel } from './topology-words';

/**
 * Chart rows from (downsampled) samples. Pure. The rule it enforces: a disconnection, a
 * counter reset or a hole in the data is drawn as a break in the line (a row of nulls, which
 * the chart does not connect) plus a marker — never as a spike or a zero.
 */

export type MarkerKind = 'gap' | ResetKind;

export interface ChartMarker {
  kind: MarkerKind;
  /** Where the break starts (the last point before it); equals `to` for a reset. */
  from: number;
  /** The first point after the break (for a reset: the sample that starts the new baseline). */
  to: number;
  /** What the marker says on the chart when not just its kind (a topology change: "failover"). */
  label?: string;
  /** What happened, in sentences (the chart's tooltip at that point). */
  details?: readonly string[];
}

export type Row<K extends string> = { ts: number } & { [F in K]: number | null };

export interface SeriesOptions<T, K extends string> {
  tsOf: (item: T) => number;
  fields: { readonly [F in K]: (item: T) => number | null };
  /** Why the line must break before `item` (its own gap/reset flags); empty when it need not. */
  breaksBefore?: (item: T) => readonly MarkerKind[];
  /** A silent hole: two consecutive points too far apart to join. */
  isHole?: (prev: T, next: T) => boolean;
}

export interface Series<K extends string> {
  rows: Row<K>[];
  markers: ChartMarker[];
}

/** Rows for a chart, with a null row inserted wherever the line must break. */
export function buildSeries<T, K extends string>(items: readonly T[], options: SeriesOptions<T, K>): Series<K> {
  const keys = Object.keys(options.fields) as K[];
  const rows: Row<K>[] = [];
  const markers: ChartMarker[] = [];
  const nullRow = (ts: number): Row<K> => {
    const row = { ts } as Row<K>;
    for (const k of keys) (row as Record<string, number | null>)[k] = null;
    return row;
  };
  let prev: T | undefined;
  for (const item of items) {
    const ts = options.tsOf(item);
    const why = options.breaksBefore?.(item) ?? [];
    const hole = prev !== undefined && options.isHole?.(prev, item) === true;
    if (prev !== undefined && (why.length > 0 || hole)) {
      const prevTs = options.tsOf(prev);
      // Any x strictly between the two points ends the line; the midpoint keeps it off both.
      rows.push(nullRow(prevTs + (ts - prevTs) / 2));
      if (why.includes('gap') || hole) markers.push({ kind: 'gap', from: prevTs, to: ts });
    }
    for (const kind of why) if (kind !== 'gap') markers.push({ kind, from: ts, to: ts });
    const row = { ts } as Row<K>;
    for (const k of keys) {
      const v = options.fields[k](item);
      (row as Record<string, number | null>)[k] = typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
    rows.push(row);
    prev = item;
  }
  return { rows, markers };
}

function serverMs(s: MetricSample, command: string, which: 'p50' | 'p99'): number | null {
  const c = s.serverLatency?.commands[command];
  return c && c.calls > 0 ? c[which] / 1000 : null;
}

/** What the overview's charts draw from a metric sample. Fractions stay fractions (0–1). */
export const METRIC_FIELDS = {
  hitRate: (s: MetricSample) => s.hitRate,
  hitRateTotal: (s: MetricSample) => s.hitRateTotal,
  hitRateRaw: (s: MetricSample) => s.hitRateRaw,
  lookups: (s: MetricSample) => (s.hitsDelta === null || s.missesDelta === null ? null : s.hitsDelta + s.missesDelta),
  ownReads: (s: MetricSample) => (s.ownHitsDelta === null && s.ownMissesDelta === null ? null : (s.ownHitsDelta ?? 0) + (s.ownMissesDelta ?? 0)),
  opsPerSec: (s: MetricSample) => s.opsPerSec,
  usedMemory: (s: MetricSample) => s.usedMemory,
  usedMemoryRss: (s: MetricSample) => s.usedMemoryRss,
  usedMemoryPeak: (s: MetricSample) => s.usedMemoryPeak,
  evictedPerSec: (s: MetricSample) => s.evictedPerSec,
  expiredPerSec: (s: MetricSample) => s.expiredPerSec,
  connectedClients: (s: MetricSample) => s.connectedClients,
  blockedClients: (s: MetricSample) => s.blockedClients,
  netInPerSec: (s: MetricSample) => s.netInPerSec,
  netOutPerSec: (s: MetricSample) => s.netOutPerSec,
  latencyMs: (s: MetricSample) => s.latencyMs,
  ownOpsPerSec: (s: MetricSample) => s.ownOpsPerSec ?? null,
  // The server's own command latency over the interval, in ms like the round trip (null without calls).
  serverP50Mix: (s: MetricSample) => serverMs(s, 'mix', 'p50'),
  serverP99Mix: (s: MetricSample) => serverMs(s, 'mix', 'p99'),
  serverP99Get: (s: MetricSample) => serverMs(s, 'get', 'p99'),
  serverP99Set: (s: MetricSample) => serverMs(s, 'set', 'p99'),
  cpuPct: (s: MetricSample) => s.cpuPct,
} as const;
export type MetricField = keyof typeof METRIC_FIELDS;
export type MetricRow = Row<MetricField>;

/** A metric sample's own reasons to break the line: a reconnect (gap), a reset, or both. */
export function sampleBreaks(s: MetricSample): MarkerKind[] {
  const kinds: MarkerKind[] = [];
  if (s.gap) kinds.push('gap');
  if (s.reset) kinds.push(s.reset);
  return kinds;
}

/**
 * Rows for the metric charts. `maxSpacingMs(prev, next)` is the longest expected distance
 * between two neighbours (poll interval, bucket size or a minute for aggregates); three times
 * that without a sample is a hole even without a gap flag (e.g. the app was not running).
 */
export function metricSeries(points: readonly MetricSample[], maxSpacingMs: (prev: MetricSample, next: MetricSample) => number): Series<MetricField> {
  const series = buildSeries(points, {
    tsOf: (s) => s.ts,
    fields: METRIC_FIELDS,
    breaksBefore: sampleBreaks,
    isHole: (prev, next) => next.ts - prev.ts > 3 * maxSpacingMs(prev, next),
  });
  return { rows: series.rows, markers: withTopologyEvents(series.markers, points) };
}

/**
 * Topology events as markers that say what happened. A poll that started a new baseline
 * (`reset: 'topology'`) already has its marker and break: it takes the events' words. An event
 * that left the primaries' sums alone (a replica down) gets a marker without a break.
 */
function withTopologyEvents(markers: ChartMarker[], points: readonly MetricSample[]): ChartMarker[] {
  if (!points.some((s) => s.topology && s.topology.length > 0)) return markers;
  const out = [...markers];
  for (const s of points) {
    const events = s.topology ?? [];
    if (events.length === 0) continue;
    const words = { label: topologyLabel(events), details: events.map((e) => e.message) };
    const at = out.findIndex((m) => m.kind === 'topology' && m.to === s.ts);
    if (at >= 0) out[at] = { ...out[at]!, ...words };
    else out.push({ kind: 'topology', from: s.ts, to: s.ts, ...words });
  }
  // Stable: markers of one point keep their order (a gap before the reset it ends in).
  return out.sort((a, b) => a.to - b.to);
}

export interface WindowTotals {
  /** The applications' lookups in the window (Cachescope's own reads excluded). */
  hits: number;
  misses: number;
  /** Cachescope's own keyspace reads the hit rate excludes. */
  ownReads: number;
  /** hits / (hits + misses) over the window; null without lookups. */
  hitRate: number | null;
  /** The server's own figure for the same window (Cachescope's reads included). */
  hitRateRaw: number | null;
}

/** Totals over a window: a ratio of sums (never a mean of per-interval ratios). */
export function windowTotals(points: readonly MetricSample[]): WindowTotals {
  let hits = 0;
  let misses = 0;
  let ownHits = 0;
  let ownMisses = 0;
  for (const s of points) {
    hits += s.hitsDelta ?? 0;
    misses += s.missesDelta ?? 0;
    ownHits += s.ownHitsDelta ?? 0;
    ownMisses += s.ownMissesDelta ?? 0;
  }
  const lookups = hits + misses;
  const raw = lookups + ownHits + ownMisses;
  return {
    hits,
    misses,
    ownReads: ownHits + ownMisses,
    hitRate: lookups > 0 ? hits / lookups : null,
    hitRateRaw: raw > 0 ? (hits + ownHits) / raw : null,
  };
}

export interface CsvColumn<R> {
  label: string;
  value: (row: R) => number | string | null;
}

/**
 * CSV of chart rows: an ISO time column, then one column per series. Break rows (every value
 * null) are left out — they are drawing aids, not data; an empty cell means "no data".
 */
export function rowsToCsv<R extends { ts: number }>(rows: readonly R[], columns: readonly CsvColumn<R>[]): string {
  const body: CsvValue[][] = [];
  for (const row of rows) {
    const values = columns.map((c) => c.value(row));
    if (values.every((v) => v === null)) continue;
    body.push([new Date(row.ts).toISOString(), ...values]);
  }
  return csvDocument(['time', ...columns.map((c) => c.label)], body);
}

/** The few fields of an app-stats sample a chart needs (structurally an `AppStatsSample`). */
export interface AppStatsPoint {
  ts: number;
  rates: Record<string, number | null>;
  values: Record<string, number | null>;
  hitRate: number | null;
  error?: string;
}

/**
 * Fold app-stats samples of one time bucket: rates averaged over the samples that had one;
 * the hit rate weighted by traffic — Σ hits/s ÷ Σ (hits + misses)/s — so a quiet sample
 * cannot outvote a busy one; values from the last sample.
 */
export function aggregateAppStats(bucket: readonly AppStatsPoint[], hitsField?: string, missesField?: string): AppStatsPoint {
  const last = bucket[bucket.length - 1];
  if (!last) throw new RangeError('aggregateAppStats needs at least one sample');
  if (bucket.length === 1) return last;
  const keys = new Set<string>();
  for (const s of bucket) for (const k of Object.keys(s.rates)) keys.add(k);
  const rates: Record<string, number | null> = {};
  for (const k of keys) {
    const xs = bucket.map((s) => s.rates[k]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    rates[k] = xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
  }
  let hits = 0;
  let lookups = 0;
  let counted = 0;
  for (const s of bucket) {
    const h = hitsField ? s.rates[hitsField] : null;
    const m = missesField ? s.rates[missesField] : null;
    if (typeof h !== 'number' || typeof m !== 'number') continue;
    hits += h;
    lookups += h + m;
    counted++;
  }
  // Without per-sample counters to weigh by, fall back to the plain mean of the ratios.
  const ratios = bucket.map((s) => s.hitRate).filter((v): v is number => v !== null);
  const hitRate = counted > 0 ? (lookups > 0 ? hits / lookups : null) : ratios.length > 0 ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null;
  const { error: _error, ...rest } = last;
  const error = bucket.find((s) => s.error)?.error;
  return { ...rest, rates, hitRate, ...(error ? { error } : {}) };
}
