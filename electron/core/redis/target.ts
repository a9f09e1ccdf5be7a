import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { ResolvedProfile } from '../profile/profile';
import { CoreError } from '../errors';
import { createClient, NoSuchDbError } from './client';
import type { ClientRole } from './options';

/**
 * What a connection talks to. Callers ask for a client by role, and run per-node work
 * (SCAN, INFO, FLUSHDB) over `dataNodes()`. A standalone server is one node; a later
 * Cluster/Sentinel target returns every master without changing callers.
 */
export interface RedisTarget {
  readonly kind: 'standalone';
  client(role: ClientRole): Redis;
  dataNodes(): Redis[];
  close(): Promise<void>;
}

export class StandaloneTarget implements RedisTarget {
  readonly kind = 'standalone' as const;
  private readonly clients = new Map<ClientRole, Redis>();
  /** Set once any client's SELECT failed: no client of this target may run a command. */
  private noSuchDb: NoSuchDbError | null = null;

  constructor(
    private readonly profile: ResolvedProfile,
    private readonly perRole: (role: ClientRole) => Partial<RedisOptions> = () => ({}),
  ) {}

  /** Throws CoreError(NO_SUCH_DB) once the profile's db is known not to exist on the server. */
  client(role: ClientRole): Redis {
    if (this.noSuchDb) throw new CoreError('NO_SUCH_DB', this.noSuchDb.message);
    let c = this.clients.get(role);
    if (!c) {
      c = createClient(this.profile, role, this.perRole(role));
      // Errors are reported through connection state; an unhandled 'error' event would crash main.
      c.on('error', (e: unknown) => {
        if (e instanceof NoSuchDbError) this.noSuchDb ??= e;
      });
      this.clients.set(role, c);
    }
    return c;
  }

  dataNodes(): Redis[] {
    return [this.client('scan')];
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    this.noSuchDb = null; // the server may have been restarted with more databases meanwhile
    await Promise.all(
      all.map(async (c) => {
        try {
          if (c.status === 'ready') await c.quit();
          else c.disconnect();
        } catch {
          c.disconnect();
        }
      }),
    );
  }
}

/**
 * A one-shot run's target (the CLI): the one client it connected, shared by every role — a
 * command that runs once needs no separate poll, scan and action connections.
 */
export class SingleClientTarget implements RedisTarget {
  readonly kind = 'standalone' as const;

  constructor(private readonly only: Redis) {}

  client(_role: ClientRole): Redis {
    return this.only;
  }

  dataNodes(): Redis[] {
    return [this.only];
  }

  async close(): Promise<void> {
    // The run is over: drop the socket rather than wait for QUIT's answer.
    this.only.disconnect();
  }
}
