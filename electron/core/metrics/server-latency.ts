import type { CommandLatency, ServerLatency } from '../../../shared/contract';
import { parseKvList, type ParsedInfo } from './info-parser';

/**
 * The server's own command latency per poll interval. Redis ≥ 7.0: `LATENCY HISTOGRAM` gives,
 * per command, cumulative call counts under power-of-two µs bounds since the server started;
 * the difference between two polls is the interval's histogram, and a percentile is the bound
 * of the bucket it falls in. Older servers: `INFO commandstats` usec/calls deltas, a mean only.
 */

/** One command's cumulative histogram: [upper bound µs, calls at or under it] ascending. */
export interface CommandHistogram {
  calls: number;
  buckets: [number, number][];
}
export type Histograms = Map<string, CommandHistogram>;
/** INFO commandstats: calls and total µs per command. */
export type CommandTotals = Map<string, { calls: number; usec: number }>;

/**
 * Commands Cachescope's poll sends (and the ones a dashboard's other panels send): not the
 * applications' latency, so kept out of the 'mix'. An application's own PING or INFO is left
 * out with them — neither says how fast the cache answers a lookup.
 */
const OWN = new Set(['ping', 'info', 'latency|histogram', 'latency|latest', 'latency|history', 'cluster|nodes', 'cluster|info', 'cluster|myid', 'cluster|slots', 'cluster|shards', 'slowlog|get', 'slowlog|len', 'client|list', 'client|setname', 'client|info', 'config|get', 'hello', 'auth', 'select', 'command|docs', 'command|info', 'command|count', 'memory|usage', 'scan', 'dbsize']);

const asText = (v: unknown) => (Buffer.isBuffer(v) ? v.toString() : String(v));

/** The RESP2 reply of `LATENCY HISTOGRAM` (no arguments: every command called since start). */
export function parseHistograms(reply: unknown): Histograms {
  const out: Histograms = new Map();
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const name = asText(reply[i]).toLowerCase();
    const body = reply[i + 1];
    if (!Array.isArray(body)) continue;
    let calls = 0;
    let buckets: [number, number][] = [];
    for (let j = 0; j + 1 < body.length; j += 2) {
      const field = asText(body[j]);
      const value = body[j + 1];
      if (field === 'calls') calls = Number(value) || 0;
      else if (field === 'histogram_usec' && Array.isArray(value)) {
        buckets = [];
        for (let k = 0; k + 1 < value.length; k += 2) buckets.push([Number(value[k]), Number(value[k + 1])]);
      }
    }
    out.set(name, { calls, buckets: buckets.sort((a, b) => a[0] - b[0]) });
  }
  return out;
}

/** `cmdstat_get:calls=3,usec=12,…` lines of INFO (commandstats section, in `INFO all`). */
export function commandTotalsOf(info: ParsedInfo): CommandTotals {
  const out: CommandTotals = new Map();
  for (const [key, value] of Object.entries(info.sections['commandstats'] ?? {})) {
    if (!key.startsWith('cmdstat_')) continue;
    const kv = parseKvList(value);
    out.set(key.slice('cmdstat_'.length).toLowerCase(), { calls: Number(kv['calls']) || 0, usec: Number(kv['usec']) || 0 });
  }
  return out;
}

/** INFO latencystats (Redis ≥ 7.0): p50/p99/p99.9 in µs since start or the last stats reset. */
export function latencyStatsOf(info: ParsedInfo): Record<string, { p50: number; p99: number; p999: number }> | undefined {
  const section = info.sections['latencystats'];
  if (!section) return undefined;
  const out: Record<string, { p50: number; p99: number; p999: number }> = {};
  for (const [key, value] of Object.entries(section)) {
    if (!key.startsWith('latency_percentiles_usec_')) continue;
    const kv = parseKvList(value);
    out[key.slice('latency_percentiles_usec_'.length).toLowerCase()] = { p50: Number(kv['p50']) || 0, p99: Number(kv['p99']) || 0, p999: Number(kv['p99.9']) || 0 };
  }
  return out;
}

/**
 * The applications' commands that ran since the previous INFO (calls went up): the only ones
 * whose histograms can have moved, so the only ones LATENCY HISTOGRAM is asked for — it costs
 * the server a few µs per command it walks.
 */
