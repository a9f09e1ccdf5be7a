import type { ChainableCommander } from 'ioredis';
import { isTopologyFault } from '../redis/connection-lost';
import { pipelineByNode, type PipelineReply } from '../redis/keyed-pipeline';
import type { KeyClient } from '../redis/target';
import type { PrimaryNode } from './env';

/** Takeovers one run waits for at most (a cluster failing over again and again stops the run). */
const MAX_TAKEOVERS = 5;

/**
 * A write job's waits for a cluster that lost a primary (restore, warm): after a topology fault
 * it waits until every slot has a primary again, as invalidation does, and keeps in words what
 * it waited for. One per run: the bound on takeovers holds for the whole run.
 */
export class FailoverWaits {
  private count = 0;
  readonly notes: string[] = [];

  constructor(
    /** The target's wait (env.servingPrimaries); absent or null-returning where none takes over (one server). */
    private readonly servingPrimaries: ((signal?: AbortSignal) => Promise<PrimaryNode[] | null>) | undefined,
    private readonly signal?: AbortSignal,
    private readonly onNotes?: (notes: string[]) => void,
  ) {}

  /**
   * After `fault` met `what`: true once every slot has a primary again (send it again), false
   * where nothing takes over — one server, too many takeovers, a wait that timed out or was
   * cancelled (said in the notes) — and the fault stands.
   */
  async after(fault: Error, what: string): Promise<boolean> {
    if (!this.servingPrimaries || !isTopologyFault(fault) || this.count >= MAX_TAKEOVERS || this.signal?.aborted) return false;
    this.count++;
    this.onNotes?.([...this.notes, `${what} (${fault.message}): waiting for every slot to have a primary again…`]);
    let serving: PrimaryNode[] | null;
    try {
      serving = await this.servingPrimaries(this.signal);
    } catch (e) {
      this.note(`${what} (${fault.message}); waiting for the cluster failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
    if (!serving) return false;
    this.note(`${what} (${fault.message}); they were sent again once every slot had a primary (${serving.map((p) => p.address).join(', ')}).`);
    return true;
  }

  private note(text: string): void {
    this.notes.push(text);
    this.onNotes?.([...this.notes]);
  }
}

/** The first topology fault among an item's replies. */
function faultOf(replies: PipelineReply[] | undefined): Error | null {
  for (const [err] of replies ?? []) if (err && isTopologyFault(err)) return err;
  return null;
}

/**
 * pipelineByNode, through failovers: the items whose replies met a topology fault (their primary
 * lost, CLUSTERDOWN, a slot still moving) are sent again once `waits` saw every slot served
 * again. For writes of a whole key (RESTORE, a rewrite): an item sent again may have been applied
 * the first time — a RESTORE without REPLACE then meets its own key (BUSYKEY), which the caller
 * tells apart by `resent`. Returns the replies (the last ones for an item sent again) and which
 * items were sent again.
 */
export async function pipelineThroughFailover<T>(
  client: KeyClient,
  items: readonly T[],
  keyOf: (item: T) => Buffer | string,
  queue: (pipe: ChainableCommander, item: T) => number,
  waits: FailoverWaits | undefined,
): Promise<{ replies: PipelineReply[][]; resent: Set<number> }> {
  const replies = await pipelineByNode(client, items, keyOf, queue);
  const resent = new Set<number>();
  if (!waits) return { replies, resent };
  for (;;) {
    const faulted = items.flatMap((_, i) => (faultOf(replies[i]) ? [i] : []));
    if (faulted.length === 0) break;
    const first = faultOf(replies[faulted[0]!])!;
    if (!(await waits.after(first, `${faulted.length} of ${items.length} writes in a batch met a cluster fault`))) break;
    const again = await pipelineByNode(
      client,
      faulted.map((i) => items[i]!),
      keyOf,
      queue,
    );
    faulted.forEach((i, j) => {
      replies[i] = again[j]!;
      resent.add(i);
    });
  }
  return { replies, resent };
}
