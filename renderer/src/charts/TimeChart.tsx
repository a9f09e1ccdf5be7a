import { memo, useCallback, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Area, AreaChart, CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartMarker } from '../../../shared/chart-series';
import { rowsToCsv } from '../../../shared/chart-series';
import { NO_DATA } from '../../../shared/format';
import { chartPng, downloadBlob, fileStamp, safeFileName } from './export';
import { markerLabels } from './marker-labels';
import { useStaggered } from './stagger';
import { useVisible } from './use-visible';
import { useChartTheme, type ChartTheme, type SeriesColor } from './palette';
import { formatClock, formatDateTime, tickFormatter, timeTicks } from './time-format';

export type ChartRow = { ts: number } & Record<string, number | null>;

export interface LineSpec {
  key: string;
  label: string;
  color: SeriesColor;
  dashed?: boolean;
  width?: number;
  /** Its own points (e.g. the app's counters, sampled on another clock); default: the chart rows. */
  data?: readonly ChartRow[];
  /** Tooltip/CSV formatting; default: the chart's y format. */
  format?: (v: number) => string;
}

export interface LimitLine {
  y: number;
  label: string;
}

export interface TimeChartProps {
  id: string;
  title: string;
  /** One line under the title: the window's figure (e.g. "5 min: 80.1 %"). */
  summary?: ReactNode;
  rows: readonly ChartRow[];
  lines: readonly LineSpec[];
  from: number;
  to: number;
  markers: readonly ChartMarker[];
  /** The server is unreachable since this time: shade from there to the right edge. */
  unreachableSince?: number | null;
  yFormat: (v: number) => string;
  yDomain?: [number | 'auto' | 'dataMin' | 'dataMax', number | 'auto' | 'dataMin' | 'dataMax'];
  limits?: readonly LimitLine[];
  height?: number;
  /** Extra tooltip lines for the hovered row (e.g. the raw server figure). */
  tooltipExtra?: (row: ChartRow) => ReactNode;
  /** For export file names: connection name and window label. */
  exportName: string;
  windowLabel: string;
  syncId?: string;
  className?: string;
  /** What an empty window means once there are two polls (e.g. "No lookups in this window"). */
  emptyWords?: string;
  /** Counts (clients): whole-number ticks only. */
  integerAxis?: boolean;
  /** Parts of a whole (one band per node): stacked areas, the first at the bottom. */
  stacked?: boolean;
}

const MARKER_WORDS: Record<ChartMarker['kind'], string> = { gap: 'unreachable', restart: 'restart', 'stats-reset': 'stats reset', topology: 'topology' };

function latestValue(rows: readonly ChartRow[], key: string): number | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const v = rows[i]![key];
    if (typeof v === 'number') return v;
  }
  return null;
}

/** The row at or just before `ts` (rows are time-ordered). */
function rowAt(rows: readonly ChartRow[], ts: number): ChartRow | undefined {
  let lo = 0;
  let hi = rows.length - 1;
  let found: ChartRow | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.ts <= ts) {
      found = rows[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** What happened at a marker (a failover, a restart), for the tooltip of the point it starts. */
function MarkerNotes({ markers, ts }: { markers: readonly ChartMarker[]; ts: number }) {
  const here = markers.filter((m) => m.kind !== 'gap' && m.to === ts);
  if (here.length === 0) return null;
  return (
    <div className="chart-tooltip-markers" data-testid="chart-tooltip-markers">
      {here.flatMap((m) =>
        m.details && m.details.length > 0 ? m.details.map((d, i) => <div key={`${m.kind}-${i}`}>⚑ {d}</div>) : [<div key={m.kind}>⚑ {m.label ?? MARKER_WORDS[m.kind]}: a new baseline starts here</div>],
      )}
    </div>
  );
}

function ChartTooltip({
  label,
  lines,
  rows,
  markers,
  yFormat,
  extra,
}: {
  label: unknown;
  lines: readonly LineSpec[];
  rows: readonly ChartRow[];
  markers: readonly ChartMarker[];
  yFormat: (v: number) => string;
  extra?: (row: ChartRow) => ReactNode;
}) {
  if (typeof label !== 'number') return null;
  const row = rowAt(rows, label);
  if (!row) return null;
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      <div className="chart-tooltip-time">{formatDateTime(row.ts)}</div>
      {lines.map((l) => {
        const source = l.data ? rowAt(l.data, row.ts) : row;
        const v = source?.[l.key];
        return (
          <div key={l.key} className="chart-tooltip-row">
            <span className={`chart-swatch swatch-${l.color}${l.dashed ? ' dashed' : ''}`} aria-hidden="true" />
            <span className="chart-tooltip-label">{l.label}</span>
            <span className="chart-tooltip-value">{typeof v === 'number' ? (l.format ?? yFormat)(v) : NO_DATA}</span>
          </div>
        );
      })}
      {extra?.(row)}
      <MarkerNotes markers={markers} ts={row.ts} />
    </div>
  );
}

const MARGIN = { top: 14, right: 12, bottom: 0, left: 0 };
/** Markers closer than this share of the window share one label (a label is about a fifth of a small chart wide). */
const LABEL_SPACING = 5;

/** The part of recharts' tick props we use (X and Y axes pass the same shape). */
interface TickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit';
  payload: { value?: unknown };
}

