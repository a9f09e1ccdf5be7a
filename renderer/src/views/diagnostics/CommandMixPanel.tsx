import type { CommandMixData } from '../../../../shared/contract/diagnostics';
import { formatInteger, formatPercent } from '../../../../shared/format';
import { NodeSections, PanelStatus } from './NodeSections';
import type { PanelState } from './use-panel';

/** Rows shown per node: the busiest, and every flagged one whatever its rank. */
const TOP = 15;

const rate = (v: number | null) => (v === null ? '—' : v >= 100 ? formatInteger(Math.round(v)) : v.toFixed(v >= 10 ? 1 : 2));

function Mix({ data }: { data: CommandMixData }) {
  const shown = data.commands.filter((c, i) => i < TOP || c.flag);
  const interval = data.intervalSec;
  return (
    <>
      <p className="small" data-testid="mix-summary">
        {interval === null ? 'Since the server started (rates from the next read): ' : `Last ${interval.toFixed(1)} s: `}
        {data.readShare === null ? 'no data reads or writes' : `${formatPercent(data.readShare)} of data commands are reads`}
        {data.readsPerSec !== null && data.writesPerSec !== null && ` (${rate(data.readsPerSec)} reads/s, ${rate(data.writesPerSec)} writes/s)`}.
      </p>
      <div className="diag-scroll">
        <table className="diag-table" data-testid="mix-table">
          <thead>
            <tr>
              <th>Command</th>
              <th className="num">Calls/s</th>
              <th className="num">µs/call</th>
              <th className="num">Rejected/s</th>
              <th className="num">Failed/s</th>
              <th className="num">Calls (total)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.command} className={c.flag ? 'diag-flagged' : undefined} data-testid="mix-row" data-command={c.command}>
                <td className="mono">
                  {c.command} <span className="muted small">{c.kind === 'other' ? '' : c.kind}</span>
                  {c.alsoCachescope && (
                    <span className="diag-badge" title="Cachescope sends this command itself (its poll, these panels): the counts include its own calls">
                      also Cachescope
                    </span>
                  )}
                </td>
                <td className="num">{rate(c.callsPerSec)}</td>
                <td className="num">{c.usecPerCall === null ? '—' : c.usecPerCall.toFixed(1)}</td>
                <td className="num">{rate(c.rejectedPerSec)}</td>
                <td className="num">{rate(c.failedPerSec)}</td>
                <td className="num">{formatInteger(c.calls)}</td>
                <td className="diag-flag" data-testid={c.flag ? 'mix-flag' : undefined}>
                  {c.flag ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.errors.length > 0 && (
        <p className="small" data-testid="mix-errors">
          Errors: {data.errors.map((e) => `${e.error} ${formatInteger(e.count)}${e.delta ? ` (+${formatInteger(e.delta)})` : ''}`).join(' · ')}
        </p>
      )}
      {data.errorsNote && <p className="small muted">{data.errorsNote}</p>}
    </>
  );
}

/** INFO commandstats as deltas per read: what the cache is asked, how fast, what fails, what hurts. */
export function CommandMixPanel({ panel }: { panel: PanelState<'diagnostics.commands'> }) {
  const { value, error } = panel;
  return (
    <section className="panel" data-testid="diag-commands" aria-labelledby="diag-commands-title">
      <div className="diag-head">
        <h3 id="diag-commands-title">Command mix</h3>
      </div>
      <PanelStatus error={error} loading={!value} testId="mix" />
      {value && <NodeSections nodes={value.nodes} panel="mix">{(data) => <Mix data={data} />}</NodeSections>}
    </section>
  );
}
