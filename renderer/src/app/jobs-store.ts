import { useEffect } from 'react';
import { create } from 'zustand';
import type { CachescopeApi } from '../../../shared/contract/api';
import type { JobProgress } from '../../../shared/contract/actions';
import { useBridgeStore } from '../stores/bridge-store';

/**
 * The one jobs store: the latest `job.progress` of every cache-control job this window has
 * seen, by job id. Every panel (invalidate, delete key, undo, warm) learns that a job ended
 * the same way — from here. Jobs can end before their id comes back from `actions.execute`
 * (a small delete takes milliseconds), so progress is collected from one long-lived
 * subscription, not from a listener attached after the id is known; `actions.job` fills the
 * gaps: a job id first seen by a view, and every running job after the bridge reopens (the
 * stream items sent while it was down are lost).
 */

const KEEP = 200;

interface JobsState {
  jobs: Record<string, JobProgress>;
  put(p: JobProgress): void;
}

/** Whether `next` may replace `prev`: a final state is never overwritten by an older running one. */
export function isNewer(prev: JobProgress | undefined, next: JobProgress): boolean {
  if (!prev) return true;
  if (prev.state !== 'running' && next.state === 'running') return false;
  if (prev.state !== 'running' && next.state !== 'running') return next.elapsedMs >= prev.elapsedMs;
  return next.state !== 'running' || next.elapsedMs >= prev.elapsedMs;
}

export const useJobsStore = create<JobsState>((set) => ({
  jobs: {},
  put: (p) =>
    set((s) => {
      if (!isNewer(s.jobs[p.jobId], p)) return s;
      const jobs = { ...s.jobs, [p.jobId]: p };
      const ids = Object.keys(jobs);
      // Bounded: drop the oldest finished jobs; running ones are always kept.
      if (ids.length > KEEP) {
        const finished = ids.filter((id) => jobs[id]!.state !== 'running').sort((a, b) => jobs[a]!.startedAt - jobs[b]!.startedAt);
        for (const id of finished.slice(0, ids.length - KEEP)) delete jobs[id];
      }
      return { jobs };
    }),
}));

/** Ask the core for one job's progress now (null: the core no longer knows it). */
async function lookUp(api: CachescopeApi, jobId: string): Promise<void> {
  const r = await api.invoke('actions.job', { jobId });
  if (r.ok && r.value) useJobsStore.getState().put(r.value);
}

const fed = new WeakSet<CachescopeApi>();

/**
 * Subscribe once per api for the life of the window (a few small events per running job), and
 * catch up on every job still running here when the bridge reopens.
 */
export function ensureJobFeed(api: CachescopeApi): void {
  if (fed.has(api)) return;
  fed.add(api);
  api.on('job.progress', (p) => useJobsStore.getState().put(p));
  useBridgeStore.subscribe((now, before) => {
    if (now.status.kind !== 'open' || before.status.kind === 'open') return;
    for (const p of Object.values(useJobsStore.getState().jobs)) if (p.state === 'running') void lookUp(api, p.jobId);
  });
}

/** Ask the core to stop a job; its end arrives like any other, on the stream. */
export async function cancelJob(api: CachescopeApi, jobId: string): Promise<void> {
  await api.invoke('actions.cancel', { jobId });
}

/** The progress of one job (undefined until the first event or lookup arrives). */
export function useJob(api: CachescopeApi, jobId: string | null): JobProgress | undefined {
  ensureJobFeed(api);
  const progress = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));
  useEffect(() => {
    if (!jobId) return;
    // put() keeps the newest of the lookup and the stream, so a late reply cannot go back in time.
    void lookUp(api, jobId);
  }, [api, jobId]);
  return progress;
}

/** The running preview scan of a connection, for the "counting…" progress while actions.preview is pending. */
export function useRunningPreview(connectionId: string, active: boolean): JobProgress | undefined {
  return useJobsStore((s) => {
    if (!active) return undefined;
    let found: JobProgress | undefined;
    for (const p of Object.values(s.jobs)) {
      if (p.kind === 'preview' && p.connectionId === connectionId && p.state === 'running' && (!found || p.startedAt > found.startedAt)) found = p;
    }
    return found;
  });
}
