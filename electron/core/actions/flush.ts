import type Redis from 'ioredis';
import { formatInteger } from '../../../shared/format';
import { CoreError } from '../errors';
import type { PrimaryNode } from './env';

export type FlushCommandState = 'available' | 'renamed' | 'unknown';

/** The command's state over every primary: renamed on any is renamed (it would run on some and not others). */
export async function flushCommandStateOf(nodes: Redis[], all: boolean): Promise<FlushCommandState> {
  const states = await Promise.all(nodes.map((n) => flushCommandState(n, all)));
  return states.includes('renamed') ? 'renamed' : states.includes('unknown') ? 'unknown' : 'available';
}

/** What a flush would do, in words: "FLUSHDB: 1,891 keys", "FLUSHDB on 3 primaries: 5,803 keys". */
export function flushSummary(all: boolean, nodes: number, keys: number): string {
  return `${all ? 'FLUSHALL' : 'FLUSHDB'}${nodes > 1 ? ` on ${nodes} primaries` : ''}: ${formatInteger(keys)} keys`;
}

/** Whether the server's command table still has FLUSHDB/FLUSHALL (rename-command removes it). */
export async function flushCommandState(client: Redis, all: boolean): Promise<FlushCommandState> {
  try {
    const [info] = (await client.call('COMMAND', 'INFO', all ? 'FLUSHALL' : 'FLUSHDB')) as unknown[];
    return info ? 'available' : 'renamed';
  } catch {
    return 'unknown'; // COMMAND itself renamed or denied: we learn at execute time
  }
}

/** Keys FLUSHDB (this db) or FLUSHALL (every db) would remove. DBSIZE and INFO are not lookups. */
export async function keysToFlush(nodes: Redis[], all: boolean): Promise<number> {
  let total = 0;
  for (const node of nodes) {
    if (!all) total += Number(await node.dbsize());
    else {
      const info = await node.info('keyspace');
      for (const m of info.matchAll(/^db\d+:keys=(\d+)/gm)) total += Number(m[1]);
    }
  }
  return total;
}

export function byScanOffer(command: string): string {
  return `You can delete every key by scan instead: it previews the keys, asks you to confirm, deletes them in small batches and keeps an undo file.${command === 'FLUSHALL' ? ' (By scan works one db at a time.)' : ''}`;
}

/** A FLUSH error in words: renamed away → UNSUPPORTED, denied by ACL → NO_PERMISSION, each offering delete-by-scan. */
export function flushError(error: unknown, command: string): CoreError {
  const msg = (error as Error)?.message ?? String(error);
  if (/unknown command/i.test(msg))
    return new CoreError('UNSUPPORTED', `${command} is disabled on this server (renamed away with rename-command, as production servers often are). ${byScanOffer(command)}`);
  if (/^NOPERM/.test(msg)) return new CoreError('NO_PERMISSION', `This connection's ACL user may not run ${command}. ${byScanOffer(command)}`);
  return new CoreError('INTERNAL', `${command} failed: ${msg}`);
}

/**
 * FLUSHDB ASYNC (or FLUSHALL ASYNC) on every primary, one after another: the server frees memory
 * in the background. A refusal midway says which primaries were emptied already.
 */
export async function runFlush(nodes: PrimaryNode[], all: boolean): Promise<string> {
  const command = all ? 'FLUSHALL' : 'FLUSHDB';
  const flushed: string[] = [];
  for (const node of nodes) {
    try {
      await node.client.call(command, 'ASYNC');
      flushed.push(node.address);
    } catch (e) {
      const error = flushError(e, command);
      if (nodes.length === 1) throw error;
      const done = flushed.length ? `it emptied ${flushed.length} of the ${nodes.length} primaries (${flushed.join(', ')}) before ${node.address} refused` : `${node.address}, the first of ${nodes.length} primaries, refused`;
      throw new CoreError(error.code, `${error.message} (${command} on a cluster: ${done}.)`);
    }
  }
  return `${command} ASYNC`;
}
