import type { JobProgress } from '../../../../shared/contract/actions';
import { formatInteger, formatRate } from '../../../../shared/format';
import { jobFraction, STATE_WORDS } from './job-words';

export interface Counter {
  label: string;
  value: number | undefined;
  testId: string;
}

/**
 * A job's bar and counters. The bar is determinate when a size is known (a file's lines, a
 * preview's count) and indeterminate otherwise; Cancel stays available while it runs.
 */
export function JobProgressBar({
  progress,
  expected,
  counters,
  onCancel,
  label,
  testId = 'job-progress',
}: {
  progress: JobProgress | undefined;
  expected?: number | null;
  counters: Counter[];
  onCancel?: () => void;
  label: string;
  testId?: string;
}) {
  const fraction = jobFraction(progress, expected);
  const state = progress?.state ?? 'running';
  return (
    <div className="act-job" data-testid={testId} data-state={state} aria-busy={state === 'running'}>
      <div className="act-job-head">
        <strong>{label}</strong>
        <span className={`act-state act-state-${state}`} data-testid={`${testId}-state`}>
          {STATE_WORDS[state]}
        </span>
        <span className="spacer" />
        {state === 'running' && onCancel && (
          <button type="button" className="btn btn-small" onClick={onCancel} data-testid={`${testId}-cancel`}>
            Cancel
          </button>
        )}
      </div>
      <div
        className={`act-bar${fraction === null ? ' act-bar-indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(fraction !== null ? { 'aria-valuenow': Math.round(fraction * 100) } : {})}
      >
        <span style={{ width: fraction === null ? undefined : `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <dl className="act-counters">
        {counters.map((c) => (
          <div key={c.testId}>
            <dt>{c.label}</dt>
            <dd data-testid={c.testId} data-value={c.value ?? ''}>
              {formatInteger(c.value ?? null)}
            </dd>
          </div>
        ))}
        <div>
          <dt>per second</dt>
          <dd data-testid={`${testId}-rate`}>{formatRate(progress?.keysPerSec ?? null)}</dd>
        </div>
      </dl>
      {/* A cluster failover waited for, while it runs; the final message repeats it. */}
      {state === 'running' && progress?.notes?.length ? (
        <ul className="act-message tone-warn" data-testid={`${testId}-notes`}>
          {progress.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      ) : null}
      {progress?.message && state !== 'running' && (
        <p className={state === 'done' ? 'act-message' : 'act-message tone-warn'} data-testid={`${testId}-message`}>
          {progress.message}
        </p>
      )}
    </div>
  );
}
