import type Redis from 'ioredis';
import { CoreError } from '../errors';

export type FlushCommandState = 'available' | 'renamed' | 'unknown';

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

/** FLUSHDB ASYNC (or FLUSHALL ASYNC) on every data node: the server frees memory in the background. */
export async function runFlush(nodes: Redis[], all: boolean): Promise<string> {
  const command = all ? 'FLUSHALL' : 'FLUSHDB';
  for (const node of nodes) {
    try {
      await node.call(command, 'ASYNC');
    } catch (e) {
      throw flushError(e, command);
    }
  }
  return `${command} ASYNC`;
}
