import type { ConnectionState, ConnectionStatus, MetricSample } from '../../../shared/contract';
import type { ErrorCode } from '../../../shared/envelope';
import { MetricHistoryBuffer } from '../metrics/history';
import { HistoryFile } from '../metrics/history-file';
import { Poller } from '../metrics/poller';
import { ReadLedger } from '../metrics/read-ledger';
import { CoreError } from '../errors';
import { describeRedisError, type Described } from '../redis/describe-error';
import { translateError } from '../redis/translate-error';
import { APP_WORDS, tlsMismatch } from '../redis/tls-mismatch';
import { reconnectDelayMs } from '../redis/options';
import { sshCauseOf } from '../ssh/connector';
import { isSshError } from '../ssh/ssh-error';
import type { SshHostKeySeen } from '../../../shared/contract';
import { createTarget, type KeyClient, type RedisTarget } from '../redis/target';
import { describeAddress, type ResolvedProfile } from '../profile/profile';

export interface ConnectionEvents {
  onState: (state: ConnectionState) => void;
  onSample: (sample: MetricSample) => void;
}

/** How long a node has to answer PING when the poll client reconnects (see nodesAnswer). */
const NODES_ANSWER_MS = 2000;
/** Reconnects of a client whose nodes answer that the state does not show (a slot map read again). */
const QUIET_RECONNECTS = 3;

/** Why an attempt to connect failed, as opposed to what followed (the socket closing). */
const CONNECT_CAUSES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CONNECTION_REFUSED',
  'HOST_NOT_FOUND',
  'TIMEOUT',
  'TLS',
  'NO_SUCH_DB',
  'SSH_UNREACHABLE',
  'SSH_AUTH_FAILED',
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_CHANGED',
  'SSH_FORWARD_DENIED',
]);

/**
 * One open profile: its Redis target, the INFO poller, the history, and the connection
 * state derived from the poll client's events.
 */
export class Connection {
  readonly target: RedisTarget;
  readonly history: MetricHistoryBuffer;
  /** Every keyspace read Cachescope makes on this server is recorded here (invariant 8). */
  readonly ledger = new ReadLedger();
  private readonly poller: Poller;
  private readonly poll: KeyClient;
  private stateValue: ConnectionState;
  private lastError: Described | null = null;
  /** With an SSH_HOST_KEY_UNKNOWN error: the key the user may confirm. */
  private hostKey: SshHostKeySeen | undefined;
  private fatal = false;
  private readonly closeHooks = new Set<() => Promise<unknown>>();
  private closing = false;
  private probing = false;
  /** The minute history on disk (desktop and serve mode): loaded before the first poll. */
  private readonly historyFile: HistoryFile | null;
  private readonly historyLoaded: Promise<void>;
  /** The poll client's reconnect attempts since it was last ready. */
  private reconnects = 0;
  /** Why the latest poll failed: what `sampleNow` reports. */
  private lastPollError: unknown = null;
  /** The socket's latest error event: why a lost connection was lost. */
  private socketError: unknown = null;

