import type { KeyClient } from '../redis/target';
import { unlinkGrouped } from '../redis/bulk-unlink';
import { isTopologyFault } from '../redis/connection-lost';
import { CoreError } from '../errors';
import { chunks, readAhead, scanBatches } from './key-batches';
import { captureForUndo } from './capture';
import { SCAN_COUNT, type ActionEnv, type PrimaryNode } from './env';
import { Throttle } from './pace';
import { keepType } from './reads';
import type { ResolvedTarget } from './target';
import { UndoLimitError, type UndoWriter } from './undo-file';

/**
 * Undo capture DUMPs keys in chunks sized to hold about UNDO_CHUNK_BYTES of values: many
 * keys per round trip when values are small, one at a time when they are huge.
 */
const UNDO_CHUNK_BYTES = 4 * 1024 * 1024;
const UNDO_CHUNK_MAX = 512;

export function nextChunkSize(lastKeys: number, lastBytes: number): number {
  if (lastKeys === 0) return 16; // start small: the first chunk measures the values
  const perKey = Math.max(1, lastBytes / lastKeys);
  return Math.max(1, Math.min(UNDO_CHUNK_MAX, Math.floor(UNDO_CHUNK_BYTES / perKey)));
}

export interface InvalidateCounters {
  /** Keys SCAN returned (or explicit keys looked at). */
  scanned: number;
  /** Of those, keys of the requested type. */
  matched: number;
  deleted: number;
}

export interface InvalidateOptions {
  /** Keys examined per second at most. */
  throttle?: number;
  /** Save each batch's values here before deleting it. */
  undo?: UndoWriter | null;
  signal?: AbortSignal;
  onProgress?: (counters: InvalidateCounters) => void;
  /** What happened to the nodes so far (a takeover waited for, or being waited for), in words. */
  onNotes?: (notes: string[]) => void;
}

export type InvalidateEnd = { state: 'done' } | { state: 'cancelled' } | { state: 'stopped'; reason: string };

/** Takeovers one run waits for at most (a cluster failing over again and again stops the run). */
const MAX_TAKEOVERS = 5;

/**
 * A run that failed midway (typically: the server went away). Carries what was done before the
 * failure, so the caller can print and audit it, and the undo file that holds it.
 */
export class InvalidateInterrupted extends Error {
  /** Set by executeInvalidate once the undo file is closed. */
  undo: { file: string; entries: number; bytes: number } | null = null;
  constructor(
    readonly counters: InvalidateCounters,
    override readonly cause: unknown,
    /** What happened to the nodes before it stopped (a takeover waited for), in words. */
    readonly notes: string[] = [],
  ) {
    super(`Stopped after deleting ${counters.deleted} keys (${counters.scanned} examined): ${cause instanceof Error ? cause.message : String(cause)}${notes.length ? ` ${notes.join(' ')}` : ''}`);
    this.name = 'InvalidateInterrupted';
  }
}

/**
 * SCAN + UNLINK in pipelined batches (explicit keys: the same, in chunks). Each batch is
 * filtered by type if asked, its values saved to the undo file if asked, deleted, and
 * forgotten: memory is flat however many keys go.
 *
 * On a cluster, a pattern is scanned primary by primary, each batch handled on that node's own
 * connection. A node lost midway (or a slot left without a primary) does not end the run when
 * another takes over: the run waits until every slot is served again, then does the lost
 * node's part again from the start on whichever primary serves it now (a key deleted already
 * is simply not found again), and says so in `notes`. A part whose node gained or lost slots
 * meanwhile (a migration), or a primary new since the start, is done too. `deleted` is always
 * what UNLINK reported.
 */
