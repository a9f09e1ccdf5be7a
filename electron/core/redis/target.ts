import Redis, { type RedisOptions } from 'ioredis';
import type { ResolvedProfile } from '../connections/profile';
import { redisOptionsFor, type ClientRole } from './options';

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

  constructor(
    private readonly profile: ResolvedProfile,
    private readonly perRole: (role: ClientRole) => Partial<RedisOptions> = () => ({}),
  ) {}

  client(role: ClientRole): Redis {
    let c = this.clients.get(role);
    if (!c) {
      c = new Redis(redisOptionsFor(this.profile, role, this.perRole(role)));
      // Errors are reported through connection state; an unhandled 'error' event would crash main.
      c.on('error', () => undefined);
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
