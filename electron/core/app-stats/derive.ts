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
 * Rates and the app's own hit rate between two reads, like the INFO poller's numbers: per
 * second from our own clock, null without a baseline or across a reset (never negative).
 * The interval hit rate is Δhits / (Δhits + Δmisses).
 */
export function deriveAppStats(connectionId: string, config: AppStatsConfig, cur: AppStatsRead, previous: AppStatsRead | null): AppStatsSample {
  const dtSec = previous ? (cur.ts - previous.ts) / 1000 : 0;
  const rates: Record<string, number | null> = {};
  for (const field of Object.keys(cur.values)) {
    const d = previous && dtSec > 0 ? delta(cur.values[field], previous.values[field]) : null;
    rates[field] = d === null ? null : d / dtSec;
  }
  const { hits, misses } = counterFields(config);
  const dHits = hits && previous ? delta(cur.values[hits], previous.values[hits]) : null;
  const dMisses = misses && previous ? delta(cur.values[misses], previous.values[misses]) : null;
  return {
    connectionId,
    ts: cur.ts,
    values: cur.values,
    rates,
    hitRate: ratio(dHits, dMisses),
    hitRateTotal: hits && misses ? ratio(cur.values[hits], cur.values[misses]) : null,
    ...(cur.error ? { error: cur.error } : {}),
  };
}
