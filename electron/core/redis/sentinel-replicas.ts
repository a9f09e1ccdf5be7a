import type Redis from 'ioredis';
import { joinAddress, parseFieldLines, parseKv, splitAddress } from './reply-text';

/**
 * The replicas of a Sentinel-managed primary, as the primary lists them (`INFO replication`:
 * `slave0:ip=…,port=…,state=…`), each with a connection of its own kept across polls. The
 * primary names them after a failover too: the old primary, demoted, shows up here again.
 */
export class ReplicaClients {
  private readonly clients = new Map<string, Redis>();
  /** The last list the primary gave: kept while it does not answer (a failover in progress). */
  private known: string[] = [];

  constructor(
    /** A client for one replica (lazy: it connects when asked). */
    private readonly make: (host: string, port: number) => Redis,
    /** announced host:port → as dialled (the profile's address map). */
    private readonly dialled: (announced: string) => string,
  ) {}

  /** Addresses and clients of the replicas the primary names now (`timeoutMs` bounds the question). */
  async list(primary: Redis, primaryAddress: string, timeoutMs: number): Promise<{ address: string; client: Redis }[]> {
    try {
      const text = await bounded(primary.info('replication'), timeoutMs);
      const f = parseFieldLines(text);
      const named: string[] = [];
      for (const [key, value] of Object.entries(f)) {
        if (!/^slave\d+$/.test(key)) continue;
        const kv = parseKv(value);
        const port = Number(kv['port']);
        if (!kv['ip'] || !Number.isInteger(port)) continue;
        named.push(this.dialled(joinAddress(kv['ip'], port)));
      }
      this.known = named;
    } catch {
      // Keep the last list: the primary is busy or being replaced.
    }
    const now = this.known.filter((a) => a !== primaryAddress);
    for (const [address, client] of this.clients) {
      if (now.includes(address)) continue;
      this.clients.delete(address);
      client.disconnect();
    }
    return now.map((address) => ({ address, client: this.clientFor(address) }));
  }

  close(): void {
    for (const c of this.clients.values()) c.disconnect();
    this.clients.clear();
    this.known = [];
  }

  private clientFor(address: string): Redis {
    let c = this.clients.get(address);
    if (!c) {
      const { host, port } = splitAddress(address);
      c = this.make(host, port);
      c.on('error', () => undefined); // a replica down shows as a node down, not as an error
      this.clients.set(address, c);
    }
    return c;
  }
}

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}
