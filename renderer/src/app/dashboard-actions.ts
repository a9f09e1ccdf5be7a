import type { CachescopeApi } from '../../../shared/contract/api';
import type { AlertRule, AppStatsConfig, ServerConfigView } from '../../../shared/contract/dashboard';
import type { Envelope } from '../../../shared/envelope';
import { useAlertsStore } from '../stores/alerts-store';
import { useAppStatsStore } from '../stores/app-stats-store';

/** Alerts, app-side stats and server config: what the overview and the Alerts view need beyond INFO. */
export interface DashboardActions {
  /** Rules, alert history and the app-stats source of one connection (on select / reopen). */
  loadConnection(id: string): Promise<void>;
  /** Firing alerts of every connection (for the sidebar). */
  refreshActive(): Promise<void>;
  saveRules(id: string, rules: AlertRule[]): Promise<Envelope<AlertRule[]>>;
  saveAppStats(id: string, config: AppStatsConfig | null): Promise<Envelope<AppStatsConfig | null>>;
  serverConfig(id: string): Promise<Envelope<ServerConfigView>>;
}

/** Feed the alert and app-stats stores from the core's streams. Returns the unsubscribe function. */
export function startDashboardSync(api: CachescopeApi): () => void {
  const offs = [
    api.on('alert.event', (event) => useAlertsStore.getState().onEvent(event)),
    api.on('appstats.sample', (sample) => useAppStatsStore.getState().add(sample)),
  ];
  return () => offs.forEach((off) => off());
}

export function createDashboardActions(api: CachescopeApi): DashboardActions {
  const alerts = () => useAlertsStore.getState();
  const appStats = () => useAppStatsStore.getState();

  async function loadAppStats(id: string): Promise<void> {
    const config = await api.invoke('appStats.get', { id });
    appStats().setConfig(id, config.ok ? { status: 'ready', value: config.value } : { status: 'error', message: config.error.message });
    if (!config.ok || !config.value) return;
    const history = await api.invoke('appStats.history', { id });
    if (history.ok) appStats().setSamples(id, history.value);
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
        // The old samples chart other counters: start the panel afresh.
        appStats().setSamples(id, []);
      }
      return saved;
    },
    serverConfig: (id) => api.invoke('server.config', { id }),
  };
}
