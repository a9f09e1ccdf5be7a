import { useMemo } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ProfileView } from '../../../../shared/contract/profiles';
import { formatInteger, formatLatency } from '../../../../shared/format';
import { useConfirmedAction } from '../../app/confirmed-action';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import { BY_SCAN_CODES, flushSpec } from './flush-spec';

/**
 * Flush: FLUSHDB of the selected db, or FLUSHALL behind a stronger, typed confirmation. When
 * the server has renamed the command away or the ACL denies it, the panel says so in words and
 * offers "delete every key by scan" — the invalidation machinery, with its preview and undo.
 */
export function FlushPanel({ api, profile, readOnly, onByScan }: { api: CachescopeApi; profile: ProfileView; readOnly: boolean; onByScan(): void }) {
  const spec = useMemo(() => flushSpec(api, profile.id), [api, profile.id]);
  const flow = useConfirmedAction(api, `actions:flush:${profile.id}`, spec);
  const { state, reset } = flow;
  const preview = (all: boolean) => void flow.preview(all);

  const busy = state.step === 'previewing' || (state.step === 'confirming' && state.busy);
  const byScan = (testId: string) => (
    <button type="button" className="btn" onClick={onByScan} disabled={readOnly} data-testid={testId}>
      Delete every key by scan…
    </button>
  );

  return (
    <section className="panel act-panel" aria-labelledby="flush-title" data-testid="flush-panel">
      <h3 id="flush-title">Flush</h3>
      <p className="muted small">
        FLUSHDB empties db {profile.db} at once, with no undo. To keep an undo file, delete every key by scan instead.
      </p>
      <div className="act-row">
        <button type="button" className="btn btn-danger-text" disabled={readOnly || busy} onClick={() => preview(false)} data-testid="flush-preview-db">
          Flush db {profile.db}…
        </button>
        <button type="button" className="btn btn-danger-text" disabled={readOnly || busy} onClick={() => preview(true)} data-testid="flush-preview-all">
          Flush every db (FLUSHALL)…
        </button>
        <span className="spacer" />
        {byScan('flush-by-scan')}
      </div>

      {state.step === 'previewing' && (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" />
          Checking the server…
        </p>
      )}

      {state.step === 'error' && (
        <div className={`act-card ${state.code === 'READ_ONLY' ? 'act-warn' : 'act-bad'}`} role="alert" data-testid="flush-error" data-code={state.code}>
          <p>{state.message}</p>
          {BY_SCAN_CODES.includes(state.code) && <div className="act-row">{byScan('flush-error-by-scan')}</div>}
        </div>
      )}

      {(state.step === 'previewed' || state.step === 'confirming') && (
        <div className="act-card" data-testid="flush-card" data-command={state.preview.command}>
          <p>
            <strong>{state.preview.all ? 'FLUSHALL' : 'FLUSHDB'}</strong>
            {state.preview.nodes > 1 && <span data-testid="flush-nodes" data-value={state.preview.nodes}>{` on ${state.preview.nodes} primaries`}</span>} would remove{' '}
            <strong data-testid="flush-keys" data-value={state.preview.keys}>
              {formatInteger(state.preview.keys)}
            </strong>{' '}
            keys {state.preview.all ? 'from every db of this server' : `from db ${state.preview.db}`}.
          </p>
          {state.preview.command === 'renamed' ? (
            <p className="act-warn-text" data-testid="flush-note">
              {state.preview.note}
            </p>
          ) : (
            state.preview.note && (
              <p className="muted small" data-testid="flush-note">
                {state.preview.note}
              </p>
            )
          )}
          <div className="act-row">
            <span className="spacer" />
            <button type="button" className="btn" onClick={reset} data-testid="flush-discard">
              Discard
            </button>
            {state.preview.command === 'renamed' ? (
              byScan('flush-card-by-scan')
            ) : (
              <button
                type="button"
                className="btn btn-danger"
                disabled={readOnly}
                onClick={flow.askConfirm}
                data-testid="flush-confirm"
              >
                {state.preview.all ? 'FLUSHALL…' : 'FLUSHDB…'}
              </button>
            )}
          </div>
        </div>
      )}

      {state.step === 'confirming' && (
        <ConfirmActionDialog
          title={state.preview.all ? 'Flush every database (FLUSHALL)?' : `Flush db ${state.preview.db} (FLUSHDB)?`}
          confirm={state.preview.confirm}
          color={profile.color}
          actionLabel={state.preview.all ? 'FLUSHALL' : 'FLUSHDB'}
          busy={state.busy}
          error={state.error}
          testId="flush-dialog"
          onCancel={flow.dismissConfirm}
          onConfirm={(c) => void flow.execute(c)}
        >
          <p>
            {formatInteger(state.preview.keys)} keys {state.preview.all ? 'across every db' : `in db ${state.preview.db}`}
            {state.preview.nodes > 1 ? ` on ${state.preview.nodes} primaries` : ''} are removed at once.{' '}
            <strong className="tone-warn">This cannot be undone.</strong>
          </p>
        </ConfirmActionDialog>
      )}

      {state.step === 'started' && (
        <div className="act-card" role="status" data-testid="flush-done">
          <p>
            {state.result.command}
            {state.result.nodes > 1 ? ` on ${state.result.nodes} primaries` : ''} removed {formatInteger(state.result.keysBefore)} keys in {formatLatency(state.result.durationMs)}.
          </p>
          <button type="button" className="btn btn-ghost" onClick={reset}>
            Done
          </button>
        </div>
      )}
    </section>
  );
}
