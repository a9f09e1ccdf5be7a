import type Redis from 'ioredis';
import type { MissGap } from '../../../shared/contract';
import { reconnectDelayMs } from '../redis/options';

/**
 * One primary's key-event subscription on its own connection (`cachescope:events`). Pub/sub is
 * fire-and-forget: while the connection is down (killed, dropped, or disconnected by the
 * server's output-buffer limit for a slow subscriber) events are lost, so that time is a gap —
 * opened on close, closed once subscribed again — never zero counts.
 */
export class NodeSubscriber {
  private readonly client: Redis;
  readonly gaps: MissGap[] = [];
  private subscribed = false;
  private stopped = false;
  private reason = 'the subscription connection closed';
  readonly ready: Promise<void>;

  constructor(
    readonly address: string,
    primary: Redis,
    db: number,
    onEvent: (event: string, key: Buffer) => void,
  ) {
    const pattern = `__keyevent@${db}__:*`;
    const prefixLength = Buffer.byteLength(`__keyevent@${db}__:`);
    this.client = primary.duplicate({
      connectionName: 'cachescope:events',
      lazyConnect: true,
      // Even a one-shot run's subscription comes back after a drop, so a gap has an end.
      retryStrategy: reconnectDelayMs,
      enableOfflineQueue: true,
      autoResubscribe: false,
      commandTimeout: undefined,
    });
    this.client.on('error', (e: unknown) => {
      this.reason = `the subscription connection failed: ${e instanceof Error ? e.message : String(e)}`;
    });
    this.client.on('pmessageBuffer', (_pattern: unknown, channel: Buffer, message: Buffer) => {
      onEvent(channel.toString('latin1', prefixLength), message);
    });
    this.client.on('close', () => {
      if (this.stopped || !this.subscribed) return;
      this.subscribed = false;
      this.gaps.push({ node: address, from: Date.now(), to: null, reason: this.reason });
    });
    let first: (() => void) | null = null;
    let failed: ((e: unknown) => void) | null = null;
    this.ready = new Promise<void>((resolve, reject) => {
      first = resolve;
      failed = reject;
    });
    // Without ioredis's ready check, 'ready' follows every (re)connect: subscribe each time.
    this.client.on('ready', () => {
      this.client.psubscribe(pattern).then(
        () => {
          if (this.stopped) return;
          this.subscribed = true;
          this.reason = 'the subscription connection closed';
          const open = this.gaps[this.gaps.length - 1];
          if (open && open.to === null) open.to = Date.now();
          first?.();
        },
        (e: unknown) => failed?.(e),
      );
    });
    this.client.connect().catch((e: unknown) => failed?.(e));
  }

  get live(): boolean {
    return this.subscribed;
  }

  /** Resolves once every message published to this connection before the call has been handled (bounded). */
  async drain(): Promise<void> {
    if (!this.subscribed) return;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)));
    await Promise.race([this.client.ping().catch(() => undefined), bound]);
    clearTimeout(timer);
  }

  /**
   * Drain, then disconnect: a PING's reply comes after every message the server published to
   * this connection before it, so each event published before stop() is counted (bounded wait).
   */
  async stop(): Promise<void> {
    await this.drain();
    this.stopped = true;
    const open = this.gaps[this.gaps.length - 1];
    if (open && open.to === null) open.to = Date.now();
    this.client.disconnect();
  }
}
