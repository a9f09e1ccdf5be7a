import { create } from 'zustand';
import type { MetricHistory, MetricSample } from '../../../shared/contract/metrics';
import { appendLive, emptyFeed, withHistory, withWindow, type ChartFeed } from './chart-feed';

interface MetricsStore {
  /** The newest sample of every open connection (headers, tiles): one object each. */
  latest: Record<string, MetricSample>;
  /** The shown connection's chart data (chart-feed.ts); null before one is shown. */
  feed: ChartFeed | null;
  /** One live sample: one store update per poll. */
  add(sample: MetricSample): void;
  /** Show another connection's charts (an empty feed until its history arrives); the same one keeps its feed. */
  show(connectionId: string, windowMs: number): void;
  mergeHistory(connectionId: string, history: Pick<MetricHistory, 'fine' | 'coarse'>): void;
  /** Returns whether main's history is needed again (a wider window). */
  setWindow(windowMs: number): boolean;
}

const EMPTY: MetricSample[] = [];

export const useMetricsStore = create<MetricsStore>()((set, get) => ({
  latest: {},
  feed: null,
  add: (sample) =>
    set((s) => {
      const prev = s.latest[sample.connectionId];
      const latest = prev && prev.ts >= sample.ts ? s.latest : { ...s.latest, [sample.connectionId]: sample };
      return { latest, feed: s.feed ? appendLive(s.feed, sample) : s.feed };
    }),
  show: (connectionId, windowMs) => {
    if (get().feed?.connectionId !== connectionId) set({ feed: emptyFeed(connectionId, windowMs) });
  },
  mergeHistory: (connectionId, history) =>
    set((s) => {
      if (s.feed?.connectionId !== connectionId) return s;
      const feed = withHistory(s.feed, history);
      const newest = feed.fine[feed.fine.length - 1];
      const prev = s.latest[connectionId];
      const latest = newest && (!prev || newest.ts > prev.ts) ? { ...s.latest, [connectionId]: newest } : s.latest;
      return { feed, latest };
    }),
  setWindow: (windowMs) => {
    const { feed } = get();
    if (!feed) return false;
    const next = withWindow(feed, windowMs);
    set({ feed: next.feed });
    return next.refetch;
  },
}));

/** The shown connection's fine samples (the window, live), oldest first; empty for any other connection. */
export function useSamples(id: string | null): MetricSample[] {
  return useMetricsStore((s) => (id && s.feed?.connectionId === id ? s.feed.fine : EMPTY));
}

/** The shown connection's feed, or null while another connection's is held. */
export function useChartFeed(id: string): ChartFeed | null {
  return useMetricsStore((s) => (s.feed?.connectionId === id ? s.feed : null));
}

/** The newest sample only: components that show "now" re-render once per poll, not more. */
export function useLatestSample(id: string): MetricSample | undefined {
  return useMetricsStore((s) => s.latest[id]);
}
