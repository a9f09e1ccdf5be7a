import { useMemo } from 'react';
import { aggregateAppStats, buildSeries, type AppStatsPoint, type ChartMarker } from '../../../../shared/chart-series';
import type { AppStatsConfig, AppStatsSample } from '../../../../shared/contract/dashboard';
import { downsample } from '../../../../shared/downsample';
import { appStatsSamplesOf } from '../../stores/app-stats-store';
import type { ChartRow } from '../../charts/TimeChart';
import { MAX_POINTS } from './use-chart-window';

export interface AppSeries {
  /** `appHitRate`, then `r0…rN`: the per-second rate of each configured field (index keys: field names may contain dots). */
  rows: ChartRow[];
  markers: ChartMarker[];
  fields: { key: string; field: string }[];
  latest: AppStatsSample | undefined;
}

/**
 * The app-stats samples of the window as chart rows (downsampled like the Redis charts).
 * Read from the store when the Redis window moves (`to`), not on every app sample: the
 * charts then redraw once per poll, and stay still while paused.
 */
export function useAppSeries(connectionId: string, config: AppStatsConfig | null, from: number, to: number, pollMs: number): AppSeries | null {
  return useMemo(() => {
    if (!config) return null;
    const samples: AppStatsSample[] = appStatsSamplesOf(connectionId);
    const inWindow = samples.filter((s) => s.ts >= from && s.ts <= to);
    const { points, bucketMs } = downsample<AppStatsPoint>(inWindow, (s) => s.ts, to - from, MAX_POINTS, (b) => aggregateAppStats(b, config.hitsField, config.missesField));
    const fields = config.fields.map((field, i) => ({ key: `r${i}`, field }));
    const accessors: Record<string, (p: AppStatsPoint) => number | null> = { appHitRate: (p) => p.hitRate };
    for (const f of fields) accessors[f.key] = (p) => p.rates[f.field] ?? null;
    const spacing = Math.max(pollMs, bucketMs, 1000);
    const { rows, markers } = buildSeries(points, {
      tsOf: (p) => p.ts,
      fields: accessors,
      isHole: (prev, next) => next.ts - prev.ts > 3 * spacing,
    });
    return { rows: rows as ChartRow[], markers, fields, latest: samples[samples.length - 1] };
  }, [connectionId, config, from, to, pollMs]);
}
