import { useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ItemError } from '../../../../shared/contract/actions';
import { JobProgressBar } from './JobProgressBar';
import { KeyNameList, KeyNameText } from './KeyNames';
import { useUndoRun } from './use-undo-run';

/**
 * Restore one undo file. Keys recreated since the delete (the app refilled its cache) are
 * left alone and listed, unless the user ticks "overwrite" — then the saved values win.
 * `elsewhere` (the file came from another server or db) asks first, naming both.
 */
export function UndoRun({
  api,
  connectionId,
  undoFile,
  disabled,
  label = 'Undo',
  testId = 'undo',
  elsewhere = null,
}: {
  api: CachescopeApi;
  connectionId: string;
  undoFile: string;
  disabled: boolean;
  label?: string;
  testId?: string;
  elsewhere?: string | null;
}) {
  const [replace, setReplace] = useState(false);
  const [asking, setAsking] = useState(false);
  const run = useUndoRun(api, connectionId);
  const running = run.starting || run.job?.state === 'running' || (run.jobId !== null && !run.job);
  return (
    <div className="act-undo" data-testid={testId}>
      <div className="act-undo-controls">
        <button type="button" className="btn" disabled={disabled || running || asking} onClick={() => (elsewhere ? setAsking(true) : void run.start(undoFile, replace))} data-testid={`${testId}-button`}>
          {label}
        </button>
        <label className="toggle small">
          <input type="checkbox" checked={replace} disabled={disabled || running} onChange={(e) => setReplace(e.target.checked)} data-testid={`${testId}-replace`} />
          Overwrite keys recreated since the delete
        </label>
      </div>
      {asking && elsewhere && (
        <div className="act-warn" role="alertdialog" aria-label="Restore into another target" data-testid={`${testId}-elsewhere`}>
          <p className="small">
            <strong className="tone-warn">{elsewhere}</strong> Restore its keys there anyway?
          </p>
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => {
              setAsking(false);
              void run.start(undoFile, replace, true);
            }}
            data-testid={`${testId}-elsewhere-confirm`}
          >
            Restore there
          </button>{' '}
          <button type="button" className="btn" onClick={() => setAsking(false)} data-testid={`${testId}-elsewhere-cancel`}>
            Cancel
          </button>
        </div>
      )}
      {run.error && (
        <p className="tone-bad" role="alert" data-testid={`${testId}-error`}>
          {run.error}
        </p>
      )}
      {run.jobId && (
        <JobProgressBar
          progress={run.job}
          label="Restoring"
          testId={`${testId}-progress`}
          counters={[
            { label: 'restored', value: run.job?.written, testId: `${testId}-written` },
            { label: 'skipped', value: run.job?.skipped, testId: `${testId}-skipped` },
            { label: 'failed', value: run.job?.failed, testId: `${testId}-failed` },
          ]}
          onCancel={() => void run.cancel()}
        />
      )}
      {run.job && run.job.state !== 'running' && (run.job.skippedKeys?.length ?? 0) > 0 && (
        <div className="act-skipped">
          <p className="small">Recreated meanwhile, left as they are{replace ? '' : ' (tick “overwrite” and undo again to replace them)'}:</p>
          <KeyNameList names={run.job.skippedKeys ?? []} testId={`${testId}-skipped-keys`} />
        </div>
      )}
      {run.job?.errors && run.job.errors.length > 0 && <ItemErrors errors={run.job.errors} testId={`${testId}-errors`} />}
    </div>
  );
}

/** Per-item problems, never hidden: the input line (or the key) and the reason. */
export function ItemErrors({ errors, testId }: { errors: ItemError[]; testId: string }) {
  return (
    <table className="data-table act-errors" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Line / key</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e, i) => (
          <tr key={`${e.line ?? ''}-${i}`} data-testid={`${testId}-row`}>
            <td className="nowrap" data-testid={`${testId}-line`}>
              {e.line ?? (e.key ? <KeyNameText name={e.key} /> : '—')}
            </td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
