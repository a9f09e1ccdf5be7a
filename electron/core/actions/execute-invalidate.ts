import type { ActionEnv } from './env';
import { InvalidateInterrupted, runInvalidate, type InvalidateCounters, type InvalidateEnd } from './invalidate';
import type { ResolvedTarget } from './target';
import { UndoWriter, type UndoHeader, type UndoMeta } from './undo-file';

export interface ExecuteInvalidateOptions {
  /** Write an undo file here before deleting (never overwrites an existing file). */
  undo?: { file: string; header: UndoHeader; limitBytes: number } | null;
  /** Called once the undo file exists, before anything is saved to it or deleted. */
  onUndoCreated?: (file: string) => Promise<void>;
  throttle?: number;
  signal?: AbortSignal;
  onProgress?: (c: InvalidateCounters) => void;
  onNotes?: (notes: string[]) => void;
}

export interface InvalidateOutcome {
  counters: InvalidateCounters;
  end: InvalidateEnd;
  /** What happened to the nodes during the run (a cluster failover waited for), in words. */
  notes: string[];
  undo: { file: string; meta: UndoMeta } | null;
}

/** An invalidation with its undo file's whole life: created first, closed (with totals) whatever happens. */
export async function executeInvalidate(env: ActionEnv, target: ResolvedTarget, options: ExecuteInvalidateOptions = {}): Promise<InvalidateOutcome> {
  const writer = options.undo ? await UndoWriter.create(options.undo.file, options.undo.header, options.undo.limitBytes) : null;
  const run = {
    undo: writer,
    ...(options.throttle !== undefined ? { throttle: options.throttle } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onNotes ? { onNotes: options.onNotes } : {}),
  };
  let result: { counters: InvalidateCounters; end: InvalidateEnd; notes: string[] };
  try {
    if (writer) await options.onUndoCreated?.(writer.file);
    result = await runInvalidate(env, target, run);
  } catch (e) {
    // Closed even when the run failed: what was deleted before the failure stays restorable.
    const meta = await writer?.close(false).catch(() => null);
    if (e instanceof InvalidateInterrupted && writer && meta) e.undo = { file: writer.file, entries: meta.entries, bytes: meta.bytes };
    throw e;
  }
  const meta = writer ? await writer.close(result.end.state === 'done') : null;
  return { ...result, undo: writer && meta ? { file: writer.file, meta } : null };
}
