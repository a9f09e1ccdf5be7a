import type { KeyClient } from '../redis/target';
import type { AppStatsConfig, AppStatsSample } from '../../../shared/contract';
import { describeRedisError } from '../redis/describe-error';
import type { ReadLedger } from '../metrics/read-ledger';
import { deriveAppStats, type AppStatsRead } from './derive';
import { readAppStats } from './read';

export interface AppStatsPollerOptions {
  connectionId: string;
  config: AppStatsConfig;
  /**
   * Taken once, while the connection is ready: when the connection closes it quits this
   * client, and a late poll then fails instead of asking the target for a fresh one.
   */
  client: KeyClient;
  intervalMs: number;
  ledger: ReadLedger;
  /** Whether the connection is open and ready; polls are skipped (not queued) otherwise. */
  live: () => boolean;
  onSample: (sample: AppStatsSample) => void;
  where: string;
  now?: () => number;
}

/**
 * Polls one connection's app counters at its poll interval. Like the INFO poller, a poll
 * never overlaps the previous one (the next is scheduled when it settles), a poll that does
 * not answer in time is abandoned and the next skipped while it is still on the wire, and
 * after any skipped or failed poll the next sample has no rates (no spike across a hole).
 */
export class AppStatsPoller {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<void> | null = null;
  private outstanding = false;
  private previous: AppStatsRead | null = null;
  private readonly now: () => number;

  constructor(private readonly options: AppStatsPollerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stop and wait for a poll in progress, so nothing is read (or recorded) after this resolves. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      const started = this.now();
      this.inFlight = this.poll().finally(() => {
        this.inFlight = null;
        this.schedule(Math.max(0, this.options.intervalMs - (this.now() - started)));
      });
    }, delay);
  }

  private async poll(): Promise<void> {
    const o = this.options;
    if (!o.live() || this.outstanding) {
      this.previous = null;
      return;
    }
    const timeoutMs = Math.max(2000, o.intervalMs);
    let timer: NodeJS.Timeout | undefined;
    this.outstanding = true;
    const request = readAppStats(o.client, o.config, o.ledger).finally(() => (this.outstanding = false));
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`App stats read timed out after ${timeoutMs} ms`)), timeoutMs);
      });
      const { values, error } = await Promise.race([request, timeout]);
      if (!this.running) return;
      const read: AppStatsRead = { ts: this.now(), values, ...(error ? { error } : {}) };
      o.onSample(deriveAppStats(o.connectionId, o.config, read, this.previous));
      this.previous = read;
    } catch (e) {
      request.catch(() => undefined); // still on the wire after a timeout; its failure is already reported
      this.previous = null;
      if (!this.running) return;
      const values = Object.fromEntries(o.config.fields.map((f) => [f, null]));
      const error = describeRedisError(e, o.where).message;
      o.onSample({ connectionId: o.connectionId, ts: this.now(), values, rates: { ...values }, hitRate: null, hitRateTotal: null, error });
    } finally {
      clearTimeout(timer);
    }
  }
}
