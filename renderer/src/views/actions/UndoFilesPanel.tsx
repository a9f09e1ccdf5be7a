import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ProfileView } from '../../../../shared/contract/profiles';
import { restoreTargetMismatch } from '../../../../shared/restore-target';
import { formatBytes, formatInteger } from '../../../../shared/format';
import { formatDateTime } from '../../charts/time-format';
import { UndoSettings } from './UndoSettings';
import { UndoRun } from './UndoRun';
import { useUndoFiles } from './use-undo-files';

/**
 * Every undo file kept for this connection, newest first: an invalidation can be reversed
 * later, not only right after it ran.
 */
export function UndoFilesPanel({ api, profile, readOnly }: { api: CachescopeApi; profile: ProfileView; readOnly: boolean }) {
  const connectionId = profile.id;
  const { files, error } = useUndoFiles(api, connectionId);

  return (
    <section className="panel act-panel" aria-labelledby="undo-files-title" data-testid="undo-files-panel">
      <h3 id="undo-files-title">Undo files</h3>
      <UndoSettings api={api} />
      {error && (
        <p className="tone-bad" role="alert">
          {error}
        </p>
      )}
      {files === null ? (
        <p className="muted small">Loading…</p>
      ) : files.length === 0 ? (
        <p className="muted small" data-testid="undo-files-empty">
          No undo file for this connection yet. Each invalidation with undo keeps one here.
        </p>
      ) : (
        <table className="data-table" data-testid="undo-files">
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">What was deleted</th>
              <th scope="col" className="num">
                Keys
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Restore</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.file} data-testid="undo-file" data-file={f.file}>
                <td className="nowrap">{formatDateTime(f.createdAt)}</td>
                <td>
                  {f.description} · db {f.db}
                  {!f.complete && <span className="badge badge-warn">incomplete</span>}
                  <div className="muted small">
                    <code>{f.file}</code>
                  </div>
                </td>
                <td className="num">{formatInteger(f.entries)}</td>
                <td className="num">{formatBytes(f.bytes)}</td>
                <td>
                  <UndoRun api={api} connectionId={connectionId} undoFile={f.file} disabled={readOnly} label="Restore" testId="undo-file-restore" elsewhere={restoreTargetMismatch(f, profile)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
