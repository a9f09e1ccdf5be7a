import { useEffect, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import { formatBytes } from '../../../../shared/format';

const MIB = 1024 * 1024;

/** The undo limit (a setting of the core): above it an invalidation warns, before confirming, that it cannot be undone. */
export function UndoLimit({ api }: { api: CachescopeApi }) {
  const [limit, setLimit] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('actions.settings.get', {}).then((r) => {
      if (!live || !r.ok) return;
      setLimit(r.value.undoLimitBytes);
      setText(String(Math.round(r.value.undoLimitBytes / MIB)));
    });
    return () => {
      live = false;
    };
  }, [api]);

  const save = async () => {
    const mib = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || mib > 64 * 1024) return setMessage('A whole number of MiB, 0 (undo off) to 65536.');
    const r = await api.invoke('actions.settings.set', { undoLimitBytes: mib * MIB });
    if (!r.ok) return setMessage(r.error.message);
    setLimit(r.value.undoLimitBytes);
    setMessage(r.value.undoLimitBytes === 0 ? 'Undo is off: deletes will not be reversible.' : 'Saved.');
  };

  return (
    <form
      className="act-row act-limit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor="undo-limit" className="small">
        Keep an undo file for deletes up to
      </label>
      <input id="undo-limit" type="text" inputMode="numeric" className="act-narrow" value={text} onChange={(e) => setText(e.target.value)} data-testid="undo-limit" />
      <span className="small">MiB</span>
      <button type="submit" className="btn btn-small">
        Save
      </button>
      <span className="muted small" role="status" data-testid="undo-limit-status">
        {message ?? (limit !== null ? `now ${formatBytes(limit)}` : '')}
      </span>
    </form>
  );
}
