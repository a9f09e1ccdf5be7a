import { useEffect, useMemo } from 'react';
import type { CachescopeApi } from '../../../../../shared/contract/api';
import type { ActionTarget } from '../../../../../shared/contract/actions';
import type { WireBytes } from '../../../../../shared/contract/keys';
import { formatBytes } from '../../../../../shared/format';
import { useConfirmedAction } from '../../../app/confirmed-action';
import { useConnectionsStore } from '../../../stores/connections-store';
import { ConfirmActionDialog, invalidationSpec } from '../../actions';
import { displayName, isBinary, shownName } from '../key-names';
import { NameText } from '../NameText';

/** The flow's id: one per connection and exact key bytes, so another key never shows this one's dialog. */
const flowIdOf = (id: string, key: WireBytes) => `keys:delete:${id}:${'utf8' in key ? `u:${key.utf8}` : `b:${key.base64}`}`;

/**
 * Delete one key through the cache controls (DESIGN.md invariant 6): the same confirmed-action
 * flow as an invalidation of target `keys: [name]` — actions.preview shows what goes and whether
 * undo is possible, <ConfirmActionDialog> asks (a click, or typing the connection's name on
 * prod), actions.execute UNLINKs it with an undo file, and its end comes from the jobs store.
 * The core refuses read-only connections itself; the button is disabled there too.
 */
export function DeleteKey({ api, id, keyName, readOnly, onDeleted }: { api: CachescopeApi; id: string; keyName: WireBytes; readOnly: boolean; onDeleted(message: string): void }) {
  // The dialog wears the connection's colour, like every confirmation.
  const color = useConnectionsStore((s) => s.profiles.find((p) => p.id === id)?.color) ?? 'var(--border)';
  const spec = useMemo(() => invalidationSpec(api, id), [api, id]);
  const flow = useConfirmedAction(api, flowIdOf(id, keyName), spec);
  const { state, job, outcome, undoFile, reset } = flow;
  const deleted = outcome === 'done' && (job?.deleted ?? 0) >= 1;
  const failed = outcome !== null && outcome !== 'running' && !deleted;

  // Another key, or the detail closed: this key's flow is over (a job already started runs on in main).
  useEffect(() => () => reset(), [reset]);

  useEffect(() => {
    if (!deleted) return;
    reset();
    onDeleted(undoFile ? `Deleted. Undo file: ${undoFile}` : 'Deleted.');
  }, [deleted, undoFile, reset, onDeleted]);

  const target: ActionTarget = { kind: 'keys', keys: [keyName] };
  const busy = state.step === 'previewing' || (state.step === 'confirming' && state.busy) || outcome === 'running';
  const error =
    state.step === 'error'
      ? state.message
      : state.step === 'confirming' && state.preview.matched === 0
        ? null
        : failed
          ? (job?.message ?? `The delete ended ${outcome}; ${job?.deleted ?? 0} keys deleted.`)
          : null;

  return (
    <span className="delete-key">
      <button
        type="button"
        className="btn btn-small btn-danger-text"
        disabled={readOnly || busy}
        title={readOnly ? 'Read-only connection: Cachescope refuses deletes here' : 'Preview, confirm, then delete (with undo)'}
        onClick={() => void flow.preview(target, { confirm: true })}
        data-testid="delete-key"
      >
        {outcome === 'running' || (state.step === 'confirming' && state.busy) ? 'Deleting…' : state.step === 'previewing' ? 'Checking…' : 'Delete…'}
      </button>
      {error && (
        <span className="tone-bad small" role="alert" data-testid="delete-error">
          {error}
        </span>
      )}
      {state.step === 'confirming' && (
        <ConfirmActionDialog
          title="Delete this key?"
          confirm={state.preview.confirm}
          color={color}
          actionLabel="Delete"
          busy={state.busy}
          blocked={state.preview.matched === 0}
          error={state.error}
          testId="delete-confirm"
          onCancel={reset}
          onConfirm={(confirmation) => void flow.execute(confirmation)}
        >
          <p>
            Delete the key{' '}
            {/* Named exactly: two keys can differ only by a newline versus a backslash and an n. */}
            <code className="delete-name" data-testid="delete-confirm-name" data-name={displayName(keyName)} title={shownName(keyName)}>
              {displayName(keyName) === '' ? <em>(empty name)</em> : <NameText name={keyName} />}
            </code>
            {isBinary(keyName) && <span className="badge badge-binary">binary</span>}
            {state.preview.bytes !== null ? ` (${formatBytes(state.preview.bytes)})` : ''} from db {state.preview.db}?{' '}
            {state.preview.matched === 0 ? <strong className="tone-warn">It no longer exists.</strong> : null}
          </p>
          <p className={`small ${state.preview.undoAvailable ? 'muted' : 'tone-warn'}`}>
            {state.preview.undoAvailable ? 'Its value is saved to an undo file first: you can restore it from the Actions view.' : state.preview.undoNote}
          </p>
        </ConfirmActionDialog>
      )}
    </span>
  );
}
