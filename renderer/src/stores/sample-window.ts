import type { MetricSample } from '../../../shared/contract/metrics';

/** The renderer keeps a short window per connection; the full hour stays in main. */
export const SAMPLE_WINDOW = 300;

/**
 * Merge samples into a window: ordered by time, one sample per timestamp (a history
 * fetch overlaps the live stream), only the newest `limit` kept.
 */
export function mergeSamples<T extends Pick<MetricSample, 'ts'>>(current: readonly T[], incoming: readonly T[], limit = SAMPLE_WINDOW): T[] {
  if (incoming.length === 0) return current as T[];
  const last = current[current.length - 1];
  // Fast path, the live stream: one newer sample appended.
  if (incoming.length === 1 && (!last || incoming[0]!.ts > last.ts)) {
    const next = [...current, incoming[0]!];
    return next.length > limit ? next.slice(next.length - limit) : next;
  }
  const byTs = new Map<number, T>();
  for (const s of current) byTs.set(s.ts, s);
  for (const s of incoming) byTs.set(s.ts, s);
  const merged = [...byTs.values()].sort((a, b) => a.ts - b.ts);
  return merged.length > limit ? merged.slice(merged.length - limit) : merged;
}
