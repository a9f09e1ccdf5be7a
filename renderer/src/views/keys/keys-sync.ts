import { useEffect } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import { useKeysStore } from './keys-store';

const subscribed = new WeakSet<CachescopeApi>();

/**
 * Feed the Keys store: the `scan.progress` stream (subscribed once per bridge, for every
 * connection), and on first use of a connection its scan status and keyspace settings.
 * Lives with the view because the app's own sync (app/actions.ts) belongs to another feature.
 */
export function useKeysSync(api: CachescopeApi, id: string, connected: boolean): void {
  useEffect(() => {
    if (subscribed.has(api)) return;
    subscribed.add(api);
    api.on('scan.progress', (p) => useKeysStore.getState().setProgress(p));
  }, [api]);

  useEffect(() => {
    if (!connected) return;
    let live = true;
    void (async () => {
      const [status, settings] = await Promise.all([api.invoke('keys.scan.status', { id }), api.invoke('keyspace.settings.get', { id })]);
      if (!live) return;
      const store = useKeysStore.getState();
      if (status.ok && status.value) store.setProgress(status.value);
      if (settings.ok) store.setSettings(id, settings.value.settings, settings.value.presets);
      else store.setSettingsError(id, settings.error.message);
    })();
    return () => {
      live = false;
    };
  }, [api, id, connected]);
}
