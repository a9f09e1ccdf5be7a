import { formatBytes, formatCompact, formatLatency, formatPercent, formatRate } from '../../../../shared/format';

/** Stable formatter functions (module constants, so memoised charts see the same props). */
export const pctAxis = (v: number) => `${Math.round(v * 100)}%`;
export const pct = (v: number) => formatPercent(v);
export const bytes = (v: number) => formatBytes(v);
export const bytesPerSec = (v: number) => `${formatBytes(v)}/s`;
/** Axis labels stay short (the unit is in the legend): "48.6 KiB", "1.20 MiB". */
export const bytesAxis = (v: number) => formatBytes(v);
/** "12k" on an axis, "12.3k/s" in a tooltip. */
export const perSecAxis = (v: number) => formatRate(v);
export const perSec = (v: number) => `${formatRate(v)}/s`;
export const count = (v: number) => formatCompact(v);
export const latency = (v: number) => formatLatency(v);
