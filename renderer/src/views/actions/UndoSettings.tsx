import { useEffect, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import { formatBytes } from '../../../../shared/format';
import { gibText, MIB, parseUndoSettings } from './undo-retention-form';
import { useUndoSettings } from './use-undo-settings';

/**
 * The undo settings of the core, read once and saved together: the largest undo file an
 * invalidation may write (above it the preview warns that it cannot be undone), and how long
 * undo files are kept (older ones past these limits go when a new one is written and when the
 * app starts, never the newest nor one being restored).
 */
export function UndoSettings({ api }: { api: CachescopeApi }) {
  const { settings: saved, loadError, save: saveSettings } = useUndoSettings(api);
  const [limit, setLimit] = useState('');
  const [days, setDays] = useState('');
  const [gib, setGib] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  // The fields show what the core uses: when read, and after each save.
  useEffect(() => {
    if (!saved) return;
    setLimit(String(Math.round(saved.undoLimitBytes / MIB)));
    setDays(String(saved.undoKeepDays));
    setGib(gibText(saved.undoKeepBytes));
  }, [saved]);

  const save = async () => {
    const parsed = parseUndoSettings(limit, days, gib);
    if (typeof parsed === 'string') return setMessage(parsed);
    const r = await saveSettings(parsed);
    if (!r.ok) return setMessage(r.error.message);
    setMessage(r.value.undoLimitBytes === 0 ? 'Saved. Undo is off: deletes will not be reversible.' : r.value.undoKeepBytes === 0 ? 'Saved: only the newest undo file will be kept.' : 'Saved.');
  };

  const field = (id: string, value: string, set: (v: string) => void, before: string, unit: string, mode: 'numeric' | 'decimal', hint?: string) => (
    <label className="act-field small" htmlFor={id} title={hint}>
      {before}
      <input id={id} type="text" inputMode={mode} className="act-narrow" value={value} onChange={(e) => set(e.target.value)} data-testid={id} />
      {unit}
    </label>
  );

  return (
    <form
      className="act-row act-limit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      data-testid="undo-settings"
    >
      {field('undo-limit', limit, setLimit, 'Undo file per delete up to', 'MiB', 'numeric', 'A delete whose undo file would be larger says so in its preview. 0 turns undo off.')}
      {field('undo-keep-days', days, setDays, 'Keep undo files', 'days', 'numeric', 'Older undo files are deleted when a new one is written and when Cachescope starts (never the newest).')}
      {field('undo-keep-gib', gib, setGib, 'and at most', 'GiB in all', 'decimal', 'Past this total the oldest undo files go first, at the same moments.')}
      <button type="submit" className="btn btn-small" data-testid="undo-settings-save" disabled={saved === null}>
        Save
      </button>
      <span className="muted small" role="status" data-testid="undo-settings-status">
        {message ?? (loadError !== null ? `Could not read the undo settings: ${loadError}` : saved !== null ? `now ${formatBytes(saved.undoLimitBytes)} per file, ${saved.undoKeepDays} days, ${formatBytes(saved.undoKeepBytes)} in all` : '')}
      </span>
    </form>
  );
}