export function activeCommands(now: CommandTotals, before: CommandTotals): string[] {
  const out: string[] = [];
  for (const [name, t] of now) if (!OWN.has(name) && t.calls > (before.get(name)?.calls ?? 0)) out.push(name);
  return out;
}

/** Non-cumulative counts per bucket bound of `cur - prev`. Null when counts went down (a reset). */
function intervalCounts(cur: CommandHistogram, prev: CommandHistogram): Map<number, number> | null {
  const before = new Map(prev.buckets);
  const out = new Map<number, number>();
  let lastCur = 0;
  let lastPrev = 0;
  for (const [bound, cum] of cur.buckets) {
    // A bucket missing before had the cumulative count of the bucket under it.
    const prevCum = before.get(bound) ?? lastPrev;
    const n = cum - lastCur - (prevCum - lastPrev);
    if (n < 0) return null;
    if (n > 0) out.set(bound, n);
    lastCur = cum;
    lastPrev = prevCum;
  }
  return out;
}

function percentiles(counts: Map<number, number>): CommandLatency | null {
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  const calls = sorted.reduce((s, [, n]) => s + n, 0);
  if (calls === 0) return null;
  const at = (q: number) => {
    let seen = 0;
    for (const [bound, n] of sorted) if ((seen += n) >= q * calls) return bound;
    return sorted[sorted.length - 1]![0];
  };
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), calls };
}

/**
 * The interval's latency from each node's histograms now (the commands asked for) and as last
 * known (same node order). A command without a known histogram is left out of this interval
 * (its counts since start are not this interval's). Null when no node had a previous reading.
 * Nodes' counts add up per command.
 */
export function histogramLatency(now: Histograms[], before: (Histograms | undefined)[]): ServerLatency | null {
  const perCommand = new Map<string, Map<number, number>>();
  const mix = new Map<number, number>();
  let any = false;
  now.forEach((hists, i) => {
    const prev = before[i];
    if (!prev) return;
    any = true;
    for (const [name, hist] of hists) {
      const known = prev.get(name);
      const counts = known ? intervalCounts(hist, known) : null;
      if (!counts) continue;
      const into = perCommand.get(name) ?? new Map<number, number>();
      for (const [bound, n] of counts) {
        into.set(bound, (into.get(bound) ?? 0) + n);
        if (!OWN.has(name)) mix.set(bound, (mix.get(bound) ?? 0) + n);
      }
      perCommand.set(name, into);
    }
  });
  if (!any) return null;
  const commands: Record<string, CommandLatency> = {};
  for (const [name, counts] of perCommand) {
    const p = percentiles(counts);
    if (p) commands[name] = p;
  }
  commands['mix'] = percentiles(mix) ?? { p50: 0, p99: 0, p999: 0, calls: 0 };
  return { source: 'histogram', commands };
}

/** Older servers: usec_per_call over the interval (a mean), the same figure in every percentile. */
export function commandStatsLatency(now: CommandTotals[], before: (CommandTotals | undefined)[]): ServerLatency | null {
  const sums = new Map<string, { calls: number; usec: number }>();
  let any = false;
  now.forEach((totals, i) => {
    const prev = before[i];
    if (!prev) return;
    any = true;
    for (const [name, t] of totals) {
      const p = prev.get(name) ?? { calls: 0, usec: 0 };
      const calls = t.calls - p.calls;
      const usec = t.usec - p.usec;
      if (calls <= 0 || usec < 0) continue;
      const s = sums.get(name) ?? { calls: 0, usec: 0 };
      sums.set(name, { calls: s.calls + calls, usec: s.usec + usec });
    }
  });
  if (!any) return null;
  const commands: Record<string, CommandLatency> = {};
  const mix = { calls: 0, usec: 0 };
  const mean = (s: { calls: number; usec: number }): CommandLatency => {
    const m = s.usec / s.calls;
    return { p50: m, p99: m, p999: m, calls: s.calls };
  };
  for (const [name, s] of sums) {
    commands[name] = mean(s);
    if (!OWN.has(name)) {
      mix.calls += s.calls;
      mix.usec += s.usec;
    }
  }
  commands['mix'] = mix.calls > 0 ? mean(mix) : { p50: 0, p99: 0, p999: 0, calls: 0 };
  return { source: 'commandstats', commands };
}

/** The middle of the round trips (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
