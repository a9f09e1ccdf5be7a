import { useRef, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { FlushPreview, FlushResult } from '../../../../shared/contract/actions';
import type { ProfileView } from '../../../../shared/contract/profiles';
import type { ErrorCode } from '../../../../shared/envelope';
import { formatInteger, formatLatency } from '../../../../shared/format';
import { ConfirmActionDialog } from './ConfirmActionDialog';

type FlushState =
  | { step: 'idle' }
  | { step: 'previewing'; all: boolean }
  | { step: 'previewed'; preview: FlushPreview }
  | { step: 'confirming'; preview: FlushPreview; busy: boolean; error: string | null }
  | { step: 'done'; preview: FlushPreview; result: FlushResult }
  | { step: 'error'; code: ErrorCode; message: string; all: boolean };

/** Errors after which deleting by scan is the way: the command is renamed away or the ACL denies it. */
const BY_SCAN_CODES: ErrorCode[] = ['UNSUPPORTED', 'NO_PERMISSION'];

/**
 * Flush: FLUSHDB of the selected db, or FLUSHALL behind a stronger, typed confirmation. When
 * the server has renamed the command away or the ACL denies it, the panel says so in words and
 * offers "delete every key by scan" — the invalidation machinery, with its preview and undo.
 */
export function FlushPanel({ api, profile, readOnly, onByScan }: { api: CachescopeApi; profile: ProfileView; readOnly: boolean; onByScan(): void }) {
  const [state, setState] = useState<FlushState>({ step: 'idle' });
  const generation = useRef(0);

  const preview = async (all: boolean) => {
    const gen = ++generation.current;
    setState({ step: 'previewing', all });
    const r = await api.invoke('flush.preview', { id: profile.id, all });
    if (gen !== generation.current) return;
    setState(r.ok ? { step: 'previewed', preview: r.value } : { step: 'error', code: r.error.code, message: r.error.message, all });
  };

  const execute = async (preview: FlushPreview, confirmation: string) => {
    const gen = ++generation.current;
    setState({ step: 'confirming', preview, busy: true, error: null });
    const r = await api.invoke('flush.execute', { id: profile.id, previewId: preview.previewId, confirmation });
    if (gen !== generation.current) return;
    if (r.ok) setState({ step: 'done', preview, result: r.value });
    else if (BY_SCAN_CODES.includes(r.error.code)) setState({ step: 'error', code: r.error.code, message: r.error.message, all: preview.all });
    else setState({ step: 'confirming', preview, busy: false, error: r.error.message });
  };

  const reset = () => {
    generation.current++;
    setState({ step: 'idle' });
  };

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
        <button type="button" className="btn btn-danger-text" disabled={readOnly || busy} onClick={() => void preview(false)} data-testid="flush-preview-db">
          Flush db {profile.db}…
        </button>
        <button type="button" className="btn btn-danger-text" disabled={readOnly || busy} onClick={() => void preview(true)} data-testid="flush-preview-all">
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
            <strong>{state.preview.all ? 'FLUSHALL' : 'FLUSHDB'}</strong> would remove{' '}
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
                onClick={() => state.step === 'previewed' && setState({ step: 'confirming', preview: state.preview, busy: false, error: null })}
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
          onCancel={() => !state.busy && setState({ step: 'previewed', preview: state.preview })}
          onConfirm={(c) => void execute(state.preview, c)}
        >
          <p>
            {formatInteger(state.preview.keys)} keys {state.preview.all ? 'across every db' : `in db ${state.preview.db}`} are removed at once.{' '}
            <strong className="tone-warn">This cannot be undone.</strong>
          </p>
        </ConfirmActionDialog>
      )}

      {state.step === 'done' && (
        <div className="act-card" role="status" data-testid="flush-done">
          <p>
            {state.result.command} removed {formatInteger(state.result.keysBefore)} keys in {formatLatency(state.result.durationMs)}.
          </p>
          <button type="button" className="btn btn-ghost" onClick={reset}>
            Done
          </button>
        </div>
      )}
    </section>
  );
}
