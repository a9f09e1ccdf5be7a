import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LatencyEventView } from '../../../../shared/contract/diagnostics';
import { useServices } from '../../app/context';
import { formatClock, formatDateTime } from '../../charts/time-format';
import { useChartTheme } from '../../charts/palette';
import { ConfirmActionDialog } from '../actions';
import { diagnosticsCommands } from './commands';
import { NodeSections, PanelStatus } from './NodeSections';
import type { PanelState } from './use-panel';
import { useWrite } from './use-write';

/** What "Turn on" sets: spikes of 10 ms and more are worth a look on a cache. */
const SUGGESTED_MS = 10;

function EventChart({ event, thresholdMs }: { event: LatencyEventView; thresholdMs: number | null }) {
  const theme = useChartTheme();
  const rows = event.history.map(([ts, ms]) => ({ ts, ms }));
  return (
    <figure className="diag-chart" data-testid="latency-event">
      <figcaption>
        <strong>{event.event}</strong> <span className="muted small">latest {event.latestMs} ms at {formatDateTime(event.latestTs)} · max {event.maxMs} ms</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={140}>
        <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={theme.grid} vertical={false} />
          <XAxis dataKey="ts" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatClock(t, false)} stroke={theme.axis} tick={{ fill: theme.muted, fontSize: 11 }} />
          <YAxis stroke={theme.axis} tick={{ fill: theme.muted, fontSize: 11 }} unit=" ms" width={56} />
          <Tooltip labelFormatter={(t) => formatDateTime(Number(t))} formatter={(v) => [`${String(v)} ms`, event.event]} contentStyle={{ background: theme.background, borderColor: theme.axis }} />
          {thresholdMs ? <ReferenceLine y={thresholdMs} stroke={theme.limit} strokeDasharray="4 4" /> : null}
          <Line type="linear" dataKey="ms" stroke={theme.series.amber} dot={{ r: 2 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** LATENCY LATEST/HISTORY per node, charted when the server records them; how to turn recording on when it does not. */
export function LatencyPanel({ connectionId, color, panel }: { connectionId: string; color: string; panel: PanelState<'diagnostics.latency'> }) {
  const { api } = useServices();
  const { value, error, refresh } = panel;
  const setThreshold = useWrite<number>((thresholdMs, confirmation) => diagnosticsCommands.setLatencyThreshold(api, connectionId, thresholdMs, confirmation), refresh);
  const thresholds = (value?.nodes ?? []).flatMap((n) => (n.available ? [n.data.thresholdMs] : []));
  const on = thresholds.some((t) => t !== null && t > 0);
  const known = thresholds.some((t) => t !== null);

  return (
    <section className="panel" data-testid="diag-latency" aria-labelledby="diag-latency-title">
      <div className="diag-head">
        <h3 id="diag-latency-title">Latency monitor</h3>
        <span className="spacer" />
        {value && known && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setThreshold.ask(on ? 0 : SUGGESTED_MS)}
            disabled={value.readOnly}
            title={value.readOnly ? 'Read-only connection: changing a server setting is refused' : undefined}
            data-testid="latency-toggle"
          >
            {on ? 'Turn off…' : `Turn on at ${SUGGESTED_MS} ms…`}
          </button>
        )}
      </div>
      <PanelStatus error={error} loading={!value} testId="latency" />
      {value && (
        <NodeSections nodes={value.nodes} panel="latency">
          {(data) => (
            <>
              {data.thresholdMs !== null && data.thresholdMs > 0 && (
                <p className="small muted" data-testid="latency-threshold">
                  Recording events slower than {data.thresholdMs} ms.
                </p>
              )}
              {data.hint && (
                <p className="small" data-testid="latency-hint">
                  {data.hint}
                </p>
              )}
              {data.events.length === 0 && data.thresholdMs !== 0 && <p className="muted">No latency events recorded.</p>}
              <div className="diag-charts">
                {data.events.map((e) => (
                  <EventChart key={e.event} event={e} thresholdMs={data.thresholdMs} />
                ))}
              </div>
            </>
          )}
        </NodeSections>
      )}
      {setThreshold.pending !== null && value && (
        <ConfirmActionDialog
          title={setThreshold.pending === 0 ? 'Turn the latency monitor off' : 'Turn the latency monitor on'}
          confirm={value.confirm}
          color={color}
          actionLabel={`CONFIG SET latency-monitor-threshold ${setThreshold.pending}`}
          onConfirm={setThreshold.confirm}
          onCancel={setThreshold.cancel}
          busy={setThreshold.busy}
          error={setThreshold.error}
          testId="latency-dialog"
        >
          <p>
            This changes a server setting{value.nodes.length > 1 ? ` on all ${value.nodes.length} nodes` : ''} (CONFIG SET latency-monitor-threshold {setThreshold.pending}). The value it had is
            put back when you close this connection or quit (after a crash, when the connection next opens); the audit log keeps it.
          </p>
        </ConfirmActionDialog>
      )}
    </section>
  );
}
