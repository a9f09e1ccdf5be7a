/** Sleep that ends early (without throwing) when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

/**
 * Keeps work under `perSecond` items: after each batch, waits until the items done so far
 * would not exceed the rate since the start. No limit when `perSecond` is undefined.
 */
export class Throttle {
  private readonly started = performance.now();

  constructor(private readonly perSecond: number | undefined) {}

  async after(itemsSoFar: number, signal?: AbortSignal): Promise<void> {
    if (!this.perSecond) return;
    const due = (itemsSoFar / this.perSecond) * 1000;
    await pause(due - (performance.now() - this.started), signal);
  }

  /** A SCAN COUNT that does not overshoot the rate in one call. */
  batchSize(max: number): number {
    return this.perSecond ? Math.max(1, Math.min(max, this.perSecond)) : max;
  }
}

/** Items per second since `startedMs` (performance.now() clock). */
export function ratePerSec(items: number, startedMs: number, nowMs = performance.now()): number {
  const s = (nowMs - startedMs) / 1000;
  return s > 0 ? Math.round(items / s) : 0;
}
