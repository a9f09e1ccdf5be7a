import { useCallback, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import { cancelJob, useJob } from '../../app/jobs-store';

/**
 * The undo offer after a delete (and the Undo files list): restore an undo file as a job,
 * followed in the one jobs store. `replace` overwrites keys recreated since the delete.
 */
export function useUndoRun(api: CachescopeApi, connectionId: string) {
  const [run, setRun] = useState<{ jobId: string | null; error: string | null; starting: boolean }>({ jobId: null, error: null, starting: false });
  const job = useJob(api, run.jobId);
  const start = useCallback(
    async (undoFile: string, replace: boolean, intoOtherTarget = false) => {
      setRun({ jobId: null, error: null, starting: true });
      const r = await api.invoke('actions.undo', { id: connectionId, undoFile, replace, intoOtherTarget });
      setRun(r.ok ? { jobId: r.value.jobId, error: null, starting: false } : { jobId: null, error: r.error.message, starting: false });
    },
    [api, connectionId],
  );
  const cancel = useCallback(async () => {
    if (run.jobId) await cancelJob(api, run.jobId);
  }, [api, run.jobId]);
  const clear = useCallback(() => setRun({ jobId: null, error: null, starting: false }), []);
  return { ...run, job, start, cancel, clear };
}
