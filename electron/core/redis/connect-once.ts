import Redis, { type RedisOptions } from 'ioredis';
import { CoreError } from '../errors';
import { describeAddress, type ResolvedProfile } from '../connections/profile';
import { describeRedisError } from './describe-error';
import { redisOptionsFor, type ClientRole } from './options';

/**
 * Connect once, without retrying, and return a ready client — or throw a CoreError whose
 * message names the real cause (the first error ioredis reported, not "Connection is closed").
 */
export async function connectOnce(profile: ResolvedProfile, role: ClientRole, extra: Partial<RedisOptions> = {}): Promise<Redis> {
  const client = new Redis(redisOptionsFor(profile, role, { retryStrategy: () => null, enableOfflineQueue: false, ...extra }));
  let firstError: unknown = null;
  client.on('error', (e: unknown) => {
    firstError ??= e;
  });
  try {
    await client.connect();
    // Some failures (AUTH) surface only on the first command; PING flushes them out.
    await client.ping();
    return client;
  } catch (e) {
    client.disconnect();
    const d = describeRedisError(firstError ?? e, describeAddress(profile), extra.commandTimeout ? { commandTimeoutMs: extra.commandTimeout } : {});
    throw new CoreError(d.code, d.message);
  }
}
