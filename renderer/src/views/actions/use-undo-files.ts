import { useCallback, useEffect, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { UndoFileInfo } from '../../../../shared/contract/actions';

/**
 * Every undo file kept for a connection, newest first (null while loading). Reloaded when the
 * audit log says one of its actions ended: a delete writes a file, retention may drop one.
 */
export function useUndoFiles(api: CachescopeApi, connectionId: string): { files: UndoFileInfo[] | null; error: string | null } {
  const [files, setFiles] = useState<UndoFileInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.invoke('actions.undoFiles', { id: connectionId });
    if (r.ok) {
      setFiles([...r.value].sort((a, b) => b.createdAt - a.createdAt));
      setError(null);
    } else setError(r.error.message);
  }, [api, connectionId]);

  useEffect(() => {
    void load();
    return api.on('audit.appended', (e) => {
      if (e.connectionId === connectionId) void load();
    });
  }, [api, connectionId, load]);

  return { files, error };
}
