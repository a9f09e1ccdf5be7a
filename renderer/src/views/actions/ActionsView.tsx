import { useEffect, useState } from 'react';
import { useUiStore } from '../../stores/ui-store';
import { useServices } from '../../app/context';
import type { ConnectionViewProps } from '../types';
import { FlushPanel } from './FlushPanel';
import { InvalidatePanel } from './InvalidatePanel';
import { EMPTY_DRAFT, type TargetDraft } from './target';
import { UndoFilesPanel } from './UndoFilesPanel';
import { useInvalidation } from './use-invalidation';
import { WarmPanel } from './WarmPanel';
import './actions.css';

const MODES = [
  { id: 'invalidate', label: 'Invalidate' },
  { id: 'warm', label: 'Warm' },
  { id: 'flush', label: 'Flush' },
  { id: 'undo', label: 'Undo files' },
] as const;
type Mode = (typeof MODES)[number]['id'];

/**
 * The cache controls of one connection (issue 5). One task at a time on screen — the danger
 * is real, so the screen stays calm. On a read-only connection every control that writes is
 * disabled and says why; the core refuses such writes anyway, and its refusal is shown if one
 * gets through.
 */
export function ActionsView({ profile, state }: ConnectionViewProps) {
  const { api } = useServices();
  const [mode, setMode] = useState<Mode>('invalidate');
  const [draft, setDraft] = useState<TargetDraft>(EMPTY_DRAFT);
  // A folder's target handed over from the Keys tree: into the picker, previewed only on request.
  const handed = useUiStore((s) => s.actionsTargets[profile.id]);
  useEffect(() => {
    if (!handed) return;
    const t = useUiStore.getState().takeActionsTarget(profile.id);
    if (!t) return;
    setMode('invalidate');
    setDraft({ ...EMPTY_DRAFT, kind: t.kind, ...(t.kind === 'prefix' ? { prefix: t.text } : { pattern: t.text }) });
  }, [handed, profile.id]);
  const flow = useInvalidation(api, profile.id);
  const readOnly = profile.readOnly;

  // FLUSHDB is renamed or denied: the same result through SCAN + UNLINK, previewed, with undo.
  const deleteEverythingByScan = () => {
    setMode('invalidate');
    const next: TargetDraft = { ...draft, kind: 'all', type: '' };
    setDraft(next);
    void flow.preview({ kind: 'all' });
  };

  return (
    <div className="actions-view" data-testid="actions-view" data-read-only={readOnly}>
      {readOnly && (
        <p className="act-banner" role="note" data-testid="actions-read-only">
          <strong>{profile.name} is read-only.</strong> Invalidate, warm, flush and undo are disabled here, and Cachescope refuses them on this connection. Turn off
          read-only in the connection’s settings to change data.
        </p>
      )}
      {state && state.status !== 'ready' && (
        <p className="act-banner act-banner-muted" role="status" data-testid="actions-not-ready">
          Not connected right now: previews and actions wait for the connection to be ready.
        </p>
      )}
      <div className="segmented act-modes" role="radiogroup" aria-label="Action">
        {MODES.map((m) => (
          <label key={m.id} className={`segment${mode === m.id ? ' on' : ''}`}>
            <input type="radio" name="actions-mode" value={m.id} checked={mode === m.id} onChange={() => setMode(m.id)} data-testid={`actions-mode-${m.id}`} />
            {m.label}
          </label>
        ))}
      </div>
      {mode === 'invalidate' && <InvalidatePanel api={api} profile={profile} draft={draft} onDraft={setDraft} flow={flow} readOnly={readOnly} />}
      {mode === 'warm' && <WarmPanel api={api} profile={profile} readOnly={readOnly} />}
      {mode === 'flush' && <FlushPanel api={api} profile={profile} readOnly={readOnly} onByScan={deleteEverythingByScan} />}
      {mode === 'undo' && <UndoFilesPanel api={api} profile={profile} readOnly={readOnly} />}
    </div>
  );
}
