import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { CoreError } from '../errors';
import { describeAddress, type ResolvedProfile } from '../connections/profile';
import { describeRedisError } from './describe-error';
import { createClient, noSuchDb } from './client';
import type { ClientRole } from './options';
import { probeProtocol } from './protocol-probe';

/**
 * Plaintext to a TLS port is reset at once; TLS to a plaintext port times out in the handshake.
 * Both look like network trouble: ask the port what it speaks, and say so when it is the other.
 */
async function tlsMismatch(profile: ResolvedProfile, cause: unknown, where: string): Promise<CoreError | null> {
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : '';
  if (!profile.tls.enabled && (code === 'ECONNRESET' || code === 'EPIPE' || /ECONNRESET|socket hang up/.test(message))) {
    if ((await probeProtocol(profile.host, profile.port, 'tls')) === 'tls')
      return new CoreError('TLS', `${where} expects TLS: use rediss:// or --tls.`);
  } else if (profile.tls.enabled && (code === 'ETIMEDOUT' || /ETIMEDOUT|EPROTO|wrong version number|packet length too long/i.test(message))) {
    if ((await probeProtocol(profile.host, profile.port, 'plain')) === 'plain')
      return new CoreError('TLS', `${where} does not speak TLS: use redis:// without --tls.`);
  }
  return null;
}

/**
 * Connect once, without retrying, and return a ready client — or throw a CoreError whose
 * message names the real cause (the first error ioredis reported, not "Connection is closed").
 */
export async function connectOnce(profile: ResolvedProfile, role: ClientRole, extra: Partial<RedisOptions> = {}): Promise<Redis> {
  const client = createClient(profile, role, { retryStrategy: () => null, enableOfflineQueue: false, ...extra });
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
    const wrongDb = await noSuchDb(client);
    if (wrongDb) throw new CoreError('NO_SUCH_DB', wrongDb.message);
    const where = describeAddress(profile);
    const cause = firstError ?? e;
    const mismatch = await tlsMismatch(profile, cause, where);
    if (mismatch) throw mismatch;
    const d = describeRedisError(cause, where, extra.commandTimeout ? { commandTimeoutMs: extra.commandTimeout } : {});
    throw new CoreError(d.code, d.message);
  }
}
