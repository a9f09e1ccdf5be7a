import { useId } from 'react';
import { KEY_TYPES, TARGET_KINDS, TARGET_LABELS, type TargetDraft } from './target';

const HINTS: Record<TargetDraft['kind'], string> = {
  prefix: 'Every key starting with this text, taken literally: * ? [ ] are ordinary characters here. Start with base64: for raw bytes.',
  pattern: 'A Redis glob: * any run, ? one character, [abc] a set, \\ escapes. E.g. meeting:*:42 or *:user-17.',
  keys: 'One key per line, exactly as stored. A line starting with base64: names raw bytes.',
  all: 'Every key of the connection’s db, found by SCAN and deleted in small batches — with a preview and an undo file, unlike FLUSHDB.',
};

/**
 * What to invalidate: a namespace (literal prefix), a glob, a list of keys or everything,
 * optionally limited to one type. Enter (or the button) asks for a preview — never a delete.
 */
export function TargetPicker({ draft, onChange, onPreview, busy, disabled }: { draft: TargetDraft; onChange(next: TargetDraft): void; onPreview(): void; busy: boolean; disabled: boolean }) {
  const id = useId();
  const set = (patch: Partial<TargetDraft>) => onChange({ ...draft, ...patch });
  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    if (!busy && !disabled) onPreview();
  };

  return (
    <form className="act-picker" onSubmit={submit} noValidate data-testid="target-picker">
      <div className="segmented act-kinds" role="radiogroup" aria-label="Target">
        {TARGET_KINDS.map((kind) => (
          <label key={kind} className={`segment${draft.kind === kind ? ' on' : ''}`}>
            <input type="radio" name={`${id}-kind`} value={kind} checked={draft.kind === kind} onChange={() => set({ kind })} data-testid={`target-kind-${kind}`} />
            {TARGET_LABELS[kind]}
          </label>
        ))}
      </div>

      <div className="act-picker-row">
        {draft.kind === 'prefix' && (
          <div className="field act-grow">
            <label htmlFor={`${id}-prefix`}>Namespace prefix</label>
            <input id={`${id}-prefix`} type="text" value={draft.prefix} placeholder="dashboard:" spellCheck={false} autoComplete="off" onChange={(e) => set({ prefix: e.target.value })} data-testid="target-prefix" />
          </div>
        )}
        {draft.kind === 'pattern' && (
          <div className="field act-grow">
            <label htmlFor={`${id}-pattern`}>Glob pattern</label>
            <input id={`${id}-pattern`} type="text" value={draft.pattern} placeholder="meeting:*:42" spellCheck={false} autoComplete="off" onChange={(e) => set({ pattern: e.target.value })} data-testid="target-pattern" />
          </div>
        )}
        {draft.kind === 'keys' && (
          <div className="field act-grow">
            <label htmlFor={`${id}-keys`}>Keys</label>
            <textarea
              id={`${id}-keys`}
              rows={4}
              value={draft.keys}
              placeholder={'user:42\nsession:sess_abc'}
              spellCheck={false}
              onChange={(e) => set({ keys: e.target.value })}
              onKeyDown={(e) => {
                // Enter makes a new line here; Ctrl/⌘+Enter asks for the preview.
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
              }}
              data-testid="target-keys"
            />
          </div>
        )}
        {draft.kind === 'all' && <p className="act-grow act-all-note">Everything in this db.</p>}
        <div className="field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select id={`${id}-type`} value={draft.type} onChange={(e) => set({ type: e.target.value })} data-testid="target-type">
            {KEY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t === '' ? 'any type' : t}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary act-preview-btn" disabled={busy || disabled} data-testid="preview-button">
          {busy ? 'Counting…' : 'Preview'}
        </button>
      </div>
      <p className="field-hint">{HINTS[draft.kind]}</p>
    </form>
  );
}