/**
 * A plain <text> tick. recharts' own tick measures each label in the DOM (word wrapping and
 * overlap checks) on every redraw; our ticks are few, short and chosen by us (interval 0).
 */
function makeTick(fill: string, format: (v: number) => string, dy: string) {
  return function AxisTick(p: TickProps) {
    return (
      <text x={p.x} y={p.y} dy={dy} textAnchor={p.textAnchor} fill={fill} fontSize={11} className="recharts-cartesian-axis-tick-value">
        {format(Number(p.payload.value))}
      </text>
    );
  };
}
const ACTIVE_DOT = { r: 3 };
/** recharts' default layer for lines (DefaultZIndexes.line). */
const LINE_Z = 400;
const DEFAULT_Y: [number, 'auto'] = [0, 'auto'];
const NO_LIMITS: readonly LimitLine[] = [];

interface ChartPlotProps {
  rows: readonly ChartRow[];
  lines: readonly LineSpec[];
  from: number;
  to: number;
  markers: readonly ChartMarker[];
  unreachableSince?: number | null;
  yFormat: (v: number) => string;
  yDomain?: TimeChartProps['yDomain'];
  limits?: readonly LimitLine[];
  tooltipExtra?: (row: ChartRow) => ReactNode;
  syncId?: string;
  theme: ChartTheme;
  integerAxis?: boolean;
  stacked?: boolean;
}

/**
 * The recharts drawing. Every object prop is memoised: recharts keeps its settings in an
 * internal store, and a new object (even an equal one) re-dispatches them and recomputes its
 * selectors on every render.
 */
