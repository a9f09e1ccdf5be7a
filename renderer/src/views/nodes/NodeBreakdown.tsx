import { useCallback, useMemo } from 'react';
import type { MetricSample } from '../../../../shared/contract/metrics';
import type { ProfileView } from '../../../../shared/contract/profiles';
import { MINUTE_MS } from '../../../../shared/downsample';
import { formatPercent } from '../../../../shared/format';
import { TimeChart, type ChartRow, type LineSpec } from '../../charts/TimeChart';
import type { SeriesColor } from '../../charts/palette';
import { bytes, bytesAxis, MAX_POINTS, perSec, perSecAxis, type ChartWindow } from '../overview';
import { primarySeries, type NodeColumn } from './node-series';
import type { ShareMetric, Spread } from './node-share';

const COLORS: readonly SeriesColor[] = ['blue', 'green', 'amber', 'purple', 'teal', 'pink', 'red', 'gray'];
const SYNC = 'nodes';

/** A primary's colour: the same in its band, the share bar and the legend. */
export function colorOf(columns: readonly NodeColumn[], address: string): SeriesColor {
  const i = columns.findIndex((c) => c.address === address);
  return i < 0 ? 'gray' : COLORS[i % COLORS.length]!;
}

/** Each primary's share now, as one bar split in its colours: the hot shard is the wide part. */
function ShareBar({ spread, columns }: { spread: Spread; columns: readonly NodeColumn[] }) {
  if (spread.parts.length === 0) return null;
  return (
    <span className="node-share-bar" aria-hidden="true">
      {spread.parts.map((p) => (
        <span key={p.address} className={`swatch-${colorOf(columns, p.address)}`} style={{ width: `${p.share * 100}%` }} title={`${p.address}: ${formatPercent(p.share)}`} />
      ))}
    </span>
  );
}

interface ChartSpec {
  id: string;
  title: string;
  metric: ShareMetric;
  format: (v: number) => string;
  axis: (v: number) => string;
}

const OPS: ChartSpec = { id: 'node-ops', title: 'Ops/s per primary', metric: 'ops', format: perSec, axis: perSecAxis };
const MEMORY: ChartSpec = { id: 'node-memory', title: 'Memory per primary', metric: 'memory', format: bytes, axis: bytesAxis };

function BreakdownChart({
  spec,
  win,
  samples,
  firstFineTs,
  spread,
  profile,
}: {
  spec: ChartSpec;
  win: ChartWindow;
  samples: readonly MetricSample[];
  firstFineTs: number;
  spread: Spread | null;
  profile: ProfileView;
}) {
  const { windowMs, bucketMs } = win;
  const series = useMemo(() => {
    // Expected spacing between neighbours, as the overview's charts reckon it.
    const spacing = (_prev: number, next: number) => (next < firstFineTs ? Math.max(MINUTE_MS, bucketMs) : Math.max(profile.pollIntervalMs, bucketMs, 1000));
    return primarySeries(samples, spec.metric, windowMs, MAX_POINTS, spacing);
  }, [samples, spec.metric, windowMs, bucketMs, firstFineTs, profile.pollIntervalMs]);
  const columnsKey = series.columns.map((c) => c.address).join(' ');
  const columns = useMemo(() => series.columns, [columnsKey]); // eslint-disable-line react-hooks/exhaustive-deps -- same addresses, same columns
  const lines = useMemo<LineSpec[]>(() => columns.map((c) => ({ key: c.key, label: c.address, color: colorOf(columns, c.address), format: spec.format })), [columns, spec.format]);
  const extra = useCallback(
    (row: ChartRow) => {
      let total = 0;
      let any = false;
      for (const c of columns) {
        const v = row[c.key];
        if (typeof v === 'number') {
          total += v;
          any = true;
        }
      }
      return any ? <div className="chart-tooltip-extra">all primaries {spec.format(total)}</div> : null;
    },
    [columns, spec],
  );
  const summary = spread ? (
    <span className={`node-share${spread.hot ? ' tone-warn' : ''}`} data-testid={`${spec.id}-share`} data-hot={spread.hot} data-top={spread.parts[0]?.address ?? ''}>
      <ShareBar spread={spread} columns={columns} />
      {spread.sentence}
    </span>
  ) : undefined;
  return (
    <TimeChart
      id={spec.id}
      title={spec.title}
      summary={summary}
      rows={series.rows}
      lines={lines}
      from={win.from}
      to={win.to}
      markers={win.series.markers}
      unreachableSince={win.unreachableSince}
      yFormat={spec.axis}
      stacked
      tooltipExtra={extra}
      exportName={profile.name}
      windowLabel={win.windowLabel}
      syncId={SYNC}
      emptyWords="No figures per primary in this window"
    />
  );
}

/** Ops/s and memory per primary over the window, stacked: the total is the overview's, each band a shard. */
export function NodeBreakdown({
  win,
  samples,
  firstFineTs,
  ops,
  memory,
  profile,
}: {
  win: ChartWindow;
  samples: readonly MetricSample[];
  firstFineTs: number;
  ops: Spread | null;
  memory: Spread | null;
  profile: ProfileView;
}) {
  return (
    <div className="chart-grid node-breakdown" data-testid="node-breakdown">
      <BreakdownChart spec={OPS} win={win} samples={samples} firstFineTs={firstFineTs} spread={ops} profile={profile} />
      <BreakdownChart spec={MEMORY} win={win} samples={samples} firstFineTs={firstFineTs} spread={memory} profile={profile} />
    </div>
  );
}
