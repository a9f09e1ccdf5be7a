import { useEffect, useRef } from 'react';
import type { SlowlogMark, SlowlogView } from '../../../../shared/contract/diagnostics';
import { formatInteger } from '../../../../shared/format';
import { useServices } from '../../app/context';
import { formatDateTime } from '../../charts/time-format';
import { ConfirmActionDialog } from '../actions';
import { diagnosticsCommands } from './commands';
import { NodeSections, PanelStatus } from './NodeSections';
import type { PanelState } from './use-panel';
import { useWrite } from './use-write';

function newestIds(view: SlowlogView | null): Record<string, SlowlogMark> {
  const out: Record<string, SlowlogMark> = {};
  for (const n of view?.nodes ?? []) if (n.available && n.data.newest) out[n.address] = n.data.newest;
  return out;
}

/** SLOWLOG per node: what was slow, how slow, who sent it; what is new since the last look; reset on request. */
export function SlowlogPanel({ connectionId, color, panel }: { connectionId: string; color: string; panel: PanelState<'diagnostics.slowlog'> }) {
  const { api } = useServices();
  const { value, error, refresh } = panel;
  const latest = useRef<Record<string, SlowlogMark>>({});
  latest.current = newestIds(value);
  // Leaving the view is "having looked": what is listed now is not new next time.
  useEffect(() => () => void diagnosticsCommands.markSlowlogSeen(api, connectionId, latest.current), [api, connectionId]);
  const reset = useWrite<true>((_about, confirmation) => diagnosticsCommands.resetSlowlog(api, connectionId, confirmation), refresh);
  const markSeen = () => void diagnosticsCommands.markSlowlogSeen(api, connectionId, latest.current).then(refresh);
  const fresh = (value?.nodes ?? []).reduce((s, n) => s + (n.available ? n.data.entries.filter((e) => e.isNew).length : 0), 0);

  return (
    <section className="panel" data-testid="diag-slowlog" aria-labelledby="diag-slowlog-title">
      <div className="diag-head">
        <h3 id="diag-slowlog-title">Slow log</h3>
        {value && (
          <span className="small" data-testid="slowlog-new">
            {fresh > 0 ? `${formatInteger(fresh)} new since your last look` : 'nothing new since your last look'}
          </span>
        )}
        <span className="spacer" />
        <button type="button" className="btn btn-small" onClick={markSeen} disabled={fresh === 0} data-testid="slowlog-mark-seen">
          Mark seen
        </button>
        <button
          type="button"
          className="btn btn-small btn-danger"
          onClick={() => reset.ask(true)}
          disabled={!value || value.readOnly}
          title={value?.readOnly ? 'Read-only connection: resetting is refused' : 'SLOWLOG RESET: empties the slow log'}
          data-testid="slowlog-reset"
        >
          Reset…
        </button>
      </div>
      <PanelStatus error={error} loading={!value} testId="slowlog" />
      {value && (
        <NodeSections nodes={value.nodes} panel="slowlog">
          {(data) =>
            data.entries.length === 0 ? (
              <p className="muted">
                No slow commands logged{data.slowerThanUs !== null ? ` (the server logs commands slower than ${formatInteger(data.slowerThanUs)} µs)` : ''}.
              </p>
            ) : (
              <div className="diag-scroll">
                <table className="diag-table" data-testid="slowlog-table">
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th className="num">Duration</th>
                      <th>Command</th>
                      <th>Client</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.entries.map((e) => (
                      <tr key={e.id} className={e.isNew ? 'diag-new' : undefined} data-testid="slowlog-row">
                        <td>
                          {formatDateTime(e.ts)}
                          {e.isNew && <span className="diag-badge">new</span>}
                        </td>
                        <td className="num">{formatInteger(e.durationUs)} µs</td>
                        <td className="mono diag-cmd">{e.args.join(' ')}</td>
                        <td>
                          {e.clientName ?? <span className="muted">unnamed</span>} <span className="muted small">{e.clientAddr ?? ''}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="muted small">
                  {formatInteger(data.length)} {data.length === 1 ? 'entry' : 'entries'} held by the server
                  {data.slowerThanUs !== null ? `; it logs commands slower than ${formatInteger(data.slowerThanUs)} µs` : ''}. Arguments are cut; values show as their size.
                </p>
              </div>
            )
          }
        </NodeSections>
      )}
      {reset.pending && value && (
        <ConfirmActionDialog
          title="Reset the slow log"
          confirm={value.confirm}
          color={color}
          actionLabel="Reset the slow log"
          onConfirm={reset.confirm}
          onCancel={reset.cancel}
          busy={reset.busy}
          error={reset.error}
          testId="slowlog-reset-dialog"
        >
          <p>SLOWLOG RESET empties the server&apos;s slow log{value.nodes.length > 1 ? ` on all ${value.nodes.length} nodes` : ''}: other tools reading it lose these entries too.</p>
        </ConfirmActionDialog>
      )}
    </section>
  );
}
