import type { CachescopeApi } from '../../../../../shared/contract/api';
import type { JobProgress } from '../../../../../shared/contract/actions';
import type { Envelope } from '../../../../../shared/envelope';

/**
 * Start a cache-control job and wait for its final progress. The listener is attached before
 * the job starts and finished jobs are remembered, so a job that ends before its id arrives is
 * not missed; `actions.job` covers a reconnect that dropped the stream item.
 */
export async function runJob(api: CachescopeApi, start: () => Promise<Envelope<{ jobId: string }>>): Promise<JobProgress | string> {
  const finished = new Map<string, JobProgress>();
  let wanted: string | null = null;
  let settle: (p: JobProgress) => void = () => undefined;
  const done = new Promise<JobProgress>((resolve) => (settle = resolve));
  const off = api.on('job.progress', (p) => {
    if (p.state === 'running') return;
    finished.set(p.jobId, p);
    if (p.jobId === wanted) settle(p);
  });
  try {
    const started = await start();
    if (!started.ok) return started.error.message;
    wanted = started.value.jobId;
    const early = finished.get(wanted);
    if (early) return early;
    const now = await api.invoke('actions.job', { jobId: wanted });
    if (now.ok && now.value && now.value.state !== 'running') return now.value;
    return await done;
  } finally {
    off();
  }
}
