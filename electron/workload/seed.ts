import type { ResolvedProfile } from '../core/profile/profile';
import { allocate } from './allocate';
import { openBulkConnection, type BulkConnection } from './bulk-connection';
import { bulkRoutes } from './bulk-routes';
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
const ROUNDS = 256;

/**
 * [spec, id] pairs, every pattern interleaved and each from its least popular id to its most
 * popular (id 0 is the Zipf-hottest). Written in this order, the hot keys are the most recently
 * used when a seed overflows maxmemory, so an LRU policy keeps them — as a cache that has been
 * serving traffic would — instead of keeping whichever pattern happened to be loaded last.
 */
export function* coldToHot(counts: readonly number[]): Generator<[spec: number, id: number]> {
  for (let round = 0; round < ROUNDS; round++) {
    for (let s = 0; s < counts.length; s++) {
      const c = counts[s]!;
      const from = Math.ceil((c * (ROUNDS - round)) / ROUNDS) - 1;
      const to = Math.ceil((c * (ROUNDS - round - 1)) / ROUNDS);
      for (let n = from; n >= to; n--) yield [s, n];
    }
  }
}

export async function seedKeys(target: ResolvedProfile, options: SeedOptions): Promise<SeedResult> {
  const { profile, keys } = options;
  const seed = options.seed ?? 1;
  const batchKeys = Math.max(1, options.batchKeys ?? 1000);
  const inFlight = Math.max(1, options.inFlight ?? 4);
  const counts = allocate(profile.specs, keys);
  const started = performance.now();
  // One node, or each primary of a cluster with the keys of its slots: a batch never spans nodes.
  const routes = await bulkRoutes(target);
  const conns: BulkConnection[] = [];
  const pending: Promise<void>[] = [];
  const encoders = routes.nodes.map(() => new RespEncoder());
  const queuedKeys = routes.nodes.map(() => 0);
  let commands = 0;
  let bytes = 0;
  let done = 0;

  const send = (node: number) => {
    const size = queuedKeys[node]!;
    const batch = encoders[node]!.take();
    queuedKeys[node] = 0;
    commands += batch.commands;
    bytes += batch.bytes.length;
    const sent = conns[node]!.send(batch).then(() => {
      done += size;
      options.onProgress?.(done);
    });
    // Rejections are awaited below; this keeps a failure in an unawaited batch from going unhandled.
    sent.catch(() => {});
    pending.push(sent);
  };

  try {
    for (const node of routes.nodes) conns.push(await openBulkConnection(node, options.clientName ?? 'cachescope:seed'));
    outer: for (const [s, n] of coldToHot(counts)) {
      const spec = profile.specs[s]!;
      const node = routes.nodeOf(spec.key(n));
      queueWrite(encoders[node]!, spec, n, seed, false);
      if (++queuedKeys[node]! >= batchKeys) {
        send(node);
        if (pending.length >= inFlight * conns.length) await pending.shift();
        if (options.signal?.aborted) break outer;
      }
    }
    for (let node = 0; node < conns.length; node++) if (queuedKeys[node]! > 0) send(node);
    await Promise.all(pending);
  } finally {
    for (const c of conns) c.close();
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
