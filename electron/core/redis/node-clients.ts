import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { ResolvedProfile } from '../profile/profile';
import { createClient } from './client';
import type { ClientRole } from './options';
import { splitAddress } from './reply-text';

/**
 * Cachescope's own connection to each node it watches, kept across polls: a cluster's nodes as
 * CLUSTER NODES lists them (ioredis's pool leaves out replicas CLUSTER SLOTS does not name yet,
 * and drops a node whose connection ended until its next slot refresh), a Sentinel primary's
 * replicas. A node that is gone fails its own poll; it does not hide.
 */
export class NodeClients {
  private readonly clients = new Map<string, Redis>();

  constructor(
    /** A client for one node (lazy: it connects when first asked). */
    private readonly make: (host: string, port: number) => Redis,
  ) {}

  /** The client for `address`, made on first use. */
  get(address: string): Redis {
    let c = this.clients.get(address);
    if (!c) {
      const { host, port } = splitAddress(address);
      c = this.make(host, port);
      c.on('error', () => undefined); // a node down shows as a row marked down, not as an error
      this.clients.set(address, c);
    }
    return c;
  }

  /** The nodes it has a client for. */
  addresses(): string[] {
    return [...this.clients.keys()];
  }

  /** Close the clients of nodes no longer in `addresses`. */
  keepOnly(addresses: Iterable<string>): void {
    const keep = new Set(addresses);
    for (const [address, client] of this.clients) {
      if (keep.has(address)) continue;
      this.clients.delete(address);
      client.disconnect();
    }
  }

  close(): void {
    for (const c of this.clients.values()) c.disconnect();
    this.clients.clear();
  }
}

/**
 * Plain clients (no sentinel or cluster options) with the profile's credentials, TLS and SSH,
 * named `cachescope:<role>`. They queue while connecting, so a node's first poll waits for its
 * connection instead of failing (the poll's own bound still applies).
 */
export function nodeClientsFor(profile: ResolvedProfile, role: ClientRole, extra: Partial<RedisOptions>): NodeClients {
  const plain: ResolvedProfile = { ...profile, kind: 'standalone', seeds: [] };
  return new NodeClients((host, port) => createClient({ ...plain, host, port }, role, { ...extra, enableOfflineQueue: true }));
}
