import type { AuditEntry } from '../../../../shared/contract/actions';
import { formatInteger, formatLatency } from '../../../../shared/format';
import { formatDateTime } from '../../charts/time-format';
import { OUTCOME_TONE } from './outcomes';

/** The log, newest first: who did what, where, how many (previewed vs done), how long, how it ended. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="audit-scroll">
      <table className="data-table audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">User</th>
            <th scope="col">Connection</th>
            <th scope="col" className="num">
              DB
            </th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col" className="num" title="Keys (or items) the preview counted">
              Previewed
            </th>
            <th scope="col" className="num" title="Keys (or items) actually done">
              Result
            </th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col">Outcome</th>
            <th scope="col">Undo file</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={`${e.ts}-${i}`} data-testid="audit-row" data-action={e.action} data-outcome={e.outcome}>
              <td className="nowrap">{formatDateTime(e.ts)}</td>
              <td>
                {e.osUser}
                <div className="muted small">{e.source}</div>
              </td>
              <td>
                {e.connectionName}
                <div className="muted small">{e.server}</div>
              </td>
              <td className="num">{e.db}</td>
              <td className="nowrap" data-testid="audit-action">
                {e.action}
              </td>
              <td className="audit-target" data-testid="audit-target">
                {e.target}
                {e.message && <div className="muted small">{e.message}</div>}
              </td>
              <td className="num" data-testid="audit-preview-count">
                {formatInteger(e.previewCount)}
              </td>
              <td className="num" data-testid="audit-result-count">
                {formatInteger(e.resultCount)}
              </td>
              <td className="num nowrap">{formatLatency(e.durationMs)}</td>
              <td className={OUTCOME_TONE[e.outcome]} data-testid="audit-outcome">
                {e.outcome}
              </td>
              <td className="audit-undo">{e.undoFile ? <code title={e.undoFile}>{e.undoFile}</code> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
