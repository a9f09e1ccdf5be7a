import type Redis from 'ioredis';
import type { LatencyData, LatencyEventView } from '../../../shared/contract';
import { configNumber } from './config-value';

/** The threshold offered when the monitor is off: spikes of 10 ms and more are worth a look on a cache. */
export const SUGGESTED_THRESHOLD_MS = 10;

/** LATENCY LATEST rows: [event, unix seconds, latest ms, max ms]. */
export function parseLatest(raw: unknown): Omit<LatencyEventView, 'history'>[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((row) => {
    if (!Array.isArray(row) || row.length < 4) return [];
    return [{ event: String(row[0]), latestTs: Number(row[1]) * 1000, latestMs: Number(row[2]), maxMs: Number(row[3]) }];
  });
}

/** LATENCY HISTORY rows: [unix seconds, ms] → [ms epoch, ms], oldest first. */
export function parseHistory(raw: unknown): [number, number][] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((row): row is unknown[] => Array.isArray(row) && row.length >= 2)
    .map((row): [number, number] => [Number(row[0]) * 1000, Number(row[1])])
    .sort((a, b) => a[0] - b[0]);
}

/** How to turn the monitor on, in words, when it is off or its state unknown. */
export function latencyHint(thresholdMs: number | null): string | undefined {
  if (thresholdMs === null)
    return `Whether the server's latency monitor is on cannot be read (CONFIG GET is not permitted). Ask an administrator to set latency-monitor-threshold (e.g. CONFIG SET latency-monitor-threshold ${SUGGESTED_THRESHOLD_MS}) to record spikes.`;
  if (thresholdMs === 0)
    return `The server's latency monitor is off (latency-monitor-threshold 0), so it records no spikes. Turning it on (CONFIG SET latency-monitor-threshold ${SUGGESTED_THRESHOLD_MS}) makes it log every event slower than ${SUGGESTED_THRESHOLD_MS} ms; it costs next to nothing.`;
  return undefined;
}

/** LATENCY LATEST, then HISTORY of each event, and the threshold. Refusals of LATENCY throw (see panelRead). */
export async function readLatency(client: Redis): Promise<LatencyData> {
  const latest = parseLatest(await client.call('LATENCY', 'LATEST'));
  const events = await Promise.all(latest.map(async (e) => ({ ...e, history: parseHistory(await client.call('LATENCY', 'HISTORY', e.event)) })));
  const thresholdMs = await configNumber(client, 'latency-monitor-threshold');
  const hint = latencyHint(thresholdMs);
  return { thresholdMs, events, ...(hint ? { hint } : {}) };
}
