import { useEffect, useState } from 'react';
import type { ActionSettings } from '../../../../shared/contract/actions';
import type { CachescopeApi } from '../../../../shared/contract/api';
import { formatBytes } from '../../../../shared/format';
import { gibText, MIB, parseUndoSettings } from './undo-retention-form';

/**
 * The undo settings of the core, read once and saved together: the largest undo file an
 * invalidation may write (above it the preview warns that it cannot be undone), and how long
 * undo files are kept (older ones past these limits go when a new one is written and when the
 * app starts, never the newest nor one being restored).
 */
export function UndoSettings({ api }: { api: CachescopeApi }) {
  const [saved, setSaved] = useState<ActionSettings | null>(null);
  const [limit, setLimit] = useState('');
  const [days, setDays] = useState('');
  const [gib, setGib] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const show = (s: ActionSettings) => {
    setSaved(s);
    setLimit(String(Math.round(s.undoLimitBytes / MIB)));
    setDays(String(s.undoKeepDays));
    setGib(gibText(s.undoKeepBytes));
  };

  useEffect(() => {
    let live = true;
    void api.invoke('actions.settings.get', {}).then((r) => {
      if (live && r.ok) show(r.value);
      else if (live) setMessage(`Could not read the undo settings: ${r.ok ? '' : r.error.message}`);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const save = async () => {
    const parsed = parseUndoSettings(limit, days, gib);
    if (typeof parsed === 'string') return setMessage(parsed);
    const r = await api.invoke('actions.settings.set', parsed);
    if (!r.ok) return setMessage(r.error.message);
    show(r.value);
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
        {message ?? (saved !== null ? `now ${formatBytes(saved.undoLimitBytes)} per file, ${saved.undoKeepDays} days, ${formatBytes(saved.undoKeepBytes)} in all` : '')}
      </span>
    </form>
  );
}