  /**
   * `connected`: a one-shot run's client, already connected (connectOnce): every role shares it,
   * and no INFO poller runs. `historyDir`: where the minute history is kept across restarts.
   */
  constructor(
    readonly profile: ResolvedProfile,
    private readonly events: ConnectionEvents,
    private readonly connected?: KeyClient,
    historyDir?: string,
  ) {
    this.stateValue = { id: profile.id, status: 'idle', since: Date.now() };
    this.history = new MetricHistoryBuffer(profile.id);
    this.historyFile = historyDir ? new HistoryFile(historyDir, profile.id) : null;
    this.historyLoaded = this.historyFile ? this.historyFile.load().then((minutes) => this.history.restore(minutes)) : Promise.resolve();
    this.target = createTarget(profile, connected, (role) =>
      role === 'poll'
        ? {
            // Polls must fail fast while disconnected, never queue up behind a dead socket.
            enableOfflineQueue: false,
            retryStrategy: (attempt: number) => (this.fatal || this.closing ? null : reconnectDelayMs(attempt)),
          }
        : {},
    );
    this.poll = this.target.client('poll');
    this.poller = new Poller({
      connectionId: profile.id,
      client: this.poll,
      watch: (timeoutMs) => this.target.watch('poll', timeoutMs),
      intervalMs: profile.pollIntervalMs,
      ledger: this.ledger,
      onSample: (sample) => this.acceptSample(sample),
      onFailure: (error) => {
        this.lastPollError = error;
        this.pollFailed(error);
      },
    });
    this.watch(this.poll);
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get where(): string {
    return describeAddress(this.profile);
  }

  async open(): Promise<ConnectionState> {
    if (this.stateValue.status === 'ready' || this.stateValue.status === 'connecting') return this.stateValue;
    this.closing = false;
    this.fatal = false;
    if (this.connected) {
      this.setState(this.connected.status === 'ready' ? 'ready' : 'error');
      return this.stateValue;
    }
    this.setState('connecting');
    await this.historyLoaded;
    try {
      await this.poll.connect();
    } catch (error) {
      // ioredis keeps retrying by itself unless the error is fatal; the state says which.
      // A fatal cause (e.g. WRONGPASS) was already reported by the 'error' event: keep it.
      if (!this.fatal) this.noteError(error);
    }
    this.poller.start();
    if (this.poll.status === 'ready') await this.poller.pollOnce();
    return this.stateValue;
  }

  /**
   * One poll now (shared with one in flight), for a core without a running poller (one-shot):
   * the sample, or the reason there is none — the connection's own error when it is lost
   * (the socket's words beat the poll's "Connection is closed."), else the poll's (a timeout
   * is a stalled server).
   */
  async sampleNow(): Promise<MetricSample> {
    const sample = await this.poller.pollOnce();
    if (sample) return sample;
    if (this.poll.status !== 'ready') {
      const lost = describeRedisError(this.socketError ?? this.lastPollError, this.where);
      // A poll that timed out just before the socket closed: lost, not stalled.
      throw new CoreError(lost.code === 'SLOW' ? 'NOT_CONNECTED' : lost.code, lost.message);
    }
    throw translateError(this.lastPollError, this.where);
  }

  /** Run `hook` when this connection closes, before its clients do (a borrowed setting is put back); returns a remover. */
  beforeClose(hook: () => Promise<unknown>): () => void {
    this.closeHooks.add(hook);
    return () => this.closeHooks.delete(hook);
  }

  async close(): Promise<ConnectionState> {
    await Promise.allSettled([...this.closeHooks].map((h) => h()));
    this.closeHooks.clear();
    this.closing = true;
    this.poller.stop();
    // The minute under way too: a restart a few seconds later still shows it.
    if (this.historyFile) await this.historyFile.save(this.history.minutes(true)).catch(() => undefined);
    await this.target.close();
    this.setState('closed');
    return this.stateValue;
  }

  private watch(client: KeyClient): void {
    client.on('ready', () => {
      this.reconnects = 0;
      // Without ioredis's ready check, 'ready' can follow a refused AUTH: the fatal cause stands.
      if (this.fatal) return;
      this.lastError = null;
      this.setState('ready');
    });
    client.on('error', (error: unknown) => {
      this.socketError = error;
      this.noteError(error);
    });
    client.on('reconnecting', (delay: number) => {
      this.poller.markGap();
      const nextRetryAt = Date.now() + (Number(delay) || 0);
      // Unreachable only when the nodes are: a cluster client also reconnects to read its slot map
      // again while every node serves on (a refresh that failed under load). Asked of the nodes
      // themselves; one server's client is its node, and says no at once. A client that keeps
      // failing to get ready while its nodes answer is said after a few attempts, with its reason.
      const attempt = ++this.reconnects;
      void this.target.nodesAnswer('poll', NODES_ANSWER_MS).then((answer) => {
        if (this.closing || this.fatal || client.status === 'ready' || client.status === 'end') return;
        if (answer && attempt <= QUIET_RECONNECTS) return;
        this.lastError ??= { code: 'NOT_CONNECTED', message: `Lost the connection to ${this.where}; reconnecting.`, fatal: false };
        this.setState('reconnecting', { nextRetryAt });
      });
    });
    client.on('end', () => {
      if (this.closing) return;
      this.poller.markGap();
      this.setState('error');
    });
  }

  private noteError(given: unknown): void {
    if (this.fatal) return; // the first fatal cause is the one worth showing
    const error = sshCauseOf(this.profile, given);
    const described = describeRedisError(error, this.where);
    // ioredis rejects connect() with "Connection is closed." right after the attempt's cause
    // (refused, timed out, not found): keep the cause, it is the one a user can act on.
    if (described.code === 'NOT_CONNECTED' && this.lastError && CONNECT_CAUSES.has(this.lastError.code)) return;
    this.lastError = described;
    this.hostKey = isSshError(error) ? error.hostKey : undefined;
    if (!described.fatal && this.stateValue.status !== 'ready') this.checkProtocol(error);
    if (described.fatal) {
      this.fatal = true;
      this.setState('error');
    } else if (this.stateValue.status !== 'ready') {
      // Refresh the reason on the current status (connecting / reconnecting).
      this.setState(this.stateValue.status === 'idle' ? 'connecting' : this.stateValue.status);
    }
  }

  /**
   * A reset (plaintext to a TLS port) or a handshake that times out (TLS to a plaintext port)
   * looks like network trouble; ask the port once what it speaks. A mismatch is fatal: retrying
   * with the same setting cannot help, and the words say which setting to change.
   */
  private checkProtocol(error: unknown): void {
    if (this.probing) return;
    this.probing = true;
    void tlsMismatch(this.profile, error, this.where, APP_WORDS)
      .then((mismatch) => {
        if (!mismatch || this.closing || this.fatal || this.stateValue.status === 'ready') return;
        this.lastError = { code: mismatch.code, message: mismatch.message, fatal: true };
        this.fatal = true;
        this.poll.disconnect();
        this.setState('error');
      })
      .catch(() => undefined) // a failed probe leaves the network words in place
      .finally(() => (this.probing = false));
  }

  private pollFailed(error: unknown): void {
    if (this.fatal || this.poll.status !== 'ready') return; // the state already tells (reconnecting…, wrong password)
    // A cluster client stays 'ready' while its nodes' connections fail: SSH down is then said here.
    const described = describeRedisError(sshCauseOf(this.profile, error), this.where);
    this.lastError = described;
    this.setState('ready'); // still connected, but carry the poll failure as the reason
  }

  private acceptSample(sample: MetricSample): void {
    // Once a minute: a failed write is retried by the next minute's.
    if (this.history.push(sample) && this.historyFile) void this.historyFile.save(this.history.minutes()).catch(() => undefined);
    const server = { version: sample.version, role: sample.role, mode: this.target.kind };
    const s = this.stateValue.server;
    if (!s || s.version !== server.version || s.role !== server.role || this.stateValue.reason) {
      this.lastError = null;
      this.setState('ready', {}, server);
    }
    this.events.onSample(sample);
  }

  private setState(status: ConnectionStatus, extra: Partial<ConnectionState> = {}, server = this.stateValue.server): void {
    const next: ConnectionState = {
      id: this.profile.id,
      status,
      since: status === this.stateValue.status ? this.stateValue.since : Date.now(),
      ...(this.lastError ? { reason: this.lastError.message, code: this.lastError.code } : {}),
      ...(this.lastError?.code === 'SSH_HOST_KEY_UNKNOWN' && this.hostKey ? { hostKey: this.hostKey } : {}),
      ...(server ? { server } : {}),
      ...(status === this.stateValue.status && this.stateValue.nextRetryAt ? { nextRetryAt: this.stateValue.nextRetryAt } : {}),
      ...extra,
    };
    this.stateValue = next;
    this.events.onState(next);
  }
}
