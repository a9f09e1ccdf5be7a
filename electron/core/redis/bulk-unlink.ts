import { createHash } from 'node:crypto';
import { isTopologyFault } from './connection-lost';
import { pipelineByNode } from './keyed-pipeline';
import { nodeGroups, type KeyClient } from './target';

/**
 * UNLINK of keys whose slots differ, on the node that serves them all, in a few calls. A cluster
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

/** Keys per script call: ~250 UNLINKs keep one call near a millisecond (the server serves no one else meanwhile). */
const SCRIPT_KEYS = 250;

/** Connections that hold the script (SCRIPT LOAD done), and those that refused it (older Redis, ACL, scripting off). */
const loaded = new WeakSet<object>();
const refused = new WeakSet<object>();

type Reply = [Error | null, unknown];

/**
 * UNLINK `keys` in commands the server accepts: one command per slot group (`groupKeys`), or —
 * where a node's group spans slots and the server takes the script — script calls of up to
 * SCRIPT_KEYS keys, in one pipeline per node.
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
        if (scripted) {
          count([null, scripted.deleted]);
          // A lost node or a cluster in flux fails the batch (it is done again once the cluster settled).
          if (scripted.fault) return count([scripted.fault, null]);
          rest = scripted.handedBack;
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
 * The script on this connection, SCRIPT_KEYS keys a call, the calls in one pipeline: what they
 * deleted, the keys to do per slot instead (handed back by the script, or in a call the server
 * refused), and the fault that stopped some call (a lost node, a cluster in flux). Null when the
 * connection does not take the script: then everything goes per slot.
 */
async function viaScript(client: KeyClient, keys: Buffer[], reload = true): Promise<{ deleted: number; handedBack: Buffer[]; fault: Error | null } | null> {
  if (refused.has(client)) return null;
  if (!loaded.has(client)) {
    try {
      await client.script('LOAD', UNLINK_SCRIPT);
      loaded.add(client);
    } catch (e) {
      if (isTopologyFault(e)) return { deleted: 0, handedBack: [], fault: e as Error };
      refused.add(client);
      return null;
    }
  }
  const calls: Buffer[][] = [];
  for (let i = 0; i < keys.length; i += SCRIPT_KEYS) calls.push(keys.slice(i, i + SCRIPT_KEYS));
  const replies = await pipelineByNode(
    client,
    calls,
    (call) => call[0]!,
    (pipe, call) => {
      pipe.evalsha(SHA, 0, ...call);
      return 1;
    },
  );
  const out = { deleted: 0, handedBack: [] as Buffer[], fault: null as Error | null };
  const unknown: Buffer[] = [];
  calls.forEach((call, i) => {
    const [err, value] = replies[i]?.[0] ?? [new Error('no reply from the server'), null];
    // The script cache was emptied (SCRIPT FLUSH, a restart): load it again, once, for those calls.
    if (err && reload && /^NOSCRIPT/.test(err.message)) unknown.push(...call);
    else if (err && isTopologyFault(err)) out.fault ??= err;
    else if (err) out.handedBack.push(...call);
    else {
      const [deleted, failed] = value as [number, number[]];
      out.deleted += Number(deleted);
      for (const n of failed) out.handedBack.push(call[Number(n) - 1]!);
    }
  });
  if (unknown.length) {
    loaded.delete(client);
    const again = await viaScript(client, unknown, false);
    if (!again) out.handedBack.push(...unknown);
    else {
      out.deleted += again.deleted;
      out.handedBack.push(...again.handedBack);
      out.fault ??= again.fault;
    }
  }
  return out;
}
