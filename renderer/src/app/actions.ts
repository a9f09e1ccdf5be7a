import type { CachescopeApi } from '../../../shared/contract/api';
import type { CommandArgs, CommandReply } from '../../../shared/contract';
import type { ProfileInput, ProfileSaveArgs, ProfileView, TestResult } from '../../../shared/contract/profiles';
import type { Envelope } from '../../../shared/envelope';
import type { DemoStatus } from '../../../shared/contract/demo';
import { useConnectionsStore } from '../stores/connections-store';
import type { DashboardActions } from './dashboard-actions';
import type { MetricsFeed } from './metrics-feed';

const SELECTED_KEY = 'cachescope.selected';

export interface Actions {
  /** Load profiles and open the selected (or first) one. Run on every bridge (re)open. */
  boot(): Promise<void>;
  select(id: string): Promise<void>;
  /** Close and reopen: an immediate attempt instead of waiting for the next backoff. */
  retry(id: string): Promise<void>;
  test(input: ProfileInput): Promise<Envelope<TestResult>>;
  /** Remember an SSH host key the core has shown (it refuses a fingerprint it did not see). */
  trustHostKey(key: CommandArgs<'ssh.trustHostKey'>): Promise<Envelope<CommandReply<'ssh.trustHostKey'>>>;
  /** Desktop: main's open dialog picks a TLS file; only its path comes back. */
  chooseTlsFile(which: CommandArgs<'profiles.chooseTlsFile'>['which']): Promise<Envelope<CommandReply<'profiles.chooseTlsFile'>>>;
  /** Save, then select and open the saved profile. */
  save(input: ProfileSaveArgs): Promise<Envelope<ProfileView>>;
  /** Delete a saved profile (the core closes it first). */
  remove(id: string): Promise<Envelope<{ deleted: boolean }>>;
  /** List the dismissed environment default again, and open it. */
  showDefault(): Promise<Envelope<ProfileView[]>>;
  /** Select the next/previous connection in the list (keyboard navigation). */
  step(delta: 1 | -1): Promise<void>;
  /** Start the demo server + workload in main, then select its connection. */
  startDemo(): Promise<Envelope<DemoStatus>>;
}

function remember(id: string): void {
  try {
    sessionStorage.setItem(SELECTED_KEY, id);
  } catch {
    // Not fatal: a reload then picks the first profile.
  }
}

function remembered(): string | null {
  try {
    return sessionStorage.getItem(SELECTED_KEY);
  } catch {
    return null;
  }
}

/** Feed the stores from the core's streams. Returns the unsubscribe function. */
export function startSync(api: CachescopeApi, actions: Actions): () => void {
  const conns = useConnectionsStore.getState();
  const offs = [
    api.on('connection.state', (state) => conns.setState(state)),
    api.on('profiles.changed', (profiles) => {
      useConnectionsStore.getState().setProfiles(profiles);
      const { selectedId } = useConnectionsStore.getState();
      // The selected profile was deleted (or replaced the env default): move to the first one.
      const first = profiles[0];
      if (first && !profiles.some((p) => p.id === selectedId)) void actions.select(first.id);
    }),
  ];
  return () => offs.forEach((off) => off());
}

export function createActions(api: CachescopeApi, dashboard: DashboardActions, metrics: MetricsFeed): Actions {
  const store = () => useConnectionsStore.getState();

  async function openAndLoad(id: string): Promise<void> {
    const opened = await api.invoke('connections.open', { id });
    if (!opened.ok) return; // the state stream (or the bridge banner) says why
    store().setState(opened.value);
    // Alerts and app stats load beside the history (main keeps it; the charts show a window of it).
    await Promise.all([metrics.show(id), dashboard.loadConnection(id)]);
  }

  const actions: Actions = {
    async boot() {
      const listed = await api.invoke('profiles.list', {});
      if (!listed.ok) {
        store().setLoadError(listed.error.message);
        return;
      }
      store().setProfiles(listed.value);
      const info = await api.invoke('app.info', {});
      if (info.ok) store().setAppInfo(info.value);
      const states = await api.invoke('connections.states', {});
      if (states.ok) states.value.forEach((s) => store().setState(s));
      await dashboard.refreshActive();
      const ids = listed.value.map((p) => p.id);
      const wanted = [store().selectedId, remembered()].find((id): id is string => !!id && ids.includes(id));
      const target = wanted ?? ids[0];
      if (target) await actions.select(target);
    },
    async select(id) {
      store().select(id);
      remember(id);
      await openAndLoad(id);
    },
    async retry(id) {
      await api.invoke('connections.close', { id });
      await openAndLoad(id);
    },
    test: (input) => api.invoke('profiles.test', input),
    trustHostKey: (key) => api.invoke('ssh.trustHostKey', key),
    chooseTlsFile: (which) => api.invoke('profiles.chooseTlsFile', { which }),
    async save(input) {
      const saved = await api.invoke('profiles.save', input);
      if (!saved.ok) return saved;
      // profiles.changed also arrives on the stream; refreshing here keeps it correct without it.
      const listed = await api.invoke('profiles.list', {});
      if (listed.ok) store().setProfiles(listed.value);
      await actions.select(saved.value.id);
      return saved;
    },
    async remove(id) {
      const removed = await api.invoke('profiles.delete', { id });
      if (!removed.ok) return removed;
      const listed = await api.invoke('profiles.list', {});
      if (listed.ok) {
        store().setProfiles(listed.value);
        const next = listed.value[0];
        if (store().selectedId === id) {
          if (next) await actions.select(next.id);
          else store().select(null);
        }
      }
      return removed;
    },
    async showDefault() {
      const listed = await api.invoke('profiles.showDefault', {});
      if (!listed.ok) return listed;
      store().setProfiles(listed.value);
      const shown = listed.value.find((p) => p.source === 'env');
      if (shown) await actions.select(shown.id);
      return listed;
    },
    async startDemo() {
      const started = await api.invoke('demo.start', { profile: 'vtp' });
      if (!started.ok || !started.value.connectionId) return started;
      const listed = await api.invoke('profiles.list', {});
      if (listed.ok) store().setProfiles(listed.value);
      await actions.select(started.value.connectionId);
      return started;
    },
    async step(delta) {
      const { profiles, selectedId } = store();
      if (profiles.length === 0) return;
      const at = profiles.findIndex((p) => p.id === selectedId);
      const index = at === -1 ? (delta > 0 ? 0 : profiles.length - 1) : (at + delta + profiles.length) % profiles.length;
      const next = profiles[index];
      if (next && next.id !== selectedId) await actions.select(next.id);
    },
  };
  return actions;
}
