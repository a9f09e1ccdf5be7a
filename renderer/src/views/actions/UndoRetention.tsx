import { useEffect, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import { formatBytes } from '../../../../shared/format';
import { gibText, parseRetention, type UndoRetentionSettings } from './undo-retention-form';

/**
 * How long undo files are kept (settings of the core): when an invalidation writes a new one,
 * older files past these limits are deleted, never the newest nor one being restored.
 */
export function UndoRetention({ api }: { api: CachescopeApi }) {
  const [saved, setSaved] = useState<UndoRetentionSettings | null>(null);
  const [days, setDays] = useState('');
  const [gib, setGib] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('actions.settings.get', {}).then((r) => {
      if (!live || !r.ok) return;
      setSaved(r.value);
      setDays(String(r.value.undoKeepDays));
      setGib(gibText(r.value.undoKeepBytes));
    });
    return () => {
      live = false;
    };
  }, [api]);

  const save = async () => {
    const parsed = parseRetention(days, gib);
    if (typeof parsed === 'string') return setMessage(parsed);
    const r = await api.invoke('actions.settings.set', parsed);
    if (!r.ok) return setMessage(r.error.message);
    setSaved(r.value);
    setMessage(r.value.undoKeepBytes === 0 ? 'Saved: only the newest undo file will be kept.' : 'Saved.');
  };

  return (
    <form
      className="act-row act-limit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor="undo-keep-days" className="small">
        Keep undo files for
      </label>
      <input id="undo-keep-days" type="text" inputMode="numeric" className="act-narrow" value={days} onChange={(e) => setDays(e.target.value)} data-testid="undo-keep-days" />
      <span className="small">days, at most</span>
      <input id="undo-keep-gib" aria-label="Keep at most this many GiB of undo files in all" type="text" inputMode="decimal" className="act-narrow" value={gib} onChange={(e) => setGib(e.target.value)} data-testid="undo-keep-gib" />
      <span className="small">GiB in all</span>
      <button type="submit" className="btn btn-small" data-testid="undo-retention-save">
        Save
      </button>
      <span className="muted small" role="status" data-testid="undo-retention-status">
        {message ?? (saved !== null ? `now ${saved.undoKeepDays} days, ${formatBytes(saved.undoKeepBytes)}` : '')}
      </span>
    </form>
  );
}
