import type { BasicFacts } from '../../shared/contract';
import { formatInteger, formatLatency } from '../../shared/format';

/** What `stats` can still show to an ACL user denied INFO: keys (DBSIZE) and latency (PING). */
export interface LimitedLine {
  ts: number;
  keys: number | null;
  latencyMs: number | null;
  /** Marks the line as partial, for scripts that read --json. */
  limited: 'info-denied';
}

/** DBSIZE and PING as `metrics.basics` read them, marked as partial. */
export function limitedLine(facts: BasicFacts): LimitedLine {
  return { ts: facts.ts, keys: facts.keys, latencyMs: facts.latencyMs, limited: 'info-denied' };
}

export function humanLimitedLine(l: LimitedLine, clock: (ts: number) => string): string {
  return [clock(l.ts), `keys ${l.keys === null ? 'n/a' : formatInteger(l.keys)}`, `latency ${formatLatency(l.latencyMs)}`].join('  ');
}
