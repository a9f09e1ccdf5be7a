import { useEffect } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { CommandArgs } from '../../../../shared/contract';
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

/**
 * Save keyspace settings (delimiter, fold, grouping, TTL rules) of a connection: the store takes
 * the core's reply, so the Keys and Analysis tabs show what was saved. Returns the error, or null.
 */
export async function saveKeyspaceSettings(api: CachescopeApi, id: string, patch: Omit<CommandArgs<'keyspace.settings.set'>, 'id'>): Promise<string | null> {
  const r = await api.invoke('keyspace.settings.set', { id, ...patch });
  if (!r.ok) return r.error.message;
  useKeysStore.getState().setSettings(id, r.value);
  return null;
}
