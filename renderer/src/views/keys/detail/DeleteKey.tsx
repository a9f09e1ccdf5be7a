import { useState } from 'react';
import type { CachescopeApi } from '../../../../../shared/contract/api';
import type { ActionPreview } from '../../../../../shared/contract/actions';
import type { WireBytes } from '../../../../../shared/contract/keys';
import { formatBytes } from '../../../../../shared/format';
import { displayName, isBinary, shownName } from '../key-names';
import { NameText } from '../NameText';
import { runJob } from './run-job';

type Step = { kind: 'idle' } | { kind: 'previewing' } | { kind: 'confirm'; preview: ActionPreview } | { kind: 'deleting' } | { kind: 'error'; message: string };

/**
 * Delete one key through the cache controls (DESIGN.md invariant 6): actions.preview shows what
 * goes and whether undo is possible, the user confirms (a click, or typing the connection's
 * name on prod), actions.execute UNLINKs it with an undo file. The core refuses read-only
 * connections itself; the button is disabled there too.
 */
export function DeleteKey({ api, id, keyName, readOnly, onDeleted }: { api: CachescopeApi; id: string; keyName: WireBytes; readOnly: boolean; onDeleted(message: string): void }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [typed, setTyped] = useState('');

  const preview = async () => {
    setStep({ kind: 'previewing' });
    const r = await api.invoke('actions.preview', { id, target: { kind: 'keys', keys: [keyName] } });
    setTyped('');
    setStep(r.ok ? { kind: 'confirm', preview: r.value } : { kind: 'error', message: r.error.message });
  };

  const execute = async (p: ActionPreview) => {
    setStep({ kind: 'deleting' });
    const confirmation = p.confirm.kind === 'type' ? typed : p.confirm.phrase;
    const result = await runJob(api, () => api.invoke('actions.execute', { id, previewId: p.previewId, confirmation, undo: p.undoAvailable }));
    if (typeof result === 'string') return setStep({ kind: 'error', message: result });
    if (result.state !== 'done' || result.deleted < 1) {
      return setStep({ kind: 'error', message: result.message ?? `The delete ended ${result.state}; ${result.deleted} keys deleted.` });
    }
    setStep({ kind: 'idle' });
    onDeleted(result.undoFile ? `Deleted. Undo file: ${result.undoFile}` : 'Deleted.');
  };

  if (step.kind === 'confirm') {
    const p = step.preview;
    const typedOk = p.confirm.kind === 'click' || typed === p.confirm.phrase;
    return (
      <div className="delete-confirm panel tone-border-bad" role="alertdialog" aria-label="Confirm delete" data-testid="delete-confirm">
        <p>
          Delete the key{' '}
          {/* Named exactly: two keys can differ only by a newline versus a backslash and an n. */}
          <code className="delete-name" data-testid="delete-confirm-name" data-name={displayName(keyName)} title={shownName(keyName)}>
            {displayName(keyName) === '' ? <em>(empty name)</em> : <NameText name={keyName} />}
          </code>
          {isBinary(keyName) && <span className="badge badge-binary">binary</span>}
          {p.bytes !== null ? ` (${formatBytes(p.bytes)})` : ''} from db {p.db}?{' '}
          {p.matched === 0 ? <strong className="tone-warn">It no longer exists.</strong> : null}
        </p>
        <p className={`small ${p.undoAvailable ? 'muted' : 'tone-warn'}`}>{p.undoAvailable ? 'Its value is saved to an undo file first: you can restore it from the Actions view.' : p.undoNote}</p>
        {p.confirm.kind === 'type' && (
          <label className="field">
            <span>
              Type <code>{p.confirm.phrase}</code> to confirm on this {p.confirm.env} connection
            </span>
            <input type="text" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="delete-phrase" spellCheck={false} autoFocus />
          </label>
        )}
        <div className="state-actions">
          <button type="button" className="btn btn-danger" disabled={!typedOk || p.matched === 0} onClick={() => void execute(p)} data-testid="delete-execute">
            Delete
          </button>
          <button type="button" className="btn" onClick={() => setStep({ kind: 'idle' })}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <span className="delete-key">
      <button
        type="button"
        className="btn btn-small btn-danger-text"
        disabled={readOnly || step.kind === 'previewing' || step.kind === 'deleting'}
        title={readOnly ? 'Read-only connection: Cachescope refuses deletes here' : 'Preview, confirm, then delete (with undo)'}
        onClick={preview}
        data-testid="delete-key"
      >
        {step.kind === 'deleting' ? 'Deleting…' : step.kind === 'previewing' ? 'Checking…' : 'Delete…'}
      </button>
      {step.kind === 'error' && (
        <span className="tone-bad small" role="alert" data-testid="delete-error">
          {step.message}
        </span>
      )}
    </span>
  );
}
