import { Cluster, type default as Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { CoreError } from '../errors';
import { describeAddress, type ResolvedProfile } from '../profile/profile';
import { describeRedisError } from './describe-error';
import { createClient, noSuchDb } from './client';
import { WatchedCluster } from './cluster-client';
import { clusterOptionsFor, type ClientRole } from './options';
import { sshCauseOf } from '../ssh/connector';
import { seedsOf, type KeyClient } from './target';
import { APP_WORDS, CLI_WORDS, tlsMismatch } from './tls-mismatch';

/**
 * Connect once, without retrying, and return a ready client — or throw a CoreError whose
 * message names the real cause (the first error ioredis reported, not "Connection is closed").
 */
export function connectOnce(profile: ResolvedProfile, role: ClientRole, extra: Partial<RedisOptions> = {}): Promise<Redis> {
  return connected(createClient(profile, role, { retryStrategy: () => null, enableOfflineQueue: false, ...extra }), profile, role, extra);
}

/**
 * connectOnce for any topology: a Cluster client (its slot map loaded) for a cluster profile.
 * As with connectOnce, `extra` may ask for a client that goes on reconnecting and queueing
 * (retryStrategy, enableOfflineQueue: the demo's app) once this first connection is made.
 */
export function connectOnceTo(profile: ResolvedProfile, role: ClientRole, extra: Partial<RedisOptions> = {}): Promise<KeyClient> {
  if (profile.kind !== 'cluster') return connectOnce(profile, role, extra);
  const options = {
    ...clusterOptionsFor(profile, role, extra),
    ...(extra.retryStrategy ? {} : { clusterRetryStrategy: () => null }),
    enableOfflineQueue: extra.enableOfflineQueue ?? false,
    ...(extra.enableAutoPipelining ? { enableAutoPipelining: true } : {}),
  };
  return connected(new WatchedCluster(seedsOf(profile), options), profile, role, extra);
}

async function connected<C extends KeyClient>(client: C, profile: ResolvedProfile, role: ClientRole, extra: Partial<RedisOptions>): Promise<C> {
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
    const wrongDb = client instanceof Cluster ? undefined : await noSuchDb(client);
    if (wrongDb) throw new CoreError('NO_SUCH_DB', wrongDb.message);
    const where = describeAddress(profile);
    const cause = sshCauseOf(profile, firstError ?? e);
    const mismatch = await tlsMismatch(profile, cause, where, role === 'cli' ? CLI_WORDS : APP_WORDS);
    if (mismatch) throw mismatch;
    const d = describeRedisError(cause, where, extra.commandTimeout ? { commandTimeoutMs: extra.commandTimeout } : {});
    throw new CoreError(d.code, d.message);
  }
}
