import type Redis from 'ioredis';
import type { KeyClient } from '../redis/target';
import type { MetricSample } from '../../../shared/contract';
import { CommandTimeoutError } from '../redis/command-timeout';
import { derive, type Baseline } from './derive';
import { parseInfo } from './info-parser';
import { mergeInfo } from './merge-info';
import type { ReadLedger } from './read-ledger';

export interface PollerOptions {
  connectionId: string;
  /** The connection's poll client: a poll runs only while it is ready. */
  client: KeyClient;
  /** The primaries to poll (one for a standalone server); the sample is their sum. */
  nodes: () => Promise<Redis[]>;
  intervalMs: number;
  /** A poll that takes longer fails (and the next one is not started early). Default: max(2 s, interval). */
  timeoutMs?: number;
  onSample: (sample: MetricSample) => void;
  onFailure?: (error: unknown) => void;
  /** Cachescope's own keyspace reads on this server, subtracted from the hit rate. */
  ledger?: ReadLedger;
  now?: () => number;
}

/** A poll without an answer: the server is slow or paused (a gap), not lost. */
export class PollTimeoutError extends CommandTimeoutError {
  constructor(ms: number, detail = '') {
    super(ms, `INFO poll timed out after ${ms} ms${detail ? `: ${detail}` : ''}`);
    this.name = 'PollTimeoutError';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PollTimeoutError(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Polls PING (latency) + INFO on one connection. A poll never overlaps the previous one:
 * the next is scheduled when the current settles, `interval - elapsed` later.
 */
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<MetricSample | null> | null = null;
  /** The PING+INFO still on the wire; survives a timeout so the next poll does not pile on. */
  private outstanding: Promise<unknown> | null = null;
  private baseline: Baseline | null = null;
  private lastFailed = false;
  private intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PollerOptions) {
    this.intervalMs = options.intervalMs;
    this.now = options.now ?? Date.now;
  }

  get interval(): number {
    return this.intervalMs;
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Mark that the server was unreachable: the next sample carries `gap` and no rates. */
  markGap(): void {
    this.lastFailed = true;
  }

  /** One poll; concurrent callers share the in-flight poll instead of starting another. */
  pollOnce(): Promise<MetricSample | null> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(async () => {
      const started = this.now();
      await this.pollOnce();
      this.schedule(Math.max(0, this.intervalMs - (this.now() - started)));
    }, delay);
  }

  private async poll(): Promise<MetricSample | null> {
    const { client } = this.options;
    const timeoutMs = this.options.timeoutMs ?? Math.max(2000, this.intervalMs);
    try {
      if (client.status !== 'ready') throw new Error('Connection is closed.');
      if (this.outstanding) throw new PollTimeoutError(timeoutMs, 'the previous poll has still not answered');
      const nodes = await this.options.nodes();
      // Each node's round trip; the cache's latency is its slowest node's.
      const askNode = async (node: Redis) => {
        const t0 = performance.now();
        await node.ping();
        const latencyMs = performance.now() - t0;
        return { latencyMs, text: await node.info('all') };
      };
      const ask = async () => {
        const answers = await Promise.all(nodes.map(askNode));
        return { latencyMs: Math.max(...answers.map((a) => a.latencyMs)), infos: answers.map((a) => parseInfo(a.text)) };
      };
      // With a ledger, INFO runs between batches of own reads (see ReadLedger.batch).
      const request = this.options.ledger ? this.options.ledger.quiet(ask) : ask();
      this.outstanding = request;
      void request.then(
        () => (this.outstanding = null),
        () => (this.outstanding = null),
      );
      const { latencyMs, infos } = await withTimeout(request, timeoutMs);
      const own = this.options.ledger?.totals();
      const at = this.now();
      const { sample, baseline } = derive({
        connectionId: this.options.connectionId,
        info: mergeInfo(infos),
        at,
        latencyMs,
        previous: this.baseline,
        afterGap: this.lastFailed && this.baseline !== null,
        minIntervalMs: this.intervalMs / 2,
        ...(own ? { own } : {}),
      });
      this.baseline = baseline;
      this.lastFailed = false;
      this.options.onSample(sample);
      return sample;
    } catch (error) {
      this.lastFailed = true;
      this.options.onFailure?.(error);
      return null;
    }
  }
}
