import type { KeyClient } from '../redis/target';
import type { Connection } from '../connections/connection';

/** CLIENT NO-TOUCH arrived in Redis 7.2: with it on, value reads leave the LRU clock/LFU counter alone. */
export function supportsNoTouch(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 7 || (major === 7 && minor >= 2);
}

export function lruNote(version: string | undefined): string {
  const server = version ? `Redis ${version}` : 'This server';
  return `${server} has no CLIENT NO-TOUCH (added in 7.2): viewing this key's value refreshed its LRU clock (or LFU counter), so eviction may now keep it longer than it otherwise would. Type, TTL, encoding and memory reads leave it alone.`;
}

async function serverVersion(connection: Connection, client: KeyClient): Promise<string | undefined> {
  const known = connection.state.server?.version;
  if (known) return known;
  // The poller has not reported yet: INFO is not a keyspace read, so asking costs nothing.
  const info = await client.info('server');
  return /^redis_version:(\S+)/m.exec(info)?.[1];
}

/**
 * Whether value reads on a connection can run with CLIENT NO-TOUCH ON. The command is sent at
 * the head of every read transaction rather than once per socket, so a reconnect can never
 * leave a read unprotected. A server that claims 7.2 but refuses it is remembered.
 */
export class NoTouchPolicy {
  private refused = false;

  constructor(private readonly connection: Connection) {}

  async decide(client: KeyClient): Promise<{ enabled: boolean; version: string | undefined }> {
    const version = await serverVersion(this.connection, client);
    return { enabled: !this.refused && supportsNoTouch(version), version };
  }

  markRefused(): void {
    this.refused = true;
  }
}

const policies = new WeakMap<Connection, NoTouchPolicy>();

export function noTouchPolicy(connection: Connection): NoTouchPolicy {
  let p = policies.get(connection);
  if (!p) {
    p = new NoTouchPolicy(connection);
    policies.set(connection, p);
  }
  return p;
}
