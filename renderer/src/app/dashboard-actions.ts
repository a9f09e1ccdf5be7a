import type { CachescopeApi } from '../../../shared/contract/api';
import type { AlertRule, AppStatsConfig, ServerConfigView } from '../../../shared/contract/dashboard';
import type { Envelope } from '../../../shared/envelope';
import { useAlertsStore } from '../stores/alerts-store';
import { useAppStatsStore } from '../stores/app-stats-store';
import { useDashboardStore, windowMs } from '../stores/dashboard-store';

/** Alerts, app-side stats and server config: what the overview and the Alerts view need beyond INFO. */
export interface DashboardActions {
  /** Rules, alert history and the app-stats source of one connection (on select / reopen). */
  loadConnection(id: string): Promise<void>;
  /** The rules and alert history again (their defaults follow the server's eviction policy). */
  loadAlerts(id: string): Promise<void>;
  /** Firing alerts of every connection (for the sidebar). */
  refreshActive(): Promise<void>;
  saveRules(id: string, rules: AlertRule[]): Promise<Envelope<AlertRule[]>>;
  saveAppStats(id: string, config: AppStatsConfig | null): Promise<Envelope<AppStatsConfig | null>>;
  serverConfig(id: string): Promise<Envelope<ServerConfigView>>;
}

/** Main's app-stats samples (their owner) for the shown connection, merged into its feed. */
async function fillAppStats(api: CachescopeApi, id: string): Promise<void> {
  const history = await api.invoke('appStats.history', { id });
  if (history.ok) useAppStatsStore.getState().mergeHistory(id, history.value);
}

/**
 * Feed the alert and app-stats stores from the core's streams, and ask main for the app-stats
 * samples again when the chart window widens past what the renderer kept. Returns the unsubscribe function.
 */
export function startDashboardSync(api: CachescopeApi): () => void {
  const offs = [
    api.on('alert.event', (event) => useAlertsStore.getState().onEvent(event)),
    api.on('appstats.sample', (sample) => useAppStatsStore.getState().add(sample)),
    useDashboardStore.subscribe((now, before) => {
      const appStats = useAppStatsStore.getState();
      if (now.window !== before.window && appStats.setWindow(windowMs(now.window)) && appStats.feed) void fillAppStats(api, appStats.feed.connectionId);
    }),
  ];
  return () => offs.forEach((off) => off());
}

export function createDashboardActions(api: CachescopeApi): DashboardActions {
  const alerts = () => useAlertsStore.getState();
  const appStats = () => useAppStatsStore.getState();

  /** On select / reopen: the source, then main's samples of it (the renderer keeps only the shown chart's). */
  async function loadAppStats(id: string): Promise<void> {
    appStats().show(id, windowMs(useDashboardStore.getState().window));
    const config = await api.invoke('appStats.get', { id });
    appStats().setConfig(id, config.ok ? { status: 'ready', value: config.value } : { status: 'error', message: config.error.message });
    if (!config.ok || !config.value) return;
    await fillAppStats(api, id);
  }

  async function loadAlerts(id: string): Promise<void> {
    const [rules, history] = await Promise.all([api.invoke('alerts.rules.get', { id }), api.invoke('alerts.history', { id, limit: 200 })]);
    alerts().setRules(id, rules.ok ? { status: 'ready', value: rules.value } : { status: 'error', message: rules.error.message });
    if (history.ok) alerts().setHistory(id, history.value);
  }

  return {
    async loadConnection(id) {
      await Promise.all([loadAlerts(id), loadAppStats(id)]);
    },
    loadAlerts,
    async refreshActive() {
      const active = await api.invoke('alerts.active', {});
      if (active.ok) alerts().setActive(active.value);
    },
    async saveRules(id, rules) {
      const saved = await api.invoke('alerts.rules.set', { id, rules });
      if (saved.ok) alerts().setRules(id, { status: 'ready', value: saved.value });
      return saved;
    },
    async saveAppStats(id, config) {
      const saved = await api.invoke('appStats.set', { id, config });
      if (saved.ok) {
        appStats().setConfig(id, { status: 'ready', value: saved.value });
        // The old samples chart other counters: start the panel afresh (main dropped them too).
        appStats().restart(id);
      }
      return saved;
    },
    serverConfig: (id) => api.invoke('server.config', { id }),
  };
}
