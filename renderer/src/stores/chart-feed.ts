import type { MetricHistory, MetricSample } from '../../../shared/contract/metrics';
import { MINUTE_MS } from '../../../shared/downsample';
import { mergeSamples } from './sample-window';

/**
 * What the renderer holds to draw the shown connection's charts. Main owns the history (the
 * 1 h + 24 h rings of electron/core/metrics/history.ts, served by `metrics.history`); the
 * renderer keeps a view of it cut to the chosen window, plus the live stream since, and never
 * aggregates or keeps history of its own: a wider window, a reconnect or another connection
 * asks main again. Pure.
 */
export interface ChartFeed {
  connectionId: string;
  /** The chart window: fine samples are kept this far back (at most main's hour). */
  windowMs: number;
  fine: MetricSample[];
  /** Main's minute aggregates, kept only when the window reaches past its hour (24 h). */
  coarse: MetricSample[];
  /** Up to when the held data is continuous with main's as last fetched: the fine part moving past it leaves a gap. */
  coveredTo: number;
}

/** Main's fine ring: an hour at poll resolution. */
export const FINE_SPAN_MS = 60 * MINUTE_MS;
/** The KPI tiles' trends want this many recent samples, whatever the window and poll interval. */
export const MIN_FINE = 120;

const wantsCoarse = (windowMs: number) => windowMs > FINE_SPAN_MS;

/** Drop fine samples older than the window (keeping at least MIN_FINE). */
function trimFine(fine: MetricSample[], windowMs: number): MetricSample[] {
  const newest = fine[fine.length - 1];
  if (!newest) return fine;
  const cut = newest.ts - Math.min(windowMs, FINE_SPAN_MS);
  const max = fine.length - MIN_FINE;
  let n = 0;
  while (n < max && fine[n]!.ts < cut) n++;
  return n === 0 ? fine : fine.slice(n);
}

export function emptyFeed(connectionId: string, windowMs: number): ChartFeed {
  return { connectionId, windowMs, fine: [], coarse: [], coveredTo: Number.POSITIVE_INFINITY };
}

/** One live sample (the stream: one per poll); another connection's sample leaves the feed as it is. */
export function appendLive(feed: ChartFeed, sample: MetricSample): ChartFeed {
  if (sample.connectionId !== feed.connectionId) return feed;
  return { ...feed, fine: trimFine(mergeSamples(feed.fine, [sample], Number.MAX_SAFE_INTEGER), feed.windowMs) };
}

/** Merge a `metrics.history` reply (it overlaps the live stream: one sample per timestamp). */
export function withHistory(feed: ChartFeed, history: Pick<MetricHistory, 'fine' | 'coarse'>): ChartFeed {
  const fine = trimFine(mergeSamples(feed.fine, history.fine, Number.MAX_SAFE_INTEGER), feed.windowMs);
  const coarse = wantsCoarse(feed.windowMs) ? history.coarse : [];
  const lastCoarse = coarse[coarse.length - 1];
  return { ...feed, fine, coarse, coveredTo: lastCoarse ? lastCoarse.ts + MINUTE_MS : (fine[0]?.ts ?? Number.POSITIVE_INFINITY) };
}

/** Another window: a narrower one trims now; a wider one needs main's history again (`refetch`). */
export function withWindow(feed: ChartFeed, windowMs: number): { feed: ChartFeed; refetch: boolean } {
  if (windowMs === feed.windowMs) return { feed, refetch: false };
  const next = { ...feed, windowMs, fine: trimFine(feed.fine, windowMs), coarse: wantsCoarse(windowMs) ? feed.coarse : [] };
  return { feed: next, refetch: windowMs > feed.windowMs };
}

/**
 * With the 24 h window the fine part slides on while the minute aggregates stay as fetched:
 * once it has slid past the last of them, main is asked again (about once an hour).
 */
export function needsHistory(feed: ChartFeed): boolean {
  const first = feed.fine[0];
  return wantsCoarse(feed.windowMs) && !!first && first.ts > feed.coveredTo;
}
