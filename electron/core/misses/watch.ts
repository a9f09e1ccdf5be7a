import type Redis from 'ioredis';
import type { EventsSettingNode, MissesReport } from '../../../shared/contract';
import { CoreError } from '../errors';
import type { NamespaceShape } from '../analysis/namespaces';
import type { RedisTarget, TargetNode } from '../redis/target';
import { adviceFor } from './advice';
import type { BorrowedSettings } from '../borrowed/borrowed-settings';
import { MissCounter } from './counter';
import { restoredValue, sameFlags } from './flags';
import { askWords, planNode, readSetting, writeSetting } from './setting';
import { NodeSubscriber } from './subscriber';

/** Removals remembered for the causes: at BYTES_PER_ENTRY (25) bytes each, 25 MB at most. */
export const RECORD_CAPACITY = 1_000_000;
const ROWS = 200;

export interface WatchOptions {
  connectionId: string;
  db: number;
  target: RedisTarget;
  borrowed: BorrowedSettings;
  shape: NamespaceShape;
  consent: boolean;
  recordCapacity?: number;
}

/** What watching changed on one node, to put back. */
interface Borrow {
  node: TargetNode;
  previous: string;
  set: string;
}

/**
 * Watching one connection's misses: borrows `notify-keyspace-events` on every primary (merged,
 * with consent, recorded in the data folder first), subscribes to key events on each, counts
 * them, and on stop unsubscribes and puts the setting back.
 */
export class MissWatch {
  readonly counter: MissCounter;
  private readonly subscribers: NodeSubscriber[] = [];
  private readonly borrows: Borrow[] = [];
  private settingNodes: EventsSettingNode[] = [];
  private note: string | null = null;
  private restored: boolean | null = null;
  private readonly startedAt = Date.now();
  private stoppedAt: number | null = null;
  private stopping: Promise<MissesReport> | null = null;

  private constructor(private readonly o: WatchOptions) {
    this.counter = new MissCounter(o.shape, o.recordCapacity ?? RECORD_CAPACITY);
  }

  static async start(o: WatchOptions): Promise<MissWatch> {
    const w = new MissWatch(o);
    try {
      await w.borrowSetting();
      await w.subscribe();
    } catch (e) {
      await w.stop();
      throw e;
    }
    return w;
  }

  private async borrowSetting(): Promise<void> {
    const nodes = await this.o.target.nodes('primary', 'admin');
    if (nodes.length === 0) throw new CoreError('NOT_CONNECTED', 'No primary is reachable to watch.');
    const leftovers = await this.o.borrowed.leftovers(nodes.map((n) => n.address));
    const plans = await Promise.all(nodes.map(async (n) => ({ node: n, plan: planNode(n.address, await readSetting(n.client)) })));
    this.settingNodes = plans.map((p) => p.plan);
    const denied = plans.filter((p) => p.plan.current === null);
    if (denied.length > 0)
      this.note = `CONFIG is refused on ${denied.map((p) => p.node.address).join(', ')}, so Cachescope cannot read or change notify-keyspace-events there: what it counts depends on the setting as it is. ${askWords(denied[0]!.node.address)}`;
    const changes = plans.filter((p) => p.plan.proposed !== null);
    if (changes.length > 0 && !this.o.consent)
      throw new CoreError('BAD_REQUEST', `Watching misses changes notify-keyspace-events on ${changes.map((p) => `${p.node.address} ("${p.plan.current}" → "${p.plan.proposed}")`).join(', ')}: ask the user first and start with consent.`);
    for (const { node, plan } of plans) {
      // A value a crashed run left behind is this run's to put back, with the value before it.
      const left = leftovers.find((l) => l.address === node.address && plan.current !== null && sameFlags(l.set, plan.current));
      if (left) {
        await this.o.borrowed.add({ address: node.address, previous: left.previous, set: plan.current!, at: Date.now() });
        await this.o.borrowed.remove(node.address, 'leftovers');
        this.borrows.push({ node, previous: left.previous, set: plan.current! });
        this.note = [this.note, `notify-keyspace-events on ${node.address} was left at "${left.set}" by a Cachescope that did not stop; "${left.previous}" is put back when this watch stops.`].filter(Boolean).join(' ');
      }
      if (plan.proposed === null || plan.current === null) continue;
      // Recorded before the change: a crash between the two leaves a record, never an unknown change.
      await this.o.borrowed.add({ address: node.address, previous: plan.current, set: plan.proposed, at: Date.now() });
      try {
        await writeSetting(node.client, plan.proposed);
      } catch (e) {
        await this.o.borrowed.remove(node.address, 'own');
        if (e instanceof Error && e.name === 'ReplyError') throw new CoreError('NO_PERMISSION', `The server refused CONFIG SET (${e.message}). ${askWords(node.address)}`);
        throw e;
      }
      this.borrows.push({ node, previous: plan.current, set: plan.proposed });
    }
  }

