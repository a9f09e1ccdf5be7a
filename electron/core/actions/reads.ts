import type { ChainableCommander } from 'ioredis';
import type { KeyClient } from '../redis/target';
import { pipelineByNode } from '../redis/keyed-pipeline';
import { isTopologyFault } from '../redis/connection-lost';
import type { ReadLedger } from '../metrics/read-ledger';

/**
 * The keyspace reads actions make, each recorded in the ledger (invariant 8): TYPE counts a
 * hit when the key exists and a miss when it does not. MEMORY USAGE is free (no lookup stats).
 * Each is pipelined per node (a cluster's keyed client cannot pipeline across nodes).
 */

const key = (k: Buffer) => k;

/** One command per key, pipelined per node; each key's reply. */
async function eachKey(client: KeyClient, keys: Buffer[], command: (pipe: ChainableCommander, k: Buffer) => void): Promise<[Error | null, unknown][]> {
  const replies = await pipelineByNode(client, keys, key, (pipe, k) => {
    command(pipe, k);
    return 1;
  });
  return replies.map(([r]) => r!);
}

/** TYPE of each key (`none` when gone), recorded in the ledger. */
export async function typesOf(client: KeyClient, keys: Buffer[], ledger: ReadLedger): Promise<string[]> {
  if (keys.length === 0) return [];
  // batch(): the reads and their recording land on the same side of a poll's INFO.
  return ledger.batch(async () => {
    const replies = await eachKey(client, keys, (pipe, k) => pipe.type(k));
    const types = replies.map(([err, t]) => (err ? null : String(t)));
    const misses = types.filter((t) => t === 'none').length;
    ledger.record(types.filter((t) => t !== null).length - misses, misses);
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
    return types as string[];
  });
}

/** The keys whose TYPE is `type`. */
export async function keepType(client: KeyClient, keys: Buffer[], type: string, ledger: ReadLedger): Promise<Buffer[]> {
  const types = await typesOf(client, keys, ledger);
  return keys.filter((_, i) => types[i] === type);
}

/**
 * MEMORY USAGE of each key (null = the key does not exist). The whole result is null when
 * the server refuses MEMORY (renamed, or denied by ACL): the caller then says "unknown".
 */
export async function memoryOf(client: KeyClient, keys: Buffer[]): Promise<(number | null)[] | null> {
  if (keys.length === 0) return [];
  const replies = await eachKey(client, keys, (pipe, k) => pipe.call('MEMORY', 'USAGE', k, 'SAMPLES', '5'));
  // A lost node or a cluster in flux is a failure; another error the server answered means MEMORY is refused.
  const lost = replies.find(([err]) => err && (err.name !== 'ReplyError' || isTopologyFault(err)));
  if (lost) throw lost[0];
  if (replies.some(([err]) => err)) return null;
  return replies.map(([, v]) => (v === null || v === undefined ? null : Number(v)));
}

/** Which keys exist, by EXISTS (recorded): only used when MEMORY USAGE is unavailable. */
export async function existing(client: KeyClient, keys: Buffer[], ledger: ReadLedger): Promise<Buffer[]> {
  if (keys.length === 0) return [];
  return ledger.batch(async () => {
    const replies = await eachKey(client, keys, (pipe, k) => pipe.exists(k));
    const present = keys.filter((_, i) => Number(replies[i]?.[1]) === 1);
    const answered = replies.filter(([err]) => !err).length;
    ledger.record(present.length, answered - present.length);
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
    return present;
  });
}
