import { randomUUID } from 'node:crypto';
import type { AnalysisReport, Coverage, ScanPath, ScanProgress } from '../../../shared/contract/keyspace';
import { KeyspaceSettingsStore } from '../keyspace-settings/settings-store';
import type { Connection } from '../connections/connection';
import type { CoreContext } from '../context';
import { CoreError } from '../errors';
import { toWire } from '../keys/wire-bytes';
import { ENV_PROFILE_ID } from '../profile/profile';
import { indexPage } from './index-page';
import { KeyIndex } from './key-index';
import { dropSlots } from './drop-slots';
import { runScan, type ScanNode, type ScanOutcome, type ScanStats } from './scanner';
import { scanNodes } from './scan-nodes';
import { scanNotes, scanProgress, type ScanProgressBase } from './scan-progress';
import { IndexViews } from './views';

export interface StartOptions {
  match: Buffer | null;
  type: string | null;
  withMemory: boolean;
  throttle: number | null;
  path: 'auto' | ScanPath;
  /** Read each primary's replica instead (see scanNodes). */
  fromReplicas?: boolean;
}

/** What a connection's keyspace looks like in main: the index of the latest scan, and that scan. */
export class KeyspaceSession {
  index = new KeyIndex();
  views = new IndexViews(this.index);
  progress: ScanProgress | null = null;
  /** The scan whose figures `progress` and the index hold. */
  scanId: string | null = null;
  options: StartOptions | null = null;
  /** The latest analysis report (what `analysis.export` writes). */
  report: AnalysisReport | null = null;
  updatedAt: number | null = null;
  controller: AbortController | null = null;
  done: Promise<ScanOutcome> | null = null;

  constructor(
    readonly connectionId: string,
    readonly db: number,
  ) {}

  get running(): boolean {
    return this.controller !== null;
  }

  /** A fresh index (a new scan, or a restart after a lost connection). */
  reset(): void {
    this.index = new KeyIndex(1 << 14);
    this.views = new IndexViews(this.index);
    this.updatedAt = null;
  }

  coverage(): Coverage {
    const p = this.progress;
    return {
      scanId: p?.scanId ?? null,
      state: p?.state ?? 'none',
      scanned: p?.scanned ?? 0,
      indexed: this.index.live,
      dbsize: p?.total ?? 0,
      complete: p?.state === 'done',
      fraction: p?.fraction ?? null,
      match: p?.match ?? null,
      updatedAt: this.updatedAt,
    };
  }
}

/**
 * Scans per connection: starts one (cancelling the previous), feeds the index, publishes
 * `scan.progress`, and stops when the connection closes.
 */
export class KeyspaceService {
  private readonly sessions = new Map<string, KeyspaceSession>();
  readonly settings: KeyspaceSettingsStore;

  constructor(private readonly ctx: CoreContext) {
    // The environment's app prefix (REDIS_KEY_PREFIX=skillup:) folds the default connection's tree until the user picks another.
    const envFold = ctx.envDefault.keyPrefix ? toWire(Buffer.from(ctx.envDefault.keyPrefix, 'utf8')) : null;
    this.settings = new KeyspaceSettingsStore(ctx.options.dataDir, (id) => (envFold && id === ENV_PROFILE_ID ? { fold: envFold } : {}));
    // A closed connection's scan stops, and its index (stale from now on) is released.
    ctx.bus.on('connection.state', (s) => {
      if (s.status !== 'closed') return;
      this.sessions.get(s.id)?.controller?.abort();
      this.sessions.delete(s.id);
    });
  }

  /** The session of an open connection's db (created empty on first use). */
  session(id: string): KeyspaceSession {
    const conn = this.ctx.open.get(id);
    let s = this.sessions.get(id);
    if (conn && (!s || s.db !== conn.profile.db)) {
      s?.controller?.abort();
      s = new KeyspaceSession(id, conn.profile.db);
      this.sessions.set(id, s);
    }
    if (!s) throw new CoreError('NOT_CONNECTED', `Connection ${id} is not open`);
    return s;
  }

