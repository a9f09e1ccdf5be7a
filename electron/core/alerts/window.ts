import type { AlertRule, MetricSample } from '../../../shared/contract';
import { EvictionBaseline } from './eviction-baseline';
import { imbalanceOf } from './imbalance';

/**
 * The recent samples of one connection and the figures a rule reads over its window, as
 * Prometheus/Grafana rules read `rate()` / `avg_over_time()`: the hit rate is Σhits / Σlookups
 * over the window (not "every sample below"), a rate is the events over the window divided by
 * its span, a gauge (memory, latency, imbalance) is its mean over the window.
 */
interface Entry {
  ts: number;
  /** The span (ms) this sample's rates cover: since the previous accepted sample; null without a baseline. */
  spanMs: number | null;
  sample: MetricSample;
}

/** Samples older than the longest window (plus this) are dropped. */
const SLACK_MS = 5_000;

export class SampleWindow {
  private entries: Entry[] = [];
  /** Since when samples arrived without a gap or reset: a window shorter than that is not covered. */
  private coveredFrom: number | null = null;
  private lastAccepted: number | null = null;

  push(sample: MetricSample, keepMs: number): void {
    const fresh = sample.gap === true || sample.reset !== undefined;
    if (fresh || this.coveredFrom === null) {
      this.coveredFrom = sample.ts;
      this.lastAccepted = null;
      this.entries = [];
    }
    const spanMs = this.lastAccepted === null || fresh ? null : sample.ts - this.lastAccepted;
    // A folded sample carries no interval figures: the next one spans from the last accepted.
    if (!sample.folded) this.lastAccepted = sample.ts;
    this.entries.push({ ts: sample.ts, spanMs, sample });
    const keepFrom = sample.ts - keepMs - SLACK_MS;
    while (this.entries.length > 1 && this.entries[0]!.ts < keepFrom) this.entries.shift();
  }

  /** Whether the last `ms` were observed without a hole (a window of 0 always is). */
  covers(now: number, ms: number): boolean {
    return this.coveredFrom !== null && now - this.coveredFrom >= ms;
  }

  /** The samples whose intervals end within the last `ms` (just the newest for 0). */
  private within(now: number, ms: number): Entry[] {
    if (ms <= 0) return this.entries.slice(-1);
    return this.entries.filter((e) => e.ts > now - ms && e.ts <= now);
  }

  /**
   * The rule's figure over the last `ms` at `now`, with words naming where (imbalance); null = no data.
   * `evictionBaseline`: the eviction rate's trailing baseline (evictionSpike only; null: too little history).
   */
  figure(rule: AlertRule, now: number, ms: number, evictionBaseline: number | null = null): { value: number | null; detail?: string } {
    const entries = this.within(now, ms);
    switch (rule.id) {
      case 'hitRate': {
        let hits = 0;
        let lookups = 0;
        for (const { sample: s } of entries) {
          if (s.hitsDelta === null || s.missesDelta === null) continue;
          hits += s.hitsDelta;
          lookups += s.hitsDelta + s.missesDelta;
        }
        return { value: lookups > 0 ? hits / lookups : null };
      }
      case 'evictionSpike': {
        const rate = this.figure({ ...rule, id: 'evictions' }, now, ms).value;
        if (rate === null || evictionBaseline === null) return { value: null };
        const factor = rate / evictionBaseline;
        const detail = `${rate.toFixed(1)} evictions/s, ${factor.toFixed(1)}× the ${EvictionBaseline.spanWords(rule.forSec)} before (${evictionBaseline.toFixed(1)}/s)`;
        return { value: factor, detail };
      }
      case 'evictions': {
        let events = 0;
        let spanMs = 0;
        for (const { sample: s, spanMs: span } of entries) {
          if (s.evictedPerSec === null || span === null || span <= 0) continue;
          events += s.evictedPerSec * (span / 1000);
          spanMs += span;
        }
        return { value: spanMs > 0 ? events / (spanMs / 1000) : null };
      }
      case 'memory':
        return { value: mean(entries.map((e) => e.sample.memoryFraction)) };
      case 'latency':
        return { value: mean(entries.map((e) => latencyOf(rule, e.sample))) };
      case 'imbalance': {
        const hot = entries.map((e) => imbalanceOf(e.sample));
        const latest = hot[hot.length - 1];
        const value = mean(hot.map((h) => h?.share ?? null));
        return value === null ? { value } : { value, ...(latest ? { detail: latest.words } : {}) };
      }
      case 'disconnected':
        return { value: null };
    }
  }
}

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/**
 * The latency (ms) a latency rule reads from one sample: the server's p99 of the applications'
 * mix (default) or of one command, or the client's round trip. A server p99 the server does not
 * have (no calls this interval) is no data, never the round trip in its place.
 */
export function latencyOf(rule: AlertRule, s: MetricSample): number | null {
  const of = rule.latencyOf ?? 'mix';
  if (of === 'roundTrip') return s.latencyMs;
  const command = of === 'mix' ? 'mix' : of.slice('cmd:'.length);
  const figure = s.serverLatency?.commands[command];
  return figure && figure.calls > 0 ? figure.p99 / 1000 : null;
}