export async function runInvalidate(
  env: ActionEnv,
  target: ResolvedTarget,
  options: InvalidateOptions = {},
): Promise<{ counters: InvalidateCounters; end: InvalidateEnd; notes: string[] }> {
  const counters: InvalidateCounters = { scanned: 0, matched: 0, deleted: 0 };
  const notes: string[] = [];
  const throttle = new Throttle(options.throttle);
  const { signal } = options;
  const chunking = { size: nextChunkSize(0, 0) };

  /**
   * One batch: type filter, undo capture, UNLINK; counted into `part` (one retryable unit) and
   * the totals. With `once`, a key counts as examined and as matched only the first time (a
   * chunk of explicit keys done again after a failover).
   */
  const step = async (node: KeyClient, batch: Buffer[], part: InvalidateCounters, once?: { scanned: Set<Buffer>; matched: Set<Buffer> }) => {
    const scanned = firstTimes(batch, once?.scanned);
    part.scanned += scanned;
    counters.scanned += scanned;
    const keys = target.type ? await keepType(node, batch, target.type, env.ledger) : batch;
    const matched = firstTimes(keys, once?.matched);
    part.matched += matched;
    counters.matched += matched;
    const deleted = (n: number) => {
      part.deleted += n;
      counters.deleted += n;
    };
    // Counted chunk by chunk, so a stop at the undo limit mid-batch still reports every deletion.
    if (options.undo) await deleteWithUndo(env, node, keys, options.undo, chunking, deleted);
    else await unlink(env, node, keys, deleted);
    options.onProgress?.({ ...counters });
    await throttle.after(counters.scanned, signal);
  };

  /**
   * A node's part that failed is done again from the start on whoever serves it now: what it
   * examined and did not delete is taken back out of the totals (the new SCAN meets it again;
   * what was deleted is not met again), so a key is counted once however often it is looked at.
   */
  const forget = (part: InvalidateCounters) => {
    counters.scanned -= part.scanned - part.deleted;
    counters.matched -= part.matched - part.deleted;
  };

  let takeovers = 0;
  /** After a topology fault: the primaries serving every slot once the cluster settled, or the fault itself (rethrown) where none takes over. */
  const takeover = async (e: unknown, what: string): Promise<PrimaryNode[]> => {
    if (!isTopologyFault(e) || !env.servingPrimaries || ++takeovers > MAX_TAKEOVERS) throw e;
    options.onNotes?.([...notes, `${what} (${messageOf(e)}): waiting for every slot to have a primary again…`]);
    const serving = await env.servingPrimaries(signal);
    if (!serving) throw e;
    return serving;
  };
  const note = (text: string) => {
    notes.push(text);
    options.onNotes?.([...notes]);
  };

  try {
    if (target.kind === 'keys') {
      // Explicit keys go through the keyed client (slot-routed on a cluster), a chunk at a time.
      // A chunk that met a failover is done again whole: an UNLINK the lost primary answered may
      // not have reached its replica, and an UNLINK of a key already gone is harmless.
      for (const batch of chunks(target.keys, throttle.batchSize(SCAN_COUNT))) {
        const once = { scanned: new Set<Buffer>(), matched: new Set<Buffer>() };
        for (;;) {
          if (signal?.aborted) return { counters, end: { state: 'cancelled' }, notes };
          try {
            await step(env.client, batch, { scanned: 0, matched: 0, deleted: 0 }, once);
            break;
          } catch (e) {
            const what = `A chunk of ${batch.length} keys met a cluster fault`;
            await takeover(e, what);
            note(`${what} (${messageOf(e)}); it was done again once every slot had a primary.`);
          }
        }
      }
    } else {
      const nodes = env.servingPrimaries ? await env.servingPrimaries(signal) : null;
      if (!nodes) {
        // One server: scanned once; a lost connection ends the run.
        for (const node of env.nodes) {
          for await (const batch of scanBatches(node, target.pattern, throttle.batchSize(SCAN_COUNT))) {
            if (signal?.aborted) return { counters, end: { state: 'cancelled' }, notes };
            await step(node, batch, { scanned: 0, matched: 0, deleted: 0 });
          }
        }
      } else if ((await scanPrimaries(nodes, target.pattern)) === 'cancelled') return { counters, end: { state: 'cancelled' }, notes };
    }
  } catch (e) {
    if (e instanceof UndoLimitError)
      return {
        counters,
        end: { state: 'stopped', reason: `Stopped before deleting more: the undo file reached its limit (${e.limitBytes} bytes). Everything deleted so far is in the undo file.` },
        notes,
      };
    if (signal?.aborted && e instanceof CoreError && e.code === 'CANCELLED') return { counters, end: { state: 'cancelled' }, notes };
    throw new InvalidateInterrupted({ ...counters }, e, notes);
  }
  if (signal?.aborted) return { counters, end: { state: 'cancelled' }, notes };
  return { counters, end: { state: 'done' }, notes };

  /**
   * Every primary's part, one after another, until every primary serving slots now has been
   * done whole: asked again after each part, so a node that changed meanwhile is not skipped.
   */
  async function scanPrimaries(first: PrimaryNode[], pattern: Buffer): Promise<'done' | 'cancelled'> {
    let primaries = first;
    /** Parts done whole, each with the slots its node served when the part began. */
    const done = new Map<string, string | undefined>();
    /** Every primary the run has met, so one that turns up later is said. */
    const known = new Set(first.map((p) => p.address));
    let moves = 0;
    for (;;) {
      const node = primaries.find((p) => !done.has(p.address));
      if (!node) return 'done';
      const slotsAtStart = node.slots && JSON.stringify(node.slots);
      const part = { scanned: 0, matched: 0, deleted: 0 };
      try {
        // Unthrottled, the next SCAN call travels while this batch is deleted.
        const batches = scanBatches(node.client, pattern, throttle.batchSize(SCAN_COUNT));
        for await (const batch of options.throttle ? batches : readAhead(batches)) {
          if (signal?.aborted) return 'cancelled';
          await step(node.client, batch, part);
        }
      } catch (e) {
        const before = new Set(primaries.map((p) => p.address));
        const what = `The part of ${node.address} stopped after ${part.deleted} of its keys were deleted`;
        primaries = await takeover(e, what);
        forget(part);
        const newcomers = primaries.filter((p) => !before.has(p.address)).map((p) => p.address);
        for (const a of newcomers) known.add(a);
        const gone = !primaries.some((p) => p.address === node.address);
        const now = gone ? `${newcomers.join(', ') || 'another primary'} took over its slots` : `every slot had a primary again${newcomers.length ? ` (${newcomers.join(', ')} promoted)` : ''}`;
        note(`${what} (${messageOf(e)}); ${now}, and the part was done again from the start${gone ? ' there' : ''}.`);
        continue;
      }
      done.set(node.address, slotsAtStart);
      // Asked again after each part: a primary that changed meanwhile is not skipped.
      primaries = (await env.servingPrimaries!(signal)) ?? primaries;
      for (const p of primaries) {
        if (known.has(p.address)) continue;
        known.add(p.address);
        note(`${p.address} became a primary during the run (a failover or a new shard), so its part was done too.`);
      }
      // Slots that moved onto a node whose part is done may have brought keys its SCAN never met:
      // that part is done again (what it deleted already is not met again).
      for (const p of primaries) {
        const before = done.get(p.address);
        if (before === undefined || p.slots === undefined || JSON.stringify(p.slots) === before) continue;
        if (++moves > MAX_TAKEOVERS) {
          note(`Slots kept moving between the primaries during the run: keys in moved slots may be left; preview again to check.`);
          return 'done';
        }
        done.delete(p.address);
        note(`The slots of ${p.address} changed during the run (a slot migration), so its part was done again.`);
      }
    }
  }
}

