import type Redis from 'ioredis';
import type { EventsSettingNode } from '../../../shared/contract';
import { covers, merged, NEEDED } from './flags';

export const PARAMETER = 'notify-keyspace-events';

/** Measured by `node bench/misses.mjs` (README, "Misses": figures, machine and load). */
export const COST_WORDS =
  'Redis then publishes one message to Cachescope for every miss, write, delete, expiry and eviction in this db. ' +
  "Measured on a busy 2-core machine: the server's CPU per command rose about 4 %; where Cachescope runs on the same machine as Redis, " +
  'its subscriber (about 14 % of a core at 59,000 events/s) competes with it, and write-heavy throughput fell by up to half.';

/** The exact words to give an administrator where CONFIG is refused. */
export function askWords(address: string): string {
  return `Ask an administrator to add the letters "${NEEDED}" to notify-keyspace-events on ${address} (for example CONFIG SET notify-keyspace-events ${NEEDED}, or in redis.conf / the managed service's parameter group, keeping any letters already set). Cachescope uses the setting as it finds it when these events are already on.`;
}

function isReplyError(e: unknown): e is Error {
  return e instanceof Error && e.name === 'ReplyError';
}

/** The node's value, or null when CONFIG GET is refused (renamed, ACL, managed service). */
export async function readSetting(client: Redis): Promise<string | null> {
  try {
    const reply = (await client.config('GET', PARAMETER)) as unknown;
    const flat = Array.isArray(reply) ? reply.map(String) : [];
    return flat.length >= 2 ? flat[1]! : '';
  } catch (e) {
    if (isReplyError(e)) return null;
    throw e;
  }
}

export function planNode(address: string, current: string | null): EventsSettingNode {
  return { address, current, proposed: current === null || covers(current) ? null : merged(current) };
}

export async function writeSetting(client: Redis, value: string): Promise<void> {
  await client.config('SET', PARAMETER, value);
}
