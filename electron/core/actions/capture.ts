import type { KeyClient } from '../redis/target';
import { pipelineByNode } from '../redis/keyed-pipeline';
import type { ReadLedger } from '../metrics/read-ledger';
import type { UndoEntry } from './undo-file';

/**
 * DUMP + PTTL of each key, for the undo file. Both are keyspace reads: a key that exists
 * counts two hits, a key gone meanwhile two misses — recorded in the ledger. Keys that are
 * gone are left out (there is nothing to delete or restore).
 */
export async function captureForUndo(client: KeyClient, keys: Buffer[], ledger: ReadLedger, now = Date.now): Promise<UndoEntry[]> {
  if (keys.length === 0) return [];
  // batch(): the reads and their recording land on the same side of a poll's INFO.
  return ledger.batch(async () => {
    // Per node on a cluster; DUMP and PTTL of a key stay side by side in its node's pipeline.
    const replies = (
      await pipelineByNode(
        client,
        keys,
        (k) => k,
        (pipe, k) => {
          pipe.dumpBuffer(k);
          pipe.pttl(k);
          return 2;
        },
      )
    ).flat();
    const at = now();
    const entries: UndoEntry[] = [];
    let hits = 0;
    let misses = 0;
    let failure: Error | null = null;
    keys.forEach((key, i) => {
      const [dumpErr, dump] = replies[2 * i] ?? [new Error('no reply'), null];
      const [pttlErr, pttl] = replies[2 * i + 1] ?? [new Error('no reply'), null];
      // Every answered read counted the server's hits/misses, so it is recorded even if another failed.
      if (!dumpErr) {
        if (dump === null) misses++;
        else hits++;
      }
      if (!pttlErr) {
        if (Number(pttl) === -2) misses++;
        else hits++;
      }
      failure ??= dumpErr ?? pttlErr;
      // Present for DUMP but expired before PTTL: nothing left to restore either.
      if (!dumpErr && !pttlErr && dump !== null && Number(pttl) !== -2) entries.push({ key, pttl: Number(pttl), dump: dump as Buffer, at });
    });
    ledger.record(hits, misses);
    if (failure) throw failure;
    return entries;
  });
}
