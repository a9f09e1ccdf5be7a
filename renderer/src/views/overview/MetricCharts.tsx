import { useCallback, useMemo } from 'react';
import type { MetricSample } from '../../../../shared/contract/metrics';
import type { ProfileView } from '../../../../shared/contract/profiles';
import { formatBytes, formatCompact, formatPercent } from '../../../../shared/format';
import { TimeChart, type ChartRow, type LimitLine, type LineSpec } from '../../charts/TimeChart';
import { useAlertsStore } from '../../stores/alerts-store';
import type { AppSeries } from './app-series';
import { bytes, bytesAxis, bytesPerSec, count, latency, pct, pctAxis, perSec, perSecAxis } from './formatters';
import type { ChartWindow } from './use-chart-window';

const SYNC = 'overview';

const MEMORY_LINES: LineSpec[] = [
  { key: 'usedMemory', label: 'used', color: 'blue', width: 2 },
  { key: 'usedMemoryRss', label: 'rss', color: 'teal' },
  { key: 'usedMemoryPeak', label: 'peak', color: 'gray', dashed: true },
];
const EVICTION_LINES: LineSpec[] = [
  { key: 'evictedPerSec', label: 'evicted/s', color: 'red', width: 2, format: perSec },
  { key: 'expiredPerSec', label: 'expired/s', color: 'amber', format: perSec },
];
const OPS_LINES: LineSpec[] = [
  { key: 'opsPerSec', label: 'apps ops/s', color: 'green', width: 2, format: perSec },
  { key: 'ownOpsPerSec', label: "Cachescope's own", color: 'gray', dashed: true, format: perSec },
];
const CLIENT_LINES: LineSpec[] = [
  { key: 'connectedClients', label: 'connected', color: 'blue', width: 2 },
  { key: 'blockedClients', label: 'blocked', color: 'amber' },
];
const NET_LINES: LineSpec[] = [
  { key: 'netInPerSec', label: 'in/s', color: 'teal', width: 2, format: bytesPerSec },
  { key: 'netOutPerSec', label: 'out/s', color: 'purple', format: bytesPerSec },
];
const LATENCY_LINES: LineSpec[] = [
  { key: 'serverP99Mix', label: 'server p99 · app mix', color: 'red', width: 2 },
  { key: 'serverP50Mix', label: 'server p50 · app mix', color: 'amber' },
  { key: 'serverP99Get', label: 'p99 GET', color: 'blue' },
  { key: 'serverP99Set', label: 'p99 SET', color: 'purple' },
  { key: 'latencyMs', label: 'round trip (median of PINGs)', color: 'pink', dashed: true },
];

/** Where the server figures come from, in words (percentiles need Redis 7.0). */
function latencySummary(s: MetricSample | undefined): string {
  const source = s?.serverLatency?.source;
  if (source === 'commandstats') return 'server: mean per call from commandstats (no percentiles before Redis 7.0 or without LATENCY rights)';
  if (source === 'histogram') return 'server: LATENCY HISTOGRAM per interval (bucket bounds, up to 2× coarse) · round trip from Cachescope';
  return 'round trip from Cachescope';
}

const PCT_DOMAIN: [number, number] = [0, 1];

function HitRateTooltipExtra({ row }: { row: ChartRow }) {
  const own = row.ownReads;
  return (
    <div className="chart-tooltip-extra">
      <div>
        server raw <strong>{row.hitRateRaw === null || row.hitRateRaw === undefined ? '—' : formatPercent(row.hitRateRaw)}</strong>
      </div>
      <div>{row.lookups === null || row.lookups === undefined ? 'no baseline' : `${formatCompact(row.lookups)} lookups`}</div>
      {typeof own === 'number' && own > 0 && <div>excluding {formatCompact(own)} reads by Cachescope</div>}
    </div>
  );
}

