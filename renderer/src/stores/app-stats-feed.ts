import type { AppStatsSample } from '../../../shared/contract/dashboard';
import { FINE_SPAN_MS } from './chart-feed';
import { mergeSamples } from './sample-window';

/**
 * What the renderer holds to draw the shown connection's app-stats chart. Main owns the samples
 * (electron/core/app-stats/service.ts keeps an hour, served by `appStats.history`); the renderer
 * keeps the shown connection's, cut to the chart window, plus the live stream since: another
 * connection, a reconnect or a wider window asks main again. Pure.
 */
export interface AppStatsFeed {
  connectionId: string;
  /** The chart window; main keeps at most an hour, so no more is held. */
  windowMs: number;
  samples: AppStatsSample[];
}

/** Drop samples older than the window behind the newest one (the chart's own window slides the same way). */
function trim(samples: AppStatsSample[], windowMs: number): AppStatsSample[] {
  const newest = samples[samples.length - 1];
  if (!newest) return samples;
  const cut = newest.ts - Math.min(windowMs, FINE_SPAN_MS);
  let n = 0;
  while (n < samples.length && samples[n]!.ts < cut) n++;
  return n === 0 ? samples : samples.slice(n);
}

export function emptyAppStatsFeed(connectionId: string, windowMs: number): AppStatsFeed {
  return { connectionId, windowMs, samples: [] };
}

/** One live sample; another connection's, or one not newer than the last, leaves the feed as it is. */
export function appendAppSample(feed: AppStatsFeed, sample: AppStatsSample): AppStatsFeed {
  if (sample.connectionId !== feed.connectionId) return feed;
  const last = feed.samples[feed.samples.length - 1];
  if (last && sample.ts <= last.ts) return feed;
  return { ...feed, samples: trim([...feed.samples, sample], feed.windowMs) };
}

/** Merge an `appStats.history` reply (it overlaps the live stream: one sample per timestamp). */
export function withAppHistory(feed: AppStatsFeed, history: readonly AppStatsSample[]): AppStatsFeed {
  return { ...feed, samples: trim(mergeSamples(feed.samples, history, Number.MAX_SAFE_INTEGER), feed.windowMs) };
}

/** Another window: a narrower one trims now; a wider one needs main's samples again (`refetch`). */
export function withAppWindow(feed: AppStatsFeed, windowMs: number): { feed: AppStatsFeed; refetch: boolean } {
  if (windowMs === feed.windowMs) return { feed, refetch: false };
  return { feed: { ...feed, windowMs, samples: trim(feed.samples, windowMs) }, refetch: windowMs > feed.windowMs && feed.windowMs < FINE_SPAN_MS };
}
