import type Redis from 'ioredis';
import { formatInteger, formatLatency } from '../../shared/format';

/** What `stats` can still show to an ACL user denied INFO: keys (DBSIZE) and latency (PING). */
export interface LimitedLine {
  ts: number;
  keys: number | null;
  latencyMs: number | null;
  /** Marks the line as partial, for scripts that read --json. */
  limited: 'info-denied';
}

/** DBSIZE and PING, each null when denied too (or when it fails: the next line may have it). */
export async function limitedLine(client: Redis): Promise<LimitedLine> {
  const t0 = performance.now();
  const pinged = await client.ping().then(
    () => true,
    () => false,
  );
  const latencyMs = pinged ? Number((performance.now() - t0).toFixed(3)) : null;
  const keys = await client.dbsize().catch(() => null);
  return { ts: Date.now(), keys, latencyMs, limited: 'info-denied' };
}

export function humanLimitedLine(l: LimitedLine, clock: (ts: number) => string): string {
  return [clock(l.ts), `keys ${l.keys === null ? 'n/a' : formatInteger(l.keys)}`, `latency ${formatLatency(l.latencyMs)}`].join('  ');
}
