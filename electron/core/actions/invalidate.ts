import type { KeyClient } from '../redis/target';
import { chunks, scanBatches } from './key-batches';
import { captureForUndo } from './capture';
import { SCAN_COUNT, type ActionEnv } from './env';
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
}

export type InvalidateEnd = { state: 'done' } | { state: 'cancelled' } | { state: 'stopped'; reason: string };

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
  ) {
    super(`Stopped after deleting ${counters.deleted} keys (${counters.scanned} examined): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'InvalidateInterrupted';
  }
}

/**
 * SCAN + UNLINK in pipelined batches (explicit keys: the same, in chunks). Each batch is
 * filtered by type if asked, its values saved to the undo file if asked, deleted, and
 * forgotten: memory is flat however many keys go.
 */
export async function runInvalidate(env: ActionEnv, target: ResolvedTarget, options: InvalidateOptions = {}): Promise<{ counters: InvalidateCounters; end: InvalidateEnd }> {
  const counters: InvalidateCounters = { scanned: 0, matched: 0, deleted: 0 };
  const throttle = new Throttle(options.throttle);
  const { signal } = options;
  const chunking = { size: nextChunkSize(0, 0) };

  // Explicit keys go through the keyed client (slot-routed on a cluster); a pattern is scanned node by node.
  const sources: { node: KeyClient; batches: () => AsyncIterable<Buffer[]> | Iterable<Buffer[]> }[] =
    target.kind === 'keys'
      ? [{ node: env.client, batches: () => chunks(target.keys, throttle.batchSize(SCAN_COUNT)) }]
      : env.nodes.map((node) => ({ node, batches: () => scanBatches(node, target.pattern, throttle.batchSize(SCAN_COUNT)) }));

  try {
    for (const { node, batches } of sources) {
      for await (const batch of batches()) {
        if (signal?.aborted) return { counters, end: { state: 'cancelled' } };
        counters.scanned += batch.length;
        const keys = target.type ? await keepType(node, batch, target.type, env.ledger) : batch;
        counters.matched += keys.length;
        // Counted chunk by chunk, so a stop at the undo limit mid-batch still reports every deletion.
        if (options.undo) await deleteWithUndo(env, node, keys, options.undo, chunking, (n) => (counters.deleted += n));
        else counters.deleted += await unlink(env, node, keys);
        options.onProgress?.({ ...counters });
        await throttle.after(counters.scanned, signal);
      }
    }
  } catch (e) {
    if (e instanceof UndoLimitError)
      return { counters, end: { state: 'stopped', reason: `Stopped before deleting more: the undo file reached its limit (${e.limitBytes} bytes). Everything deleted so far is in the undo file.` } };
    throw new InvalidateInterrupted({ ...counters }, e);
  }
  if (signal?.aborted) return { counters, end: { state: 'cancelled' } };
  return { counters, end: { state: 'done' } };
}

/** UNLINK in groups one command may carry (one slot each on a cluster: never CROSSSLOT), sent together. */
async function unlink(env: ActionEnv, node: KeyClient, keys: Buffer[]): Promise<number> {
  const counts = await Promise.all(env.groupKeys(keys).map((group) => node.unlink(...group)));
  return counts.reduce((sum: number, n) => sum + Number(n), 0);
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
    onDeleted(
      await unlink(
        env,
        node,
        entries.map((e) => e.key),
      ),
    );
    chunking.size = nextChunkSize(chunk.length, entries.reduce((n, e) => n + e.dump.length, 0));
  }
}
