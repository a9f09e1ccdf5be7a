import type { JobProgress, JobState } from '../../../../shared/contract/actions';

/** Pure words and numbers for a job's progress, shared by every panel (and unit-tested). */

export const STATE_WORDS: Record<JobState, string> = {
  running: 'Running',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
  stopped: 'Stopped',
};

/** Items finished so far: what the job exists to do (delete, write) plus what it had to skip. */
export function jobDone(p: JobProgress): number {
  if (p.kind === 'invalidate') return p.deleted;
  if (p.kind === 'warm-urls') return p.scanned;
  return p.written + p.skipped + p.failed;
}

/**
 * 0–1 for a progress bar, or null when nothing tells the size (then the bar is indeterminate).
 * An invalidation's SCAN has no total; the preview's count is the expected size, and the bar
 * never claims 100 % before the job says it is over (keys can appear during the run).
 */
export function jobFraction(p: JobProgress | undefined, expected?: number | null): number | null {
  if (!p) return null;
  if (p.state !== 'running') return 1;
  const total = p.total ?? expected ?? null;
  if (!total || total <= 0) return null;
  return Math.min(0.99, jobDone(p) / total);
}

export function isFinal(p: JobProgress | undefined): p is JobProgress {
  return !!p && p.state !== 'running';
}