  private async subscribe(): Promise<void> {
    const nodes = await this.o.target.nodes('primary', 'admin');
    for (const n of nodes) this.subscribers.push(new NodeSubscriber(n.address, n.client, this.o.db, (event, key) => this.counter.add(event, key, Date.now())));
    await Promise.all(this.subscribers.map((s) => s.ready));
  }

  /** Every event published before this call is counted once it resolves. */
  drain(): Promise<void> {
    return Promise.all(this.subscribers.map((s) => s.drain())).then(() => undefined);
  }

  get stopped(): boolean {
    return this.stopping !== null;
  }

  report(): MissesReport {
    const end = this.stoppedAt ?? Date.now();
    const { rows, omitted } = this.counter.rows(ROWS);
    const gaps = this.subscribers.flatMap((s) => s.gaps.map((g) => ({ ...g })));
    const oldest = this.counter.removed.oldestAt();
    return {
      connectionId: this.o.connectionId,
      state: this.stoppedAt === null ? 'watching' : 'stopped',
      db: this.o.db,
      startedAt: this.startedAt,
      seconds: (end - this.startedAt) / 1000,
      totals: { ...this.counter.totals },
      causes: this.counter.causes(),
      namespaces: rows,
      namespacesOmitted: omitted,
      series: this.counter.recentSeconds(),
      gaps,
      complete: gaps.length === 0,
      record: {
        capacity: this.counter.removed.capacity,
        size: this.counter.removed.size,
        bytes: this.counter.removed.bytes,
        windowSec: oldest === null ? null : (end - oldest) / 1000,
      },
      setting: { nodes: this.settingNodes, changed: this.borrows.length > 0, restored: this.restored, note: this.note },
      advice: adviceFor(rows, this.counter.totals.misses),
    };
  }

  /** Unsubscribe and put the setting back (once; later calls get the same report). */
  stop(): Promise<MissesReport> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<MissesReport> {
    await Promise.all(this.subscribers.map((s) => s.stop()));
    this.stoppedAt = Date.now();
    const failures: string[] = [];
    for (const b of this.borrows) {
      try {
        await restoreOn(b.node.client, b.previous, b.set);
        await this.o.borrowed.remove(b.node.address, 'own');
      } catch (e) {
        failures.push(`${b.node.address} (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    if (this.borrows.length > 0) this.restored = failures.length === 0;
    if (failures.length > 0)
      this.note = [this.note, `notify-keyspace-events could not be put back on ${failures.join(', ')}; the next start offers to restore it.`].filter(Boolean).join(' ');
    return this.report();
  }
}

/**
 * Put `previous` back (or take away only what was added, when someone changed the value since).
 * Through the node's client, else once through a fresh connection: the usual one may be the one
 * that dropped, and a one-shot run's client does not reconnect.
 */
export async function restoreOn(client: Redis, previous: string, set: string): Promise<string> {
  const attempt = async (c: Redis) => {
    const now = await readSetting(c);
    const value = now === null ? previous : restoredValue(previous, set, now);
    await writeSetting(c, value);
    return value;
  };
  if (client.status === 'ready') {
    try {
      return await attempt(client);
    } catch {
      // fall through to a fresh connection
    }
  }
  const fresh = client.duplicate({ connectionName: 'cachescope:admin', lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false, commandTimeout: 5000 });
  fresh.on('error', () => undefined);
  try {
    await fresh.connect();
    return await attempt(fresh);
  } finally {
    fresh.disconnect();
  }
}
