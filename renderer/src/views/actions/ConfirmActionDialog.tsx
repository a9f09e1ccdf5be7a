import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { ConfirmRequirement } from '../../../../shared/contract/actions';
import { phraseMatches } from './confirm-words';

export interface ConfirmActionDialogProps {
  /** e.g. "Delete 1 key from db 0". */
  title: string;
  /** What the preview asked for: a click, or typing `phrase` (the connection name on prod). */
  confirm: ConfirmRequirement;
  /** The connection's colour (profile.color): the dialog wears it so the environment is unmistakable. */
  color: string;
  /** The destructive button's label, e.g. "Delete 1 key". */
  actionLabel: string;
  /** Called with the confirmation string to send to the core (the typed phrase, or the click phrase). */
  onConfirm(confirmation: string): void;
  onCancel(): void;
  /** While the execute request is in flight: the buttons are disabled. */
  busy?: boolean;
  /** Nothing to do (the preview found nothing): the destructive button stays disabled. */
  blocked?: boolean;
  /** The core's refusal (READ_ONLY, expired preview…), shown inside the dialog. */
  error?: string | null;
  /** The preview's summary: what will go. */
  children?: ReactNode;
  testId?: string;
}

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [href], [tabindex]:not([tabindex="-1"])';

/**
 * The one confirmation every destructive action goes through (invalidate, flush; the Keys
 * view's "delete this key" too). Shown while mounted, as a modal <dialog>: the page behind
 * is inert, Tab cycles inside, Esc cancels. On dev/staging one click confirms and the Cancel
 * button has the first focus (Enter must not delete by accident); on prod the connection's
 * name must be typed and the button — and Enter — stay disabled until it matches.
 */
export function ConfirmActionDialog({ title, confirm, color, actionLabel, onConfirm, onCancel, busy = false, blocked = false, error, children, testId = 'confirm-dialog' }: ConfirmActionDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const matches = phraseMatches(confirm, typed);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    (confirm.kind === 'type' ? inputRef.current : cancelRef.current)?.focus();
    return () => dialog.close();
  }, [confirm.kind]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!matches || busy || blocked) return;
    onConfirm(confirm.kind === 'type' ? typed : confirm.phrase);
  };

  // A modal dialog already makes the page inert; wrapping Tab also keeps focus off the browser's own UI.
  const trapTab = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog confirm-dialog"
      style={{ borderTopColor: color }}
      data-testid={testId}
      data-env={confirm.env}
      data-kind={confirm.kind}
      aria-labelledby={titleId}
      onKeyDown={trapTab}
      onCancel={(e) => {
        // Esc: the parent's state closes it, so the element and React agree.
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form onSubmit={submit} noValidate>
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <span className="env-tag" style={{ borderColor: color, color }} data-testid="confirm-env">
            {confirm.env}
          </span>
        </header>
        <div className="dialog-body">
          <p className="confirm-where">
            On <strong>{confirm.connectionName}</strong>
            {confirm.env === 'prod' ? ' — a production connection.' : '.'}
          </p>
          {children}
          {confirm.kind === 'type' && (
            <div className="field">
              <label htmlFor={`${titleId}-phrase`}>
                Type <code data-testid="confirm-expected">{confirm.phrase}</code> to confirm
              </label>
              <input
                id={`${titleId}-phrase`}
                ref={inputRef}
                type="text"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                spellCheck={false}
                autoComplete="off"
                data-testid="confirm-phrase"
                aria-invalid={typed !== '' && !matches}
              />
            </div>
          )}
          {error && (
            <p className="tone-bad" role="alert" data-testid="confirm-error">
              {error}
            </p>
          )}
        </div>
        <footer className="dialog-footer">
          <span className="spacer" />
          <button type="button" ref={cancelRef} className="btn" onClick={onCancel} disabled={busy} data-testid="confirm-cancel">
            Cancel
          </button>
          <button type="submit" className="btn btn-danger" disabled={!matches || busy || blocked} data-testid="confirm-execute">
            {busy ? 'Working…' : actionLabel}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
