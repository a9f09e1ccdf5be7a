import type Redis from 'ioredis';
import { formatInteger, formatLatency } from '../../shared/format';
import { readBasics } from '../core/metrics/basics';

/** What `stats` can still show to an ACL user denied INFO: keys (DBSIZE) and latency (PING). */
export interface LimitedLine {
  ts: number;
  keys: number | null;
  latencyMs: number | null;
  /** Marks the line as partial, for scripts that read --json. */
  limited: 'info-denied';
}

/** DBSIZE and PING through the core's reader, marked as partial. */
export async function limitedLine(client: Redis): Promise<LimitedLine> {
  return { ...(await readBasics(client)), limited: 'info-denied' };
}

export function humanLimitedLine(l: LimitedLine, clock: (ts: number) => string): string {
  return [clock(l.ts), `keys ${l.keys === null ? 'n/a' : formatInteger(l.keys)}`, `latency ${formatLatency(l.latencyMs)}`].join('  ');
}
