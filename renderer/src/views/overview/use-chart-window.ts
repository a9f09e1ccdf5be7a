import { useDeferredValue, useMemo, useRef } from 'react';
import { metricSeries, windowTotals, type MetricField, type Series, type WindowTotals } from '../../../../shared/chart-series';
import type { MetricSample } from '../../../../shared/contract/metrics';
import type { ConnectionState, ProfileView } from '../../../../shared/contract/profiles';
import { downsampleSamples, MINUTE_MS, samplesInWindow } from '../../../../shared/downsample';
import { useNow } from '../../app/use-now';
import { isUnreachable } from '../../shell/status-words';
import { CHART_WINDOWS, useDashboardStore, windowMs as msOf } from '../../stores/dashboard-store';
import { useChartFeed } from '../../stores/metrics-store';

/** Points per series, whatever the window (the budget: about 300). */
export const MAX_POINTS = 300;

export interface ChartWindow {
  from: number;
  to: number;
  windowMs: number;
  windowLabel: string;
  paused: boolean;
  /** Downsampled samples in the window (≤ MAX_POINTS) and the bucket size (0 = not downsampled). */
  points: MetricSample[];
  bucketMs: number;
  series: Series<MetricField>;
  /** Hits, misses and Cachescope's own reads over the whole window. */
  totals: WindowTotals;
  /** The server is unreachable since (the last sample): shaded up to the right edge. */
  unreachableSince: number | null;
}

/**
 * The overview's chart data for the chosen window: live buffer (or the one frozen at pause),
 * cut to the window, downsampled, turned into rows with breaks and markers. Recomputed once
 * per poll; `useDeferredValue` lets React finish input first when the two compete.
 */
const NO_DATA: { fine: MetricSample[]; coarse: MetricSample[] } = { fine: [], coarse: [] };

export function useChartWindow(profile: ProfileView, state: ConnectionState | undefined): ChartWindow {
  const live = useChartFeed(profile.id) ?? NO_DATA;
  const windowId = useDashboardStore((s) => s.window);
  const pausedAt = useDashboardStore((s) => s.pausedAt);
  const frozen = useRef(live);
  if (pausedAt === null) frozen.current = live;
  const buffer = useDeferredValue(pausedAt === null ? live : frozen.current);
  const unreachable = isUnreachable(state);
  // Only an outage needs the clock: the gap must grow while no samples arrive.
  const now = useNow(1000, unreachable && pausedAt === null);
  const latest = buffer.fine[buffer.fine.length - 1] ?? buffer.coarse[buffer.coarse.length - 1];
  const windowMs = msOf(windowId);
  const to = pausedAt ?? (unreachable ? Math.max(now, latest?.ts ?? 0) : (latest?.ts ?? now));
  const from = to - windowMs;
  const unreachableSince = unreachable && latest && latest.ts < to ? latest.ts : null;

  const computed = useMemo(() => {
    const samples = samplesInWindow(buffer.fine, buffer.coarse, from, to);
    const { points, bucketMs } = downsampleSamples(samples, windowMs, MAX_POINTS);
    const firstFine = buffer.fine[0]?.ts ?? Number.POSITIVE_INFINITY;
    // Expected spacing between neighbours: a minute among the aggregates, else the poll interval or bucket.
    const spacing = (_prev: MetricSample, next: MetricSample) =>
      next.ts < firstFine ? Math.max(MINUTE_MS, bucketMs) : Math.max(profile.pollIntervalMs, bucketMs, 1000);
    return { points, bucketMs, series: metricSeries(points, spacing), totals: windowTotals(samples) };
  }, [buffer, from, to, windowMs, profile.pollIntervalMs]);

  return {
    from,
    to,
    windowMs,
    windowLabel: CHART_WINDOWS.find((w) => w.id === windowId)!.label.replace(' ', ''),
    paused: pausedAt !== null,
    ...computed,
    unreachableSince,
  };
}
