import type { CachescopeApi } from '../../../shared/contract/api';
import { needsHistory } from '../stores/chart-feed';
import { useDashboardStore, windowMs } from '../stores/dashboard-store';
import { useMetricsStore } from '../stores/metrics-store';

/**
 * Feeds the metrics store: the live `metrics.sample` stream, and main's history (its owner) for
 * the shown connection — when it is shown or reopened, when the chart window widens past what
 * the renderer kept, and when the 24 h view's fine part has slid past main's last minute.
 */
export interface MetricsFeed {
  /** Show a connection's charts and fill them from main's history (also after a reconnect). */
  show(id: string): Promise<void>;
  /** Subscribe to the stream and the window choice; returns the unsubscribe function. */
  start(): () => void;
}

export function createMetricsFeed(api: CachescopeApi): MetricsFeed {
  const store = () => useMetricsStore.getState();
  let fetching: string | null = null;

  async function fill(id: string): Promise<void> {
    if (fetching === id) return;
    fetching = id;
    try {
      const history = await api.invoke('metrics.history', { id });
      if (history.ok) store().mergeHistory(id, history.value);
    } finally {
      if (fetching === id) fetching = null;
    }
  }

  const refill = () => {
    const feed = store().feed;
    if (feed) void fill(feed.connectionId);
  };

  return {
    async show(id) {
      store().show(id, windowMs(useDashboardStore.getState().window));
      await fill(id);
    },
    start() {
      const off = api.on('metrics.sample', (sample) => {
        store().add(sample);
        const feed = store().feed;
        if (feed && needsHistory(feed)) refill();
      });
      const unsubscribe = useDashboardStore.subscribe((now, before) => {
        if (now.window !== before.window && store().setWindow(windowMs(now.window))) refill();
      });
      return () => {
        off();
        unsubscribe();
      };
    },
  };
}
