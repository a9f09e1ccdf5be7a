import type { ResolvedProfile } from '../connections/profile';
import { allocate } from './allocate';
import { openBulkConnection } from './bulk-connection';
import type { WorkloadProfile } from './profiles';
import { RespEncoder } from './resp';
import { queueWrite } from './writes';

export interface SeedOptions {
  profile: WorkloadProfile;
  keys: number;
  seed?: number;
  /** Keys per pipelined batch (default 1000). */
  batchKeys?: number;
  /** Batches sent before waiting for the oldest one's replies (default 4): Redis works while we build the next. */
  inFlight?: number;
  onProgress?(keysDone: number): void;
  signal?: AbortSignal;
  /** CLIENT SETNAME of the loading connection. */
  clientName?: string;
}

export interface SeedResult {
  keys: number;
  commands: number;
  bytes: number;
  ms: number;
  /** Keys per spec name: ids 0…count-1 of each. */
  counts: Record<string, number>;
  aborted: boolean;
}

/**
 * Bulk-load exactly `keys` keys of a profile into the target (an empty keyspace ends up with
 * exactly `keys` keys; keys that already exist under the same names are overwritten). Each batch
 * is one socket write of `batchKeys` keys' commands, `inFlight` batches outstanding.
 */
export async function seedKeys(target: ResolvedProfile, options: SeedOptions): Promise<SeedResult> {
  const { profile, keys } = options;
  const seed = options.seed ?? 1;
  const batchKeys = Math.max(1, options.batchKeys ?? 1000);
  const inFlight = Math.max(1, options.inFlight ?? 4);
  const counts = allocate(profile.specs, keys);
  const started = performance.now();
  const conn = await openBulkConnection(target, options.clientName ?? 'cachescope:seed');
  const pending: Promise<void>[] = [];
  const encoder = new RespEncoder();
  let commands = 0;
  let bytes = 0;
  let done = 0;
  let queuedKeys = 0;

  const send = () => {
    const size = queuedKeys;
    const batch = encoder.take();
    queuedKeys = 0;
    commands += batch.commands;
    bytes += batch.bytes.length;
    const sent = conn.send(batch).then(() => {
      done += size;
      options.onProgress?.(done);
    });
    // Rejections are awaited below; this keeps a failure in an unawaited batch from going unhandled.
    sent.catch(() => {});
    pending.push(sent);
  };

  try {
    outer: for (let s = 0; s < profile.specs.length; s++) {
      const spec = profile.specs[s]!;
      for (let n = 0; n < counts[s]!; n++) {
        queueWrite(encoder, spec, n, seed, false);
        if (++queuedKeys >= batchKeys) {
          send();
          if (pending.length >= inFlight) await pending.shift();
          if (options.signal?.aborted) break outer;
        }
      }
    }
    if (queuedKeys > 0) send();
    await Promise.all(pending);
  } finally {
    conn.close();
  }
  return {
    keys: done,
    commands,
    bytes,
    ms: performance.now() - started,
    counts: Object.fromEntries(profile.specs.map((s, i) => [s.name, counts[i]!])),
    aborted: options.signal?.aborted === true,
  };
}
