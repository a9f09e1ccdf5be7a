import type Redis from 'ioredis';
import type { EventsSettingNode } from '../../../shared/contract';
import { covers, merged, NEEDED } from './flags';

export const PARAMETER = 'notify-keyspace-events';

/** Measured by `npm run bench` (section misses) on the development machine; see README. */
export const COST_WORDS =
  'Redis then publishes one message to Cachescope for every miss, write, delete, expiry and eviction in this db. ' +
  'With nobody else subscribed that costs the server little; on the benchmark machine a cache-aside workload ran about 10 % slower with events on (see README, "Misses").';

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
