import type { ChainableCommander } from 'ioredis';
import { nodeGroups, refreshRouting, type KeyClient } from './target';

/** One command's reply in a pipeline: [error, value]. */
export type PipelineReply = [Error | null, unknown];

/** Rounds of re-sending the items a MOVED sent elsewhere (a slot that moved since the map was read). */
const MOVED_ROUNDS = 2;

const isMoved = (r: PipelineReply) => r[0] !== null && /^MOVED\b/.test(r[0].message);

/**
 * Pipelined commands for `items` on the keyed client: one pipeline per node on a cluster, each
 * on that node's own connection (a pipeline on an ioredis Cluster must stay on one node), sent
 * together; on one server, one pipeline. `queue` adds an item's commands and says how many. Returns each item's replies,
 * in item order; a pipeline that fails as a whole (a lost connection) gives each of its items
 * that error. Items a MOVED turned away (the slot moved since the map was read) are sent again
 * after the slot map is read again.
 */
export async function pipelineByNode<T>(
  client: KeyClient,
  items: readonly T[],
  keyOf: (item: T) => Buffer | string,
  queue: (pipe: ChainableCommander, item: T) => number,
): Promise<PipelineReply[][]> {
  const out: PipelineReply[][] = new Array<PipelineReply[]>(items.length);
  let pending = items.map((_, i) => i);
  for (let round = 0; pending.length > 0; round++) {
    const groups = await nodeGroups(
      client,
      pending.map((i) => keyOf(items[i]!)),
    );
    await Promise.all(
      groups.map((group) =>
        sendGroup(
          group.client,
          group.indexes.map((g) => pending[g]!),
          items,
          queue,
          out,
        ),
      ),
    );
    if (round >= MOVED_ROUNDS) break;
    pending = pending.filter((i) => out[i]!.some(isMoved));
    if (pending.length > 0) await refreshRouting(client);
  }
  return out;
}

async function sendGroup<T>(client: KeyClient, indexes: number[], items: readonly T[], queue: (pipe: ChainableCommander, item: T) => number, out: PipelineReply[][]): Promise<void> {
  const pipe = client.pipeline();
  const counts = indexes.map((i) => queue(pipe, items[i]!));
  let replies: PipelineReply[] | null = null;
  let failure: Error | null = null;
  try {
    replies = ((await pipe.exec()) ?? []) as PipelineReply[];
  } catch (e) {
    failure = e instanceof Error ? e : new Error(String(e));
  }
  let at = 0;
  indexes.forEach((i, j) => {
    const n = counts[j]!;
    const mine: PipelineReply[] = [];
    for (let k = 0; k < n; k++) mine.push(failure ? [failure, null] : (replies![at + k] ?? [new Error('no reply from the server'), null]));
    at += n;
    out[i] = mine;
  });
}
