import type { MetricHistory, MetricSample } from '../../../shared/contract/metrics';
import { aggregateSamples, bucketByTime, MINUTE_MS } from '../../../shared/downsample';
import { mergeSamples } from './sample-window';

/**
 * What the renderer holds per connection for its charts: the fine samples of the last hour
 * (history fetched on open + the live stream) and minute aggregates for 24 h. Pure.
 *
 * The fine part is bounded by time, not by count: a sample older than an hour is folded into
 * its minute aggregate as it leaves, so a window of 24 h stays continuous however long the
 * window has been open — without refetching the history from main.
 */
export interface MetricBuffer {
  fine: MetricSample[];
  coarse: MetricSample[];
}

export const FINE_SPAN_MS = 60 * MINUTE_MS;
export const COARSE_SPAN_MS = 24 * 60 * MINUTE_MS;
/** A count cap on top of the time bound: one hour at the fastest poll interval (0.5 s). */
export const FINE_MAX = 7200;

export const EMPTY_BUFFER: MetricBuffer = { fine: [], coarse: [] };

/** Drop minute aggregates more than a day older than `newest`. */
function trimCoarse(coarse: MetricSample[], newest: number): MetricSample[] {
  const oldest = newest - COARSE_SPAN_MS;
  return coarse.length > 0 && coarse[0]!.ts < oldest ? coarse.filter((c) => c.ts >= oldest) : coarse;
}

/** Move whole minutes older than the fine span into minute aggregates; trim both ends. */
function rollUp(buffer: MetricBuffer): MetricBuffer {
  const { fine } = buffer;
  const newest = fine[fine.length - 1];
  if (!newest) return buffer;
  buffer = { fine, coarse: trimCoarse(buffer.coarse, newest.ts) };
  // Only whole minutes leave: a minute's aggregate is then the same as main's.
  const cut = Math.floor((newest.ts - FINE_SPAN_MS) / MINUTE_MS) * MINUTE_MS;
  let n = 0;
  while (n < fine.length && fine[n]!.ts < cut) n++;
  if (n === 0 && fine.length <= FINE_MAX) return buffer;
  n = Math.max(n, fine.length - FINE_MAX);
  const leaving = fine.slice(0, n);
  const lastCoarse = buffer.coarse[buffer.coarse.length - 1]?.ts ?? Number.NEGATIVE_INFINITY;
  const minutes = bucketByTime(leaving, (s) => s.ts, MINUTE_MS)
    .map((bucket) => ({ ...aggregateSamples(bucket), ts: Math.floor(bucket[0]!.ts / MINUTE_MS) * MINUTE_MS }))
    // A minute main already aggregated (fetched with the history) is not added twice.
    .filter((m) => m.ts > lastCoarse);
  const coarse = minutes.length > 0 ? trimCoarse([...buffer.coarse, ...minutes], newest.ts) : buffer.coarse;
  return { fine: fine.slice(n), coarse };
}

/** Add live samples (the stream: one per poll). */
export function appendSamples(buffer: MetricBuffer, incoming: readonly MetricSample[]): MetricBuffer {
  if (incoming.length === 0) return buffer;
  return rollUp({ fine: mergeSamples(buffer.fine, incoming, Number.MAX_SAFE_INTEGER), coarse: buffer.coarse });
}

/** Merge a `metrics.history` reply: overlapping fine samples are deduplicated by timestamp. */
export function mergeHistory(buffer: MetricBuffer, history: Pick<MetricHistory, 'fine' | 'coarse'>): MetricBuffer {
  const byTs = new Map<number, MetricSample>();
  for (const c of history.coarse) byTs.set(c.ts, c);
  for (const c of buffer.coarse) byTs.set(c.ts, c);
  const coarse = [...byTs.values()].sort((a, b) => a.ts - b.ts);
  return rollUp({ fine: mergeSamples(buffer.fine, history.fine, Number.MAX_SAFE_INTEGER), coarse });
}
