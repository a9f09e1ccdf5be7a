import Redis, { type RedisOptions } from 'ioredis';
import type { ResolvedProfile } from '../profile/profile';
import { redisOptionsFor, type ClientRole } from './options';

/** The profile's db is beyond the server's `databases`: retrying cannot help. */
export class NoSuchDbError extends Error {
  readonly code = 'NO_SUCH_DB';

  constructor(
    readonly db: number,
    /** The server's `databases`, or null when CONFIG GET is denied. */
    readonly databases: number | null,
  ) {
    super(
      databases === null
        ? `db ${db} does not exist on this server (its "databases" setting is lower): choose another db.`
        : `db ${db} does not exist on this server: it has ${databases} databases, 0–${databases - 1}.`,
    );
    this.name = 'NoSuchDbError';
  }
}

const failures = new WeakMap<Redis, Promise<NoSuchDbError>>();

/**
 * Every Redis client of the core is made here. ioredis sends SELECT on connect, reports a
 * failure only as an 'error' event, then goes ready and runs every command on db 0 — a flush
 * of "db 16" would empty db 0. So a failed SELECT closes the client at once, before the ready
 * check and before any queued command is written; its commands fail, and once the server's
 * db count is known the client emits a NoSuchDbError ('error' event, and `noSuchDb(client)`).
 */
export function createClient(profile: ResolvedProfile, role: ClientRole, extra: Partial<RedisOptions> = {}): Redis {
  const client = new Redis(redisOptionsFor(profile, role, extra));
  const own = client.options.reconnectOnError;
  // Called synchronously as each error reply is parsed: the only moment nothing else has run yet.
  client.options.reconnectOnError = (err) => {
    // Only a SELECT refused for its index: after a wrong password SELECT fails too (NOAUTH), and
    // that must stay an authentication error.
    const refusedIndex = (err as { command?: { name?: string } }).command?.name === 'select' && /DB index is out of range/i.test(err.message);
    if (!refusedIndex) return own ? own(err) : false;
    if (!failures.has(client)) {
      client.disconnect();
      const failure = countDatabases(profile, role).then((n) => new NoSuchDbError(profile.db, n));
      failures.set(client, failure);
      // Every core client handles 'error'; the guard keeps a stray one from throwing.
      void failure.then((e) => client.listenerCount('error') > 0 && client.emit('error', e));
    }
    return false;
  };
  return client;
}

/** Why this client was closed when its SELECT failed, or undefined when it was not. */
export function noSuchDb(client: Redis): Promise<NoSuchDbError> | undefined {
  return failures.get(client);
}

/** The server's `databases` setting, or null when it cannot be read (CONFIG denied or renamed). */
async function countDatabases(profile: ResolvedProfile, role: ClientRole): Promise<number | null> {
  // db 0 always exists: this client never SELECTs.
  const probe = new Redis(redisOptionsFor({ ...profile, db: 0 }, role, { retryStrategy: () => null, commandTimeout: Math.max(profile.connectTimeoutMs, 2000) }));
  probe.on('error', () => undefined); // the count is optional: any failure means "unknown"
  try {
    const reply = (await probe.call('CONFIG', 'GET', 'databases')) as unknown;
    const n = Array.isArray(reply) ? Number(reply[1]) : NaN;
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  } finally {
    probe.disconnect();
  }
}
