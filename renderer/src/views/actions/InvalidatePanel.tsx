import { useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ProfileView } from '../../../../shared/contract/profiles';
import { formatBytes, formatInteger } from '../../../../shared/format';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import { isFinal } from './job-words';
import { JobProgressBar } from './JobProgressBar';
import { useRunningPreview } from '../../app/jobs-store';
import { PreviewSummary } from './PreviewSummary';
import { buildTarget, parseThrottle, type TargetDraft } from './target';
import { TargetPicker } from './TargetPicker';
import { UndoRun } from './UndoRun';
import type { Invalidation } from './use-invalidation';

/**
 * Invalidate: pick a target → Preview (a count, a sample, the memory, undo or not) → Confirm
 * (scaled by the connection's tag) → progress with Cancel → the result, with Undo.
 */
export function InvalidatePanel({ api, profile, draft, onDraft, flow, readOnly }: { api: CachescopeApi; profile: ProfileView; draft: TargetDraft; onDraft(d: TargetDraft): void; flow: Invalidation; readOnly: boolean }) {
  const [draftError, setDraftError] = useState<string | null>(null);
  const [throttle, setThrottle] = useState('');
  const { state } = flow;
  const counting = useRunningPreview(profile.id, state.step === 'previewing');

  const preview = () => {
    const built = buildTarget(draft);
    if ('error' in built) return setDraftError(built.error);
    setDraftError(null);
    void flow.preview(built.target);
  };

  const locked = flow.outcome === 'running';
  const throttleValue = parseThrottle(throttle);

  return (
    <section className="panel act-panel" aria-labelledby="invalidate-title" data-testid="invalidate-panel">
      <h3 id="invalidate-title">Invalidate</h3>
      <TargetPicker
        draft={draft}
        onChange={(d) => {
          onDraft(d);
          setDraftError(null);
        }}
        onPreview={preview}
        busy={state.step === 'previewing'}
        disabled={readOnly || locked}
      />
      {draftError && (
        <p className="tone-bad" role="alert" data-testid="target-error">
          {draftError}
        </p>
      )}

      {state.step === 'previewing' && (
        <p className="muted" role="status" data-testid="preview-counting">
          <span className="spinner" aria-hidden="true" />
          Counting matching keys…{counting ? ` ${formatInteger(counting.matched ?? 0)} so far, ${formatInteger(counting.scanned)} examined.` : ''}
        </p>
      )}

      {state.step === 'error' && (
        <p className={state.code === 'READ_ONLY' ? 'tone-warn' : 'tone-bad'} role="alert" data-testid="invalidate-error" data-code={state.code}>
          {state.message}
        </p>
      )}

      {(state.step === 'previewed' || state.step === 'confirming') && (
        <div className="act-card" data-testid="preview-card">
          <PreviewSummary preview={state.preview} />
          <div className="act-card-actions">
            <div className="field act-throttle">
              <label htmlFor="act-throttle">Throttle (keys/s, optional)</label>
              <input id="act-throttle" type="text" inputMode="numeric" placeholder="no limit" value={throttle} onChange={(e) => setThrottle(e.target.value)} data-testid="throttle-input" />
              {typeof throttleValue === 'string' && <span className="field-error">{throttleValue}</span>}
            </div>
            <span className="spacer" />
            <button type="button" className="btn" onClick={flow.reset} data-testid="preview-discard">
              Discard
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={readOnly || state.preview.matched === 0 || typeof throttleValue === 'string'}
              onClick={flow.askConfirm}
              data-testid="preview-confirm"
            >
              Delete {formatInteger(state.preview.matched)} key{state.preview.matched === 1 ? '' : 's'}…
            </button>
          </div>
        </div>
      )}

      {state.step === 'confirming' && (
        <ConfirmActionDialog
          title={`Delete ${formatInteger(state.preview.matched)} key${state.preview.matched === 1 ? '' : 's'}?`}
          confirm={state.preview.confirm}
          color={profile.color}
          actionLabel={`Delete ${formatInteger(state.preview.matched)}`}
          busy={state.busy}
          error={state.error}
          onCancel={flow.dismissConfirm}
          onConfirm={(confirmation) => void flow.execute(confirmation, typeof throttleValue === 'number' ? { throttle: throttleValue } : {})}
        >
          <p>
            <strong>{state.preview.description}</strong> in db {state.preview.db}: {formatInteger(state.preview.matched)} keys
            {state.preview.bytes !== null ? `, ${formatBytes(state.preview.bytes)}` : ''}.
          </p>
          <p className={state.preview.undoAvailable ? 'muted small' : 'tone-warn'} data-testid="confirm-undo">
            {state.preview.undoAvailable ? 'An undo file is written first: you can restore these keys afterwards.' : (state.preview.undoNote ?? 'There will be no undo.')}
          </p>
        </ConfirmActionDialog>
      )}

      {state.step === 'started' && (
        <div className="act-card" data-testid="run-card">
          <p className="act-target">{state.preview.description}</p>
          <JobProgressBar
            progress={flow.job}
            expected={state.preview.matched}
            label="Deleting"
            counters={[
              { label: 'deleted', value: flow.job?.deleted, testId: 'job-deleted' },
              { label: 'matched', value: flow.job?.matched, testId: 'job-matched' },
              { label: 'scanned', value: flow.job?.scanned, testId: 'job-scanned' },
            ]}
            onCancel={() => void flow.cancel()}
          />
          {isFinal(flow.job) && (
            <div className="act-result" data-testid="run-result" data-state={flow.job.state}>
              {flow.undoFile && flow.job.deleted > 0 ? (
                <UndoRun api={api} connectionId={profile.id} undoFile={flow.undoFile} disabled={readOnly} />
              ) : (
                <p className="muted small" data-testid="run-no-undo">
                  {flow.job.deleted > 0 ? 'No undo file was kept for this run.' : 'Nothing was deleted.'}
                </p>
              )}
              <button type="button" className="btn btn-ghost" onClick={flow.reset} data-testid="invalidate-again">
                New invalidation
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
