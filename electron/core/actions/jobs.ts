import { randomUUID } from 'node:crypto';
import type { JobKind, JobProgress, JobState } from '../../../shared/contract';
import { CoreError } from '../errors';
import type { StreamBus } from '../events';

/** Progress events per job per second, at most (plus the final one). */
const EMIT_INTERVAL_MS = 100;
const KEEP_FINISHED = 100;

export interface JobHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  readonly progress: JobProgress;
  /** Merge counters and publish (throttled unless `force`). */
  update(patch: Partial<JobProgress>, force?: boolean): void;
}

interface Running {
  controller: AbortController;
  handle: JobHandle;
}

/**
 * Long actions (preview scans, invalidations, undo, warm-ups) run as jobs: each has an id,
 * streams `job.progress`, can be cancelled, and its last progress (the result, once done)
 * stays readable for a while after it ends.
 */
export class JobRegistry {
  private readonly running = new Map<string, Running>();
  private readonly finished = new Map<string, JobProgress>();

  constructor(private readonly bus: StreamBus) {}

  /**
   * Start `work`; it resolves to the final state (and message). A thrown error ends the job
   * `failed` with its message (a CoreError CANCELLED ends it `cancelled`). `done` settles with
   * the work's own value or error, for callers that wait (a preview).
   */
  start<T>(kind: JobKind, connectionId: string, work: (job: JobHandle) => Promise<{ state: JobState; message?: string; value: T }>): { jobId: string; done: Promise<T> } {
    const id = randomUUID();
    const controller = new AbortController();
    const startedAt = Date.now();
    const t0 = performance.now();
    let lastEmit = 0;
    const progress: JobProgress = {
      jobId: id,
      connectionId,
      kind,
      state: 'running',
      startedAt,
      elapsedMs: 0,
      scanned: 0,
      deleted: 0,
      written: 0,
      skipped: 0,
      failed: 0,
      keysPerSec: 0,
      serverReads: { hits: 0, misses: 0 },
    };
    const handle: JobHandle = {
      id,
      signal: controller.signal,
      progress,
      update: (patch, force = false) => {
        Object.assign(progress, patch);
        progress.elapsedMs = Math.round(performance.now() - t0);
        const done = progress.deleted + progress.written + progress.skipped;
        const seconds = progress.elapsedMs / 1000;
        progress.keysPerSec = seconds > 0 ? Math.round((done || progress.scanned) / seconds) : 0;
        const now = performance.now();
        if (force || now - lastEmit >= EMIT_INTERVAL_MS) {
          lastEmit = now;
          this.bus.emit('job.progress', { ...progress });
        }
      },
    };
    this.running.set(id, { controller, handle });
    handle.update({}, true);
    const done = (async () => {
      try {
        const r = await work(handle);
        handle.update({ state: r.state, ...(r.message ? { message: r.message } : {}) }, true);
        return r.value;
      } catch (e) {
        const cancelled = e instanceof CoreError && e.code === 'CANCELLED';
        const code = cancelled ? {} : { code: e instanceof CoreError ? e.code : ('INTERNAL' as const) };
        handle.update({ state: cancelled ? 'cancelled' : 'failed', message: (e as Error)?.message ?? String(e), ...code }, true);
        throw e;
      } finally {
        this.running.delete(id);
        this.finished.set(id, { ...progress });
        if (this.finished.size > KEEP_FINISHED) this.finished.delete(this.finished.keys().next().value!);
      }
    })();
    // A background job's failure is reported through its progress, not as an unhandled rejection.
    done.catch(() => undefined);
    return { jobId: id, done };
  }

  cancel(jobId: string): boolean {
    const r = this.running.get(jobId);
    if (!r) return false;
    r.controller.abort();
    return true;
  }

  get(jobId: string): JobProgress | null {
    const r = this.running.get(jobId);
    return r ? { ...r.handle.progress } : (this.finished.get(jobId) ?? null);
  }

  /** Undo files that running jobs write (invalidate) or read (undo): pruning leaves them alone. */
  undoFilesInUse(): Set<string> {
    const files = [...this.running.values()].map((r) => r.handle.progress.undoFile);
    return new Set(files.filter((f): f is string => f !== undefined));
  }

  /** Abort every running job (core shutdown). */
  cancelAll(): void {
    for (const r of this.running.values()) r.controller.abort();
  }
}
