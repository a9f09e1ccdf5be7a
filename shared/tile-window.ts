import type { MetricSample } from './contract/metrics';

/** How far back the overview's tiles look by default: steady enough not to flicker, short enough to be "now". */
export const TILE_WINDOW_MS = 10_000;

/** The tiles' figures over the last `windowMs` (a ratio of sums, rates over the span, the middle round trip). */
export interface TileWindow {
  /** The span the rates cover (ms): up to windowMs, less just after connecting or a gap. */
  spanMs: number;
  hitRate: number | null;
  lookups: number;
  opsPerSec: number | null;
  ownOpsPerSec: number | null;
  evictedPerSec: number | null;
  expiredPerSec: number | null;
  /** The median of the samples' round trips. */
  latencyMs: number | null;
  /** The largest of the samples' server p99s of the app mix (µs); null without calls. */
  serverP99Us: number | null;
}

type Rate = 'opsPerSec' | 'ownOpsPerSec' | 'evictedPerSec' | 'expiredPerSec';

/** The tiles' window ending at the newest sample. A gap or reset inside it cuts it there. */
export function tileWindow(samples: readonly MetricSample[], windowMs = TILE_WINDOW_MS): TileWindow {
  const last = samples[samples.length - 1];
  const empty: TileWindow = { spanMs: 0, hitRate: null, lookups: 0, opsPerSec: null, ownOpsPerSec: null, evictedPerSec: null, expiredPerSec: null, latencyMs: null, serverP99Us: null };
  if (!last) return empty;
  const from = last.ts - windowMs;
  let start = samples.length - 1;
  while (start > 0 && samples[start - 1]!.ts > from && !samples[start]!.gap && samples[start]!.reset === undefined) start--;
  const within = samples.slice(start);
  let hits = 0;
  let lookups = 0;
  const events: Record<Rate, number> = { opsPerSec: 0, ownOpsPerSec: 0, evictedPerSec: 0, expiredPerSec: 0 };
  const spans: Record<Rate, number> = { opsPerSec: 0, ownOpsPerSec: 0, evictedPerSec: 0, expiredPerSec: 0 };
  // A rate spans from the last accepted (non-folded) sample before it.
  let accepted: number | null = start > 0 ? samples[start - 1]!.ts : null;
  let spanMs = 0;
  const trips: number[] = [];
  let p99: number | null = null;
  for (const s of within) {
    if (s.hitsDelta !== null && s.missesDelta !== null) {
      hits += s.hitsDelta;
      lookups += s.hitsDelta + s.missesDelta;
    }
    const span = accepted === null || s.gap || s.reset !== undefined ? null : s.ts - accepted;
    if (span !== null && span > 0) {
      for (const k of Object.keys(events) as Rate[]) {
        const v = s[k];
        if (v === null || v === undefined) continue;
        events[k] += v * span;
        spans[k] += span;
      }
      if (s.opsPerSec !== null) spanMs += span;
    }
    if (!s.folded) accepted = s.ts;
    if (s.latencyMs !== null) trips.push(s.latencyMs);
    const mix = s.serverLatency?.commands['mix'];
    if (mix && mix.calls > 0) p99 = Math.max(p99 ?? 0, mix.p99);
  }
  const rate = (k: Rate) => (spans[k] > 0 ? events[k] / spans[k] : null);
  trips.sort((a, b) => a - b);
  const mid = trips.length >> 1;
  return {
    spanMs,
    hitRate: lookups > 0 ? hits / lookups : null,
    lookups,
    opsPerSec: rate('opsPerSec'),
    ownOpsPerSec: rate('ownOpsPerSec'),
    evictedPerSec: rate('evictedPerSec'),
    expiredPerSec: rate('expiredPerSec'),
    latencyMs: trips.length === 0 ? null : trips.length % 2 ? trips[mid]! : (trips[mid - 1]! + trips[mid]!) / 2,
    serverP99Us: p99,
  };
}

/** "last 10 s" — what the tiles say they show; the span actually covered when it is shorter. */
export function tileWindowLabel(w: TileWindow, windowMs = TILE_WINDOW_MS): string {
  const covered = Math.round(w.spanMs / 1000);
  return covered > 0 && w.spanMs < windowMs - 500 ? `last ${covered} s` : `last ${Math.round(windowMs / 1000)} s`;
}