const ChartPlot = memo(function ChartPlot({
  rows,
  lines,
  from,
  to,
  markers,
  unreachableSince,
  yFormat,
  yDomain,
  limits = NO_LIMITS,
  tooltipExtra,
  syncId,
  theme,
  integerAxis = false,
  stacked = false,
}: ChartPlotProps) {
  const xDomain = useMemo<[number, number]>(() => [from, to], [from, to]);
  const ticks = useMemo(() => timeTicks(from, to), [from, to]);
  const formatTick = useMemo(() => tickFormatter(ticks), [ticks]);
  const xTick = useMemo(() => makeTick(theme.muted, formatTick, '0.71em'), [theme, formatTick]);
  const yTick = useMemo(() => makeTick(theme.muted, yFormat, '0.355em'), [theme, yFormat]);
  const style = useMemo(
    () => ({
      cursor: { stroke: theme.axis },
      gapLabel: { value: MARKER_WORDS.gap, position: 'insideTop' as const, fill: theme.muted, fontSize: 10 },
      // Right-aligned: the live outage starts as a thin strip at the right edge and grows leftwards.
      liveGapLabel: { value: 'unreachable', position: 'insideTopRight' as const, fill: theme.gapFill, fontSize: 10 },
    }),
    [theme],
  );
  // A topology change says what it was ("failover"), a reset its kind; close markers share one label.
  const lineLabels = useMemo(() => {
    const texts = markerLabels(markers, (to - from) / LABEL_SPACING);
    return texts.map((value) => (value === null ? undefined : { value, position: 'insideTopRight' as const, fill: theme.marker, fontSize: 10 }));
  }, [markers, from, to, theme]);
  const limitLabels = useMemo(() => limits.map((l) => ({ value: l.label, position: 'insideTopLeft' as const, fill: theme.limit, fontSize: 10 })), [limits, theme]);
  const content = useCallback(
    ({ label }: { label?: unknown }) => <ChartTooltip label={label} lines={lines} rows={rows} markers={markers} yFormat={yFormat} extra={tooltipExtra} />,
    [lines, rows, markers, yFormat, tooltipExtra],
  );
  // Stacked bands build up from the first; lines draw the first last, on top.
  const drawOrder = useMemo(() => (stacked ? lines : [...lines].reverse()), [lines, stacked]);
  const Chart = stacked ? AreaChart : LineChart;
  return (
    <ResponsiveContainer width="100%" height="100%" debounce={50}>
      <Chart data={rows as ChartRow[]} margin={MARGIN} syncId={syncId}>
        <CartesianGrid stroke={theme.grid} vertical={false} />
        <XAxis
          dataKey="ts"
          type="number"
          scale="time"
          domain={xDomain}
          ticks={ticks}
          interval={0}
          allowDataOverflow
          stroke={theme.axis}
          tick={xTick}
          tickLine={false}
        />
        <YAxis width={62} interval={0} domain={yDomain ?? DEFAULT_Y} stroke={theme.axis} tick={yTick} tickLine={false} axisLine={false} tickCount={4} allowDecimals={!integerAxis} />
        {markers.map((m, i) =>
          m.kind === 'gap' ? (
            <ReferenceArea key={`gap-${m.from}`} x1={m.from} x2={m.to} ifOverflow="hidden" fill={theme.gapFill} fillOpacity={0.09} stroke="none" className="gap-area" label={style.gapLabel} />
          ) : (
            <ReferenceLine
              key={`${m.kind}-${m.to}`}
              x={m.to}
              ifOverflow="hidden"
              stroke={theme.marker}
              strokeDasharray="3 3"
              className={`reset-line reset-${m.kind}`}
              label={lineLabels[i]}
            />
          ),
        )}
        {unreachableSince != null && unreachableSince < to && (
          <ReferenceArea x1={Math.max(unreachableSince, from)} x2={to} ifOverflow="hidden" fill={theme.gapFill} fillOpacity={0.12} stroke="none" className="gap-area gap-live" label={style.liveGapLabel} />
        )}
        {limits.map((l, i) => (
          <ReferenceLine key={`limit-${l.label}`} y={l.y} ifOverflow="extendDomain" stroke={theme.limit} strokeDasharray="6 3" className="limit-line" label={limitLabels[i]} />
        ))}
        <Tooltip isAnimationActive={false} cursor={style.cursor} content={content} />
        {/* The first line (the one the chart is about) must not hide under the others: drawn last and on the highest layer. */}
        {drawOrder.map((l, i) =>
          stacked ? (
            <Area
              key={l.key}
              zIndex={LINE_Z + i}
              dataKey={l.key}
              name={l.label}
              type="linear"
              stackId="parts"
              stroke={theme.series[l.color]}
              fill={theme.series[l.color]}
              fillOpacity={0.35}
              strokeWidth={l.width ?? 1.2}
              dot={false}
              activeDot={ACTIVE_DOT}
              connectNulls={false}
              isAnimationActive={false}
            />
          ) : (
            <Line
              key={l.key}
              zIndex={LINE_Z + i}
              {...(l.data ? { data: l.data as ChartRow[] } : {})}
              dataKey={l.key}
              name={l.label}
              type="linear"
              stroke={theme.series[l.color]}
              strokeWidth={l.width ?? 1.6}
              strokeDasharray={l.dashed ? '5 4' : undefined}
              dot={false}
              activeDot={ACTIVE_DOT}
              connectNulls={false}
              isAnimationActive={false}
            />
          ),
        )}
      </Chart>
    </ResponsiveContainer>
  );
});

/**
 * One time-series panel (recharts): no animation, no dots, lines broken at null rows (gaps and
 * resets, see shared/chart-series.ts), reference areas for outages, reference lines for resets
 * and limits, a shared hover cursor, and CSV/PNG export of what is drawn in the window.
 * New data is drawn through the chart queue (stagger.ts): one chart per task.
 */
export const TimeChart = memo(function TimeChart(props: TimeChartProps) {
  const sectionRef = useRef<HTMLElement>(null);
  // The CSV takes the newest data even when the drawing is a task (or, off screen, a while) behind.
  const latestRef = useRef(props);
  latestRef.current = props;
  const shown = useStaggered(props, useVisible(sectionRef));
  return <TimeChartBody {...shown} sectionRef={sectionRef} latestRef={latestRef} />;
});

type BodyProps = TimeChartProps & { sectionRef: RefObject<HTMLElement | null>; latestRef: RefObject<TimeChartProps> };

