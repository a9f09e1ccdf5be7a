/** Resolve after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A commands-per-second budget for production servers: each batch reserves its cost and
 * waits until the budget has room, so the average rate never exceeds `perSec` (bursts are
 * one batch). No limit when `perSec` is null.
 */
export class Throttle {
  private next = 0;

  constructor(
    readonly perSec: number | null,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async take(cost: number, signal?: AbortSignal): Promise<void> {
    if (this.perSec === null || cost <= 0) return;
    const t = this.now();
    const start = Math.max(t, this.next);
    this.next = start + (cost * 1000) / this.perSec;
    await sleep(start - t, signal);
  }
}
