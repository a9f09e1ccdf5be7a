import type { Auditor } from '../audit/auditor';
import type { Connection } from '../connections/connection';
import { BorrowedSettings } from '../borrowed/borrowed-settings';
import type { TargetNode } from '../redis/target';
import { CoreError } from '../errors';
import { configNumber } from './config-value';
import { isReplyError } from './refusal';

export const LATENCY_PARAMETER = 'latency-monitor-threshold';
const RESTORE_ACTION = 'latency-threshold-restore';

interface Borrow {
  node: TargetNode;
  previous: number;
  set: number;
}

/** The exact words to give an administrator where CONFIG is refused. */
export function latencyAskWords(address: string, thresholdMs: number): string {
  return `Ask an administrator to set latency-monitor-threshold to ${thresholdMs} on ${address} (CONFIG SET latency-monitor-threshold ${thresholdMs}, or in redis.conf / the managed service's parameter group), and back to its value when done.`;
}

async function setThreshold(node: TargetNode, ms: number): Promise<void> {
  try {
    await node.client.call('CONFIG', 'SET', LATENCY_PARAMETER, String(ms));
  } catch (e) {
    if (isReplyError(e)) throw new CoreError('NO_PERMISSION', `The server refused CONFIG SET (${e.message}). ${latencyAskWords(node.address, ms)}`);
    throw e;
  }
}

/**
 * latency-monitor-threshold, borrowed (DESIGN invariant 11): the value before the first change is
 * recorded in the data folder before CONFIG SET, and put back when the user sets it back, when the
 * connection closes, when the core closes — or, after a crash, when the connection next opens.
 * A value someone else changed since is theirs: it is left, and the record dropped.
 */
export class LatencyBorrows {
  private readonly borrowed: BorrowedSettings;
  /** Per connection id: the nodes whose threshold this process changed, and the remover of its close hook. */
  private readonly byConnection = new Map<string, { borrows: Map<string, Borrow>; offClose: () => void }>();

  constructor(
    dataDir: string,
    private readonly auditor: Auditor,
  ) {
    this.borrowed = new BorrowedSettings(dataDir, LATENCY_PARAMETER);
  }

  /**
   * Set the threshold on these nodes; the previous values (null where CONFIG GET is refused).
   * Setting a node back to the value it had before the borrow ends the borrow there.
   */
  async set(connection: Connection, nodes: TargetNode[], ms: number): Promise<(number | null)[]> {
    const id = connection.profile.id;
    const held = this.byConnection.get(id) ?? { borrows: new Map<string, Borrow>(), offClose: connection.beforeClose(() => this.restore(connection)) };
    this.byConnection.set(id, held);
    const previous: (number | null)[] = [];
    try {
      for (const node of nodes) {
        const current = await configNumber(node.client, LATENCY_PARAMETER);
        previous.push(current);
        const borrow = held.borrows.get(node.address);
        if (borrow) {
          await setThreshold(node, ms);
          if (ms === borrow.previous) {
            held.borrows.delete(node.address);
            await this.borrowed.remove(node.address, 'own');
          } else {
            borrow.set = ms;
            await this.borrowed.add({ address: node.address, previous: String(borrow.previous), set: String(ms), at: Date.now() });
          }
          continue;
        }
        if (current === ms) continue;
        // Unreadable (CONFIG GET refused): nothing to put back; the SET is likely refused too, in words.
        if (current === null) {
          await setThreshold(node, ms);
          continue;
        }
        // Recorded before the change: a crash between the two leaves a record, never an unknown change.
        await this.borrowed.add({ address: node.address, previous: String(current), set: String(ms), at: Date.now() });
        try {
          await setThreshold(node, ms);
        } catch (e) {
          await this.borrowed.remove(node.address, 'own');
          throw e;
        }
        held.borrows.set(node.address, { node, previous: current, set: ms });
      }
    } finally {
      if (held.borrows.size === 0) this.forget(id);
    }
    return previous;
  }

  /** Whether this process holds a borrowed threshold on the connection (to say so). */
  holds(id: string): boolean {
    return (this.byConnection.get(id)?.borrows.size ?? 0) > 0;
  }

  /** Put back every threshold this process changed on the connection (once; audited). */
  async restore(connection: Connection): Promise<void> {
    const held = this.byConnection.get(connection.profile.id);
    if (!held) return;
    this.forget(connection.profile.id);
    for (const b of held.borrows.values()) {
      await this.putBack(connection, b.node, b.previous, b.set, 'own');
    }
  }

  /** Every connection's borrows, put back (the core closes). */
  async restoreAll(open: Iterable<Connection>): Promise<void> {
    await Promise.allSettled([...open].map((c) => this.restore(c)));
  }

  /** A crashed run's records for this connection's nodes, put back as it opens (audited). */
  async restoreLeftovers(connection: Connection): Promise<void> {
    // Most opens find none: the nodes (a cluster's admin clients) are asked for only when there are some.
    if ((await this.borrowed.leftovers()).length === 0) return;
    const nodes = await connection.target.nodes('all', 'admin');
    const leftovers = await this.borrowed.leftovers(nodes.map((n) => n.address));
    for (const left of leftovers) {
      const node = nodes.find((n) => n.address === left.address)!;
      await this.putBack(connection, node, Number(left.previous), Number(left.set), 'leftovers', ' (left by a Cachescope that did not stop)');
    }
  }

  private forget(id: string): void {
    this.byConnection.get(id)?.offClose();
    this.byConnection.delete(id);
  }

  private async putBack(connection: Connection, node: TargetNode, previous: number, set: number, which: 'own' | 'leftovers', why = ''): Promise<void> {
    const target = `latency-monitor-threshold on ${node.address}`;
    try {
      const now = await configNumber(node.client, LATENCY_PARAMETER);
      if (now === null) throw new Error(`CONFIG GET is refused. ${latencyAskWords(node.address, previous)}`);
      if (now === set) await setThreshold(node, previous);
      await this.borrowed.remove(node.address, which);
      const message =
        now === set
          ? `CONFIG SET latency-monitor-threshold ${previous} on ${node.address}: put back from ${set}${why}`
          : `latency-monitor-threshold on ${node.address} is ${now}, changed since Cachescope set ${set}${why}: left as it is`;
      await this.auditor.record(connection.profile, { action: RESTORE_ACTION, target, resultCount: now === set ? 1 : 0, outcome: 'ok', message });
    } catch (e) {
      // The record stays: the next open tries again.
      const message = `latency-monitor-threshold could not be put back to ${previous} on ${node.address}${why}: ${e instanceof Error ? e.message : String(e)}`;
      await this.auditor.record(connection.profile, { action: RESTORE_ACTION, target, outcome: 'failed', message });
    }
  }
}
