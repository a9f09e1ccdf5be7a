import { useCallback, useEffect, useState } from 'react';
import type { ActionSettings } from '../../../../shared/contract/actions';
import type { CachescopeApi } from '../../../../shared/contract/api';

/** The core's undo settings: read once, and saved together (the reply is what the core now uses). */
export function useUndoSettings(api: CachescopeApi) {
  const [settings, setSettings] = useState<ActionSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('actions.settings.get', {}).then((r) => {
      if (!live) return;
      if (r.ok) setSettings(r.value);
      else setLoadError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const save = useCallback(
    async (next: Partial<ActionSettings>) => {
      const r = await api.invoke('actions.settings.set', next);
      if (r.ok) setSettings(r.value);
      return r;
    },
    [api],
  );

  return { settings, loadError, save };
}
