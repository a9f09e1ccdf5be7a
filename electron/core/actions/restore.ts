import type { KeyClient } from '../redis/target';
import type { ItemError, WireBytes } from '../../../shared/contract';
import { toWire } from '../keys/wire-bytes';
import { isConnectionLoss } from '../redis/connection-lost';
import { pipelineThroughFailover, type FailoverWaits } from './failover-waits';
import type { UndoEntry, UndoLine } from './undo-file';

const BATCH = 200;
export const MAX_REPORTED = 100;
const MAX_SKIPPED_NAMES = 20;

export interface RestoreCounters {
  /** Entries read. */
  scanned: number;
  written: number;
  /** Recreated meanwhile (left alone, since `replace` was off). */
  skipped: number;
  /** Their TTL ran out since they were saved: not restored. */
  expired: number;
  failed: number;
  errors: ItemError[];
  skippedKeys: WireBytes[];
  /**
   * Of `skipped`: entries sent again after a failover whose key was there by then — restored
   * before the primary was lost (its replica had it) or recreated meanwhile; which, Redis cannot tell.
   */
  presentAfterFailover: number;
}

/** Where a restore stopped because the connection was lost: every entry from `line` on is not restored. */
export interface RestoreStop {
  line: number;
  error: Error;
}

export interface RestoreResult {
  counters: RestoreCounters;
  cancelled: boolean;
  stopped?: RestoreStop;
}

export interface RestoreOptions {
  /** Overwrite keys that exist now (RESTORE … REPLACE). */
  replace: boolean;
  signal?: AbortSignal;
  onProgress?: (c: RestoreCounters) => void;
  now?: () => number;
  /** On a cluster: entries whose primary was lost are sent again once every slot has one (absent: the run stops there). */
  failover?: FailoverWaits;
}

/** Milliseconds left of a saved TTL: 0 = no TTL, null = expired since it was saved. */
export function remainingTtl(entry: Pick<UndoEntry, 'pttl' | 'at'>, now: number): number | null {
  if (entry.pttl < 0) return 0;
  const left = entry.pttl - (now - entry.at);
  return left > 0 ? left : null;
}

/**
 * RESTORE undo entries in pipelined batches with their remaining TTL. A key that exists
 * again is skipped and reported (BUSYKEY) unless `replace`; RESTORE is a write, not a lookup.
 * On a cluster that loses a primary, the entries it did not take are sent again once its
 * replica took over (`failover`). A lost connection that nothing takes over stops it
 * (`stopped`): the entries after it are not counted as failures.
 */
export async function runRestore(client: KeyClient, lines: AsyncIterable<UndoLine>, options: RestoreOptions): Promise<RestoreResult> {
  const now = options.now ?? Date.now;
  const counters: RestoreCounters = { scanned: 0, written: 0, skipped: 0, expired: 0, failed: 0, errors: [], skippedKeys: [], presentAfterFailover: 0 };
  const fail = (error: ItemError) => {
    counters.failed++;
    if (counters.errors.length < MAX_REPORTED) counters.errors.push(error);
  };
  let batch: { line: number; entry: UndoEntry }[] = [];
  let stopped: RestoreStop | undefined;

  const flush = async () => {
    if (batch.length === 0) return;
    const sent: { line: number; entry: UndoEntry; ttl: number }[] = [];
    const t = now();
    for (const item of batch) {
      const ttl = remainingTtl(item.entry, t);
      if (ttl === null) {
        counters.expired++;
        continue;
      }
      sent.push({ ...item, ttl });
    }
    batch = [];
    if (sent.length === 0) return;
    // One pipeline per node on a cluster (never one spanning nodes), sent together.
    const { replies, resent } = await pipelineThroughFailover(
      client,
      sent,
      (item) => item.entry.key,
      (pipe, { entry, ttl }) => {
        if (options.replace) pipe.restore(entry.key, ttl, entry.dump, 'REPLACE');
        else pipe.restore(entry.key, ttl, entry.dump);
        return 1;
      },
      options.failover,
    );
    sent.forEach((item, i) => {
      const [err] = replies[i]?.[0] ?? [new Error('Connection is closed.')];
      // The first entry a lost connection did not take is where a run again resumes; what other
      // nodes took meanwhile is counted (a run again skips it as already there).
      if (err && isConnectionLoss(err)) stopped ??= { line: item.line, error: err };
      else if (!err) counters.written++;
      else if (/^BUSYKEY/.test(err.message)) {
        counters.skipped++;
        if (resent.has(i)) counters.presentAfterFailover++;
        if (counters.skippedKeys.length < MAX_SKIPPED_NAMES) counters.skippedKeys.push(toWire(item.entry.key));
      } else fail({ line: item.line, key: toWire(item.entry.key), reason: err.message });
    });
    options.onProgress?.(counters);
  };

  for await (const item of lines) {
    if (options.signal?.aborted) return { counters, cancelled: true };
    counters.scanned++;
    if ('error' in item) fail({ line: item.line, reason: item.error });
    else batch.push(item);
    if (batch.length >= BATCH) await flush();
    if (stopped) return { counters, cancelled: false, stopped };
  }
  await flush();
  return { counters, cancelled: false, ...(stopped ? { stopped } : {}) };
}
