import type Redis from 'ioredis';
import type { NodeClients } from './node-clients';
import { joinAddress, parseFieldLines, parseKv } from './reply-text';

/**
 * The replicas a primary names in `INFO replication` (`slave0:ip=…,port=…,state=…`), as dialled;
 * null when it does not answer within `timeoutMs`. After a failover the old primary, demoted,
 * shows up here again.
 */
export async function replicasOf(primary: Redis, timeoutMs: number, dialled: (announced: string) => string): Promise<string[] | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const text = await Promise.race([
      primary.info('replication'),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs))),
    ]);
    const named: string[] = [];
    for (const [key, value] of Object.entries(parseFieldLines(text))) {
      if (!/^slave\d+$/.test(key)) continue;
      const kv = parseKv(value);
      const port = Number(kv['port']);
      if (kv['ip'] && Number.isInteger(port)) named.push(dialled(joinAddress(kv['ip'], port)));
    }
    return named;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A Sentinel-managed primary's replicas through one role's own connections. The last list the
 * primary gave stands while it does not answer (a failover in progress), so rows do not flicker.
 */
export class ReplicaSet {
  private known: string[] = [];

  constructor(
    private readonly clients: NodeClients,
    private readonly dialled: (announced: string) => string,
  ) {}

  async list(primary: Redis, primaryAddress: string, timeoutMs: number): Promise<{ address: string; client: Redis }[]> {
    const named = await replicasOf(primary, timeoutMs, this.dialled);
    if (named) this.known = named;
    const now = this.known.filter((a) => a !== primaryAddress);
    this.clients.keepOnly(now);
    return now.map((address) => ({ address, client: this.clients.get(address) }));
  }

  close(): void {
    this.clients.close();
    this.known = [];
  }
}