/** The hero: the interval hit rate, the since-start line, and the app's own figure when configured. */
function HitRateChart({ win, profile, app }: { win: ChartWindow; profile: ProfileView; app: AppSeries | null }) {
  const rule = useAlertsStore((s) => {
    const r = s.rules[profile.id];
    return r?.status === 'ready' ? r.value.find((x) => x.id === 'hitRate') : undefined;
  });
  const lines = useMemo<LineSpec[]>(() => {
    const base: LineSpec[] = [
      { key: 'hitRate', label: 'interval', color: 'blue', width: 2.2, format: pct },
      { key: 'hitRateTotal', label: 'since start', color: 'gray', dashed: true, format: pct },
    ];
    if (app) base.push({ key: 'appHitRate', label: "app's own", color: 'purple', data: app.rows, format: pct });
    return base;
  }, [app]);
  const limits = useMemo<LimitLine[]>(() => (rule && !rule.muted ? [{ y: rule.threshold, label: `alert below ${formatPercent(rule.threshold, 0)}` }] : []), [rule]);
  const extra = useCallback((row: ChartRow) => <HitRateTooltipExtra row={row} />, []);
  const t = win.totals;
  const summary = (
    <span data-testid="chart-hit-rate-summary" data-window-hit-rate={t.hitRate ?? ''} data-own-reads={t.ownReads}>
      {win.windowLabel}: <strong>{formatPercent(t.hitRate)}</strong> of {formatCompact(t.hits + t.misses)} lookups · server raw{' '}
      {formatPercent(t.hitRateRaw)}
      {t.ownReads > 0 ? ` · excluding ${formatCompact(t.ownReads)} reads by Cachescope` : ''}
    </span>
  );
  return (
    <TimeChart
      id="hit-rate"
      className="chart-hero"
      emptyWords="No lookups in this window"
      title="Hit rate"
      summary={summary}
      rows={win.series.rows}
      lines={lines}
      from={win.from}
      to={win.to}
      markers={win.series.markers}
      unreachableSince={win.unreachableSince}
      yFormat={pctAxis}
      yDomain={PCT_DOMAIN}
      limits={limits}
      height={230}
      tooltipExtra={extra}
      exportName={profile.name}
      windowLabel={win.windowLabel}
      syncId={SYNC}
    />
  );
}

function memorySummary(s: MetricSample | undefined): string {
  if (!s) return '';
  if (s.maxMemory > 0) return `${formatBytes(s.usedMemory)} of ${formatBytes(s.maxMemory)} (${formatPercent(s.memoryFraction)}) · ${s.maxMemoryPolicy}`;
  return `${formatBytes(s.usedMemory)} · no limit (maxmemory 0)${s.totalSystemMemory ? ` · system ${formatBytes(s.totalSystemMemory)}` : ''}`;
}

/** Every chart of the overview: the hero first, then a responsive grid. */
export function MetricCharts({ win, profile, latest, app }: { win: ChartWindow; profile: ProfileView; latest: MetricSample | undefined; app: AppSeries | null }) {
  const maxMemory = latest?.maxMemory ?? 0;
  const policy = latest?.maxMemoryPolicy ?? '';
  const memoryLimits = useMemo<LimitLine[]>(() => (maxMemory > 0 ? [{ y: maxMemory, label: `maxmemory ${formatBytes(maxMemory)} · ${policy}` }] : []), [maxMemory, policy]);
  const common = {
    rows: win.series.rows,
    from: win.from,
    to: win.to,
    markers: win.series.markers,
    unreachableSince: win.unreachableSince,
    exportName: profile.name,
    windowLabel: win.windowLabel,
    syncId: SYNC,
  };
  return (
    <>
      <HitRateChart win={win} profile={profile} app={app} />
      <div className="chart-grid" data-testid="chart-grid">
        <div data-testid="memory-chart-wrap" data-limit={maxMemory}>
          <TimeChart id="memory" title="Memory" summary={memorySummary(latest)} lines={MEMORY_LINES} yFormat={bytes} limits={memoryLimits} {...common} />
        </div>
        <TimeChart id="evictions" title="Evictions · expired" lines={EVICTION_LINES} yFormat={perSecAxis} {...common} />
        <TimeChart id="ops" title="Operations" summary="the applications' commands; Cachescope's own polls and reads apart" lines={OPS_LINES} yFormat={count} {...common} />
        <TimeChart id="clients" title="Clients" lines={CLIENT_LINES} yFormat={count} integerAxis {...common} />
        <TimeChart id="network" title="Network" lines={NET_LINES} yFormat={bytesAxis} {...common} />
        <TimeChart id="latency" title="Latency" summary={latencySummary(latest)} lines={LATENCY_LINES} yFormat={latency} {...common} />
      </div>
    </>
  );
}
