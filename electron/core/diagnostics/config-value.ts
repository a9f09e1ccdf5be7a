import type Redis from 'ioredis';
import { isReplyError } from './refusal';

/** One numeric setting by CONFIG GET, or null where CONFIG is denied or renamed (a panel still shows its data). */
export async function configNumber(client: Redis, parameter: string): Promise<number | null> {
  try {
    const reply = (await client.call('CONFIG', 'GET', parameter)) as unknown[];
    const value = Array.isArray(reply) && reply.length >= 2 ? Number(reply[1]) : NaN;
    return Number.isFinite(value) ? value : null;
  } catch (e) {
    if (isReplyError(e)) return null;
    throw e;
  }
}
