import type { AppStatsConfig, AppStatsSample } from '../../../shared/contract';

/** One read of the app's counters. */
export interface AppStatsRead {
  ts: number;
  values: Record<string, number | null>;
  error?: string;
}

/** Which fields are the app's hits and misses: as configured, else fields literally named so. */
export function counterFields(config: AppStatsConfig): { hits?: string; misses?: string } {
  const pick = (given: string | undefined, name: string) => (given ? given : config.fields.includes(name) ? name : undefined);
  const hits = pick(config.hitsField, 'hits');
  const misses = pick(config.missesField, 'misses');
  return { ...(hits ? { hits } : {}), ...(misses ? { misses } : {}) };
}

/** A counter's increase, or null when unknown or when it went down (the app restarted or reset it). */
function delta(cur: number | null | undefined, prev: number | null | undefined): number | null {
  if (cur === null || cur === undefined || prev === null || prev === undefined) return null;
  return cur >= prev ? cur - prev : null;
}

function ratio(hits: number | null | undefined, misses: number | null | undefined): number | null {
  if (hits === null || hits === undefined || misses === null || misses === undefined) return null;
  const total = hits + misses;
  return total > 0 ? hits / total : null; // no traffic is "no data", never 0 % or 100 %
}

/**
 * Whether the counters started again between two reads: one of them went down (the app
 * restarted or re-initialised them), or one that was missing is back (the key expired or was
 * deleted, and the app wrote it afresh: gomeet's 24 h `cache:stats`). Either way no increase
 * over the interval is known, for any counter, since they reset together.
 */
function isReset(cur: AppStatsRead, previous: AppStatsRead): boolean {
  return Object.keys(cur.values).some((f) => {
    const c = cur.values[f];
    const p = previous.values[f];
    if (c === null || c === undefined) return false;
    return p === null || p === undefined || c < p;
  });
}

/**
 * Rates and the app's own hit rate between two reads, like the INFO poller's numbers: per
 * second from our own clock, null without a baseline or across a reset (never negative).
 * The interval hit rate is Δhits / (Δhits + Δmisses).
 */
export function deriveAppStats(connectionId: string, config: AppStatsConfig, cur: AppStatsRead, previous: AppStatsRead | null): AppStatsSample {
  const reset = previous !== null && isReset(cur, previous);
  const base = reset ? null : previous;
  const dtSec = base ? (cur.ts - base.ts) / 1000 : 0;
  const rates: Record<string, number | null> = {};
  for (const field of Object.keys(cur.values)) {
    const d = base && dtSec > 0 ? delta(cur.values[field], base.values[field]) : null;
    rates[field] = d === null ? null : d / dtSec;
  }
  const { hits, misses } = counterFields(config);
  const dHits = hits && base ? delta(cur.values[hits], base.values[hits]) : null;
  const dMisses = misses && base ? delta(cur.values[misses], base.values[misses]) : null;
  return {
    connectionId,
    ts: cur.ts,
    values: cur.values,
    rates,
    hitRate: ratio(dHits, dMisses),
    hitRateTotal: hits && misses ? ratio(cur.values[hits], cur.values[misses]) : null,
    ...(reset ? { reset: true as const } : {}),
    ...(cur.error ? { error: cur.error } : {}),
  };
}