/** How many of `keys` are not in `seen` yet (adding them); all of them without `seen`. */
function firstTimes(keys: Buffer[], seen?: Set<Buffer>): number {
  if (!seen) return keys.length;
  let n = 0;
  for (const k of keys) {
    if (seen.has(k)) continue;
    seen.add(k);
    n++;
  }
  return n;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * UNLINK in commands the server accepts (one slot each on a cluster, or script calls of up to
 * 250 keys per node where it takes them: never CROSSSLOT). What UNLINK reported is counted even when some group
 * failed (then it throws).
 */
async function unlink(env: ActionEnv, node: KeyClient, keys: Buffer[], onDeleted: (n: number) => void): Promise<void> {
  if (keys.length === 0) return;
  const { deleted, failure } = await unlinkGrouped(node, keys, (ks) => env.groupKeys(ks));
  onDeleted(deleted);
  if (failure) throw failure;
}

/**
 * Values are written to the undo file before their keys are unlinked, so a deleted key is
 * always restorable. (A value rewritten by the app in the instant between DUMP and UNLINK
 * would be restored as it was at DUMP time.)
 */
async function deleteWithUndo(env: ActionEnv, node: KeyClient, keys: Buffer[], undo: UndoWriter, chunking: { size: number }, onDeleted: (n: number) => void): Promise<void> {
  for (let i = 0; i < keys.length; ) {
    const chunk = keys.slice(i, i + chunking.size);
    i += chunk.length;
    const entries = await captureForUndo(node, chunk, env.ledger);
    await undo.append(entries);
    await unlink(
      env,
      node,
      entries.map((e) => e.key),
      onDeleted,
    );
    chunking.size = nextChunkSize(chunk.length, entries.reduce((n, e) => n + e.dump.length, 0));
  }
}