const TimeChartBody = memo(function TimeChartBody(props: BodyProps) {
  const { id, title, summary, rows, lines, from, to, markers, unreachableSince, yFormat, yDomain, limits, height = 180, tooltipExtra, syncId, emptyWords, integerAxis, stacked } = props;
  const theme = useChartTheme();
  const wrapRef = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const drawn = useMemo(() => rows.filter((r) => lines.some((l) => !l.data && r[l.key] !== null)).length, [rows, lines]);
  const hasData = drawn > 0 || lines.some((l) => l.data && l.data.some((r) => r[l.key] !== null));
  const gaps = markers.filter((m) => m.kind === 'gap').length + (unreachableSince ? 1 : 0);
  const resets = markers.length - markers.filter((m) => m.kind === 'gap').length;
  const first = lines[0];
  const latest = first ? latestValue(first.data ?? rows, first.key) : null;

  const exportCsv = () => {
    const { rows, lines, from, to } = props.latestRef.current;
    const inWindow = (r: ChartRow) => r.ts >= from && r.ts <= to;
    const own = lines.filter((l) => !l.data);
    // Lines on their own clock (app counters) are exported as their own file rows, merged by time.
    const merged: ChartRow[] = [...rows.filter(inWindow)];
    for (const l of lines.filter((x) => x.data)) for (const r of l.data!.filter(inWindow)) merged.push({ ts: r.ts, [l.key]: r[l.key] ?? null });
    merged.sort((a, b) => a.ts - b.ts);
    const csv = rowsToCsv(merged, [...own, ...lines.filter((l) => l.data)].map((l) => ({ label: l.label, value: (r: ChartRow) => r[l.key] ?? null })));
    downloadBlob(`${safeFileName('cachescope', props.exportName, id, props.windowLabel, fileStamp(to))}.csv`, new Blob([csv], { type: 'text/csv' }));
  };

  const exportPng = async () => {
    const svg = wrapRef.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) return;
    try {
      setExportError(null);
      const blob = await chartPng(svg, { title: `${title} — ${props.exportName}`, subtitle: `${formatDateTime(from)} → ${formatDateTime(to)} (${props.windowLabel})`, theme });
      downloadBlob(`${safeFileName('cachescope', props.exportName, id, props.windowLabel, fileStamp(to))}.png`, blob);
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section
      ref={props.sectionRef}
      className={`chart-panel${props.className ? ` ${props.className}` : ''}`}
      data-testid={`chart-${id}`}
      data-points={drawn}
      data-gaps={gaps}
      data-resets={resets}
      data-latest={latest ?? ''}
      aria-label={title}
    >
      <header className="chart-header">
        <h3 className="chart-title">{title}</h3>
        <div className="chart-legend" aria-hidden="true">
          {lines.map((l) => (
            <span key={l.key} className="chart-legend-item">
              <span className={`chart-swatch swatch-${l.color}${l.dashed ? ' dashed' : ''}`} />
              {l.label}
            </span>
          ))}
        </div>
        <div className="chart-actions">
          <button type="button" className="btn btn-ghost btn-tiny" data-testid={`chart-${id}-csv`} title="Download the points in this window as CSV" onClick={exportCsv}>
            CSV
          </button>
          <button type="button" className="btn btn-ghost btn-tiny" data-testid={`chart-${id}-png`} title="Download this chart as a PNG image" onClick={() => void exportPng()}>
            PNG
          </button>
        </div>
        {summary && <div className="chart-summary">{summary}</div>}
      </header>
      {exportError && (
        <p className="chart-error" role="alert">
          {exportError}
        </p>
      )}
      <div className="chart-body" ref={wrapRef} style={{ height }}>
        <ChartPlot
          rows={rows}
          lines={lines}
          from={from}
          to={to}
          markers={markers}
          unreachableSince={unreachableSince}
          yFormat={yFormat}
          yDomain={yDomain}
          limits={limits}
          tooltipExtra={tooltipExtra}
          syncId={syncId}
          theme={theme}
          integerAxis={integerAxis}
          stacked={stacked}
        />
        {!hasData && (
          <div className="chart-empty" data-testid={`chart-${id}-empty`}>
            {rows.length === 0 ? 'No data in this window yet' : rows.length === 1 ? 'No data yet — rates need two polls' : (emptyWords ?? 'Nothing to draw in this window')}
          </div>
        )}
      </div>
      {/* Screen readers get the latest value in words instead of the drawing. */}
      <p className="sr-only">
        {title}: latest {latest === null ? 'no data' : yFormat(latest)} at {formatClock(to)}.
      </p>
    </section>
  );
});
