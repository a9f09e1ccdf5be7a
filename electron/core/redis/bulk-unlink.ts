import { createHash } from 'node:crypto';
import { isTopologyFault } from './connection-lost';
import { pipelineByNode } from './keyed-pipeline';
import { nodeGroups, type KeyClient } from './target';

/**
 * UNLINK of keys whose slots differ, on the node that serves them all, in one call. A cluster
 * refuses a multi-key command across slots (CROSSSLOT), so without this a batch of 1000 keys
 * from one node's SCAN is ~800 one-key UNLINKs: 4–6× the client CPU of one command, which on a
 * machine the client shares with the servers is the invalidation's ceiling. Redis ≥ 7.0 lets a
 * script flagged `allow-cross-slot-keys` touch keys of several slots of its own node; the keys
 * go as ARGV (declared KEYS of several slots are refused before the script runs). `pcall` per
 * key: a key the node does not serve (a slot moved meanwhile) is handed back, not half-counted.
 */
export const UNLINK_SCRIPT = `#!lua flags=allow-cross-slot-keys
local n, failed = 0, {}
for i = 1, #ARGV do
  local r = redis.pcall('UNLINK', ARGV[i])
  if type(r) == 'number' then n = n + r else failed[#failed + 1] = i end
end
return {n, failed}`;

const SHA = createHash('sha1').update(UNLINK_SCRIPT).digest('hex');

/** Connections that refused the script (older Redis, ACL, scripting off): per slot from then on. */
const refused = new WeakSet<object>();

type Reply = [Error | null, unknown];

/**
 * UNLINK `keys` in commands the server accepts: one command per slot group (`groupKeys`), or —
 * where a node's group spans slots and the server takes the script — one script call per node.
 * Each group's outcome is reported: what UNLINK counted, or the error it met.
 */
export async function unlinkGrouped(client: KeyClient, keys: Buffer[], groupKeys: (keys: Buffer[]) => Buffer[][]): Promise<{ deleted: number; failure: Error | null }> {
  let deleted = 0;
  let failure: Error | null = null;
  const count = (r: Reply) => {
    if (r[0]) failure ??= r[0];
    else deleted += Number(r[1]);
  };
  await Promise.all(
    (await nodeGroups(client, keys)).map(async (group) => {
      let rest = group.indexes.map((i) => keys[i]!);
      let slots = groupKeys(rest);
      if (slots.length > 1 && group.ownNode) {
        const scripted = await viaScript(group.client, rest);
        if (scripted instanceof Error) return count([scripted, null]);
        if (scripted) {
          count([null, scripted.deleted]);
          rest = scripted.failed;
          slots = groupKeys(rest);
        }
      }
      if (rest.length === 0) return;
      const replies = await pipelineByNode(
        group.client,
        slots,
        (g) => g[0]!,
        (pipe, g) => {
          pipe.unlink(...g);
          return 1;
        },
      );
      for (const [reply] of replies) count(reply ?? [new Error('no reply from the server'), null]);
    }),
  );
  return { deleted, failure };
}

/**
 * The script on this connection: what it deleted and the keys it handed back; null when the
 * connection refuses scripts (then per slot); the error when the node failed meanwhile.
 */
async function viaScript(client: KeyClient, keys: Buffer[]): Promise<{ deleted: number; failed: Buffer[] } | null | Error> {
  if (refused.has(client)) return null;
  let reply: unknown;
  try {
    try {
      reply = await client.evalsha(SHA, 0, ...keys);
    } catch (e) {
      if (!/^NOSCRIPT/.test((e as Error).message)) throw e;
      reply = await client.eval(UNLINK_SCRIPT, 0, ...keys);
    }
  } catch (e) {
    // A lost node or a cluster in flux is the batch's failure; anything else means no script here.
    if (isTopologyFault(e)) return e as Error;
    refused.add(client);
    return null;
  }
  const [deleted, failed] = reply as [number, number[]];
  return { deleted: Number(deleted), failed: failed.map((i) => keys[Number(i) - 1]!) };
}