  start(id: string, options: StartOptions): { scanId: string; done: Promise<ScanOutcome> } {
    const conn = this.ctx.connection(id);
    const s = this.session(id);
    s.controller?.abort();
    const controller = new AbortController();
    const scanId = randomUUID();
    s.controller = controller;
    s.scanId = scanId;
    s.options = options;
    s.reset();
    const base: ScanProgressBase = {
      connectionId: id,
      scanId,
      db: s.db,
      startedAt: Date.now(),
      match: options.match ? toWire(options.match) : null,
      type: options.type,
      withMemory: options.withMemory,
      throttle: options.throttle,
      ...(options.fromReplicas ? { fromReplicas: true } : {}),
    };
    const publish = (stats: ScanStats, state: ScanProgress['state'], message?: string) => {
      const current = s.scanId === scanId;
      if (!current && state === 'running') return; // superseded by a newer scan
      const progress = scanProgress(base, state, stats, s.index.live, message ?? scanNotes(stats));
      if (current) s.progress = progress;
      this.ctx.bus.emit('scan.progress', progress);
    };
    const empty: ScanStats = { path: null, scanned: 0, total: 0, fraction: 0, keysPerSec: 0, etaSec: null, elapsedMs: 0, restarts: 0, serverReads: { hits: 0, misses: 0 }, denied: 0, unserved: 0, memoryDenied: false, nodes: 0, notes: [] };
    publish(empty, 'running');
    const done = runScan(
      () => this.nodesOf(id, conn, options.fromReplicas === true),
      {
        match: options.match,
        withMemory: options.withMemory,
        throttle: options.throttle,
        path: options.path,
        signal: controller.signal,
        ledger: conn.ledger,
      },
      {
        page: (meta) => {
          if (s.scanId !== scanId) return;
          indexPage(s.index, meta, options.type);
          s.updatedAt = Date.now();
        },
        restart: (reason, stats, part) => {
          if (s.scanId !== scanId) return;
          if (part) {
            // One cluster node's part is read again: the other nodes' keys stay.
            dropSlots(s.index, part.slots);
            s.updatedAt = Date.now();
            publish(stats, 'restarted', reason);
            return;
          }
          s.reset();
          publish({ ...empty, restarts: stats.restarts, serverReads: stats.serverReads }, 'restarted', reason);
        },
        progress: (stats) => publish(stats, 'running'),
      },
    ).then((outcome) => {
      if (s.controller === controller) {
        s.controller = null;
        if (outcome.state === 'done') s.index.compact();
      }
      const message = outcome.message ?? (outcome.state === 'cancelled' ? `Cancelled after ${outcome.stats.scanned} keys.` : undefined);
      publish(outcome.stats, outcome.state, message);
      return outcome;
    });
    s.done = done;
    return { scanId, done };
  }

  cancel(id: string): boolean {
    const s = this.sessions.get(id);
    if (!s?.controller) return false;
    s.controller.abort();
    return true;
  }

  status(id: string): ScanProgress | null {
    return this.sessions.get(id)?.progress ?? null;
  }

  /** The data nodes of a connection that is still the open one (a closed connection must not reconnect). */
  private async nodesOf(id: string, conn: Connection, fromReplicas: boolean): Promise<ScanNode[]> {
    if (this.ctx.open.get(id) !== conn || conn.state.status === 'closed') throw new CoreError('NOT_CONNECTED', `Connection ${id} was closed.`);
    return scanNodes(conn.target, fromReplicas);
  }
}

const services = new WeakMap<CoreContext, KeyspaceService>();

/** One service per core, shared by the browse and analysis handlers. */
export function keyspaceService(ctx: CoreContext): KeyspaceService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new KeyspaceService(ctx)));
  return s;
}
