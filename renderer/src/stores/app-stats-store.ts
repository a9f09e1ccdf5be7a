import { create } from 'zustand';
import type { AppStatsConfig, AppStatsSample } from '../../../shared/contract/dashboard';
import type { Loadable } from './alerts-store';
import { appendAppSample, emptyAppStatsFeed, withAppHistory, withAppWindow, type AppStatsFeed } from './app-stats-feed';

interface AppStatsStore {
  /** The chosen source per connection (null = none chosen yet). */
  config: Record<string, Loadable<AppStatsConfig | null>>;
  /** The shown connection's samples in the chart window (app-stats-feed.ts); main keeps the hour. */
  feed: AppStatsFeed | null;
  setConfig(id: string, config: Loadable<AppStatsConfig | null>): void;
  /** Show another connection's chart (empty until its history arrives); the same one keeps its feed. */
  show(id: string, windowMs: number): void;
  mergeHistory(id: string, samples: readonly AppStatsSample[]): void;
  /** A new source: the old samples chart other counters, so the shown chart starts afresh. */
  restart(id: string): void;
  add(sample: AppStatsSample): void;
  /** Returns whether main's samples are needed again (a wider window). */
  setWindow(windowMs: number): boolean;
}

export const useAppStatsStore = create<AppStatsStore>()((set, get) => ({
  config: {},
  feed: null,
  setConfig: (id, config) => set((s) => ({ config: { ...s.config, [id]: config } })),
  show: (id, windowMs) => {
    if (get().feed?.connectionId !== id) set({ feed: emptyAppStatsFeed(id, windowMs) });
  },
  mergeHistory: (id, samples) => set((s) => (s.feed?.connectionId === id ? { feed: withAppHistory(s.feed, samples) } : s)),
  restart: (id) => set((s) => (s.feed?.connectionId === id ? { feed: { ...s.feed, samples: [] } } : s)),
  add: (sample) =>
    set((s) => {
      if (!s.feed) return s;
      const feed = appendAppSample(s.feed, sample);
      return feed === s.feed ? s : { feed };
    }),
  setWindow: (windowMs) => {
    const { feed } = get();
    if (!feed) return false;
    const next = withAppWindow(feed, windowMs);
    set({ feed: next.feed });
    return next.refetch;
  },
}));

/** The shown connection's samples (oldest first), read once per redraw; empty for any other connection. */
export function appStatsSamplesOf(id: string): AppStatsSample[] {
  const { feed } = useAppStatsStore.getState();
  return feed?.connectionId === id ? feed.samples : [];
}
