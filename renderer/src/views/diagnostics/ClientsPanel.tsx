import type { ClientGroupView } from '../../../../shared/contract/diagnostics';
import { formatBytes, formatDuration, formatInteger } from '../../../../shared/format';
import { useServices } from '../../app/context';
import { ConfirmActionDialog } from '../actions';
import { diagnosticsCommands } from './commands';
import { NodeSections, PanelStatus } from './NodeSections';
import type { PanelState } from './use-panel';
import { useWrite } from './use-write';

interface KillTarget {
  node: string;
  group: ClientGroupView;
}

const idle = (g: ClientGroupView) => (g.minIdleSec === g.maxIdleSec ? formatDuration(g.minIdleSec) : `${formatDuration(g.minIdleSec)} – ${formatDuration(g.maxIdleSec)}`);

/** CLIENT LIST per node, grouped by name and host, the odd ones flagged, Cachescope's own marked; kill on request. */
export function ClientsPanel({ connectionId, color, panel }: { connectionId: string; color: string; panel: PanelState<'diagnostics.clients'> }) {
  const { api } = useServices();
  const { value, error, refresh } = panel;
  const kill = useWrite<KillTarget>((t, confirmation) => diagnosticsCommands.killClients(api, connectionId, t.node, t.group.ids, confirmation), refresh);

  return (
    <section className="panel" data-testid="diag-clients" aria-labelledby="diag-clients-title">
      <div className="diag-head">
        <h3 id="diag-clients-title">Clients</h3>
      </div>
      <PanelStatus error={error} loading={!value} testId="clients" />
      {value && (
        <NodeSections nodes={value.nodes} panel="clients">
          {(data, node) => (
            <div className="diag-scroll">
              <table className="diag-table" data-testid="clients-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Host</th>
                    <th className="num">Conn.</th>
                    <th>Idle</th>
                    <th className="num">Output buffers</th>
                    <th>Last commands</th>
                    <th>DB</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {data.groups.map((g) => (
                    <tr key={`${g.name ?? ''} ${g.host}`} className={g.flags.length ? 'diag-flagged' : undefined} data-testid="clients-group" data-name={g.name ?? ''}>
                      <td>
                        {g.name ?? <span className="muted">unnamed</span>}
                        {g.own && <span className="diag-badge diag-own">Cachescope</span>}
                        {g.flags.map((f) => (
                          <div key={f} className="diag-flag small" data-testid="clients-flag">
                            {f}
                          </div>
                        ))}
                      </td>
                      <td className="mono">{g.host}</td>
                      <td className="num">{formatInteger(g.connections)}</td>
                      <td>{idle(g)}</td>
                      <td className="num">{formatBytes(g.outputBufferBytes)}</td>
                      <td className="mono small">{g.cmds.join(', ')}</td>
                      <td>{g.dbs.join(', ')}</td>
                      <td>
                        {!g.own && (
                          <button
                            type="button"
                            className="btn btn-small btn-danger"
                            disabled={value.readOnly}
                            title={value.readOnly ? 'Read-only connection: killing clients is refused' : `CLIENT KILL the ${g.connections} connection(s)`}
                            onClick={() => kill.ask({ node: node.address, group: g })}
                            data-testid="clients-kill"
                          >
                            Kill…
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </NodeSections>
      )}
      {kill.pending && value && (
        <ConfirmActionDialog
          title={`Kill ${kill.pending.group.connections === 1 ? 'a client' : `${kill.pending.group.connections} clients`}`}
          confirm={value.confirm}
          color={color}
          actionLabel={`Kill ${formatInteger(kill.pending.group.connections)}`}
          onConfirm={kill.confirm}
          onCancel={kill.cancel}
          busy={kill.busy}
          error={kill.error}
          testId="clients-kill-dialog"
        >
          <p>
            CLIENT KILL closes {kill.pending.group.connections === 1 ? 'the connection' : `the ${kill.pending.group.connections} connections`} of{' '}
            <strong>{kill.pending.group.name ?? 'an unnamed client'}</strong> from {kill.pending.group.host} on {kill.pending.node}. The app will see its connection drop (most
            reconnect).
          </p>
        </ConfirmActionDialog>
      )}
    </section>
  );
}
