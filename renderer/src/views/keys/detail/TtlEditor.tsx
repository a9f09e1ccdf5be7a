import { useState, type FormEvent } from 'react';
import type { CachescopeApi } from '../../../../../shared/contract/api';
import type { WireBytes } from '../../../../../shared/contract/keys';
import { parseTtl } from '../ttl-text';
import { setKeyTtl } from './key-commands';

/** PEXPIRE's ceiling as the contract states it (TTL_MAX_MS: 1000 years). */
const TTL_MAX_MS = 1000 * 365 * 24 * 3600 * 1000;
const READ_ONLY_WHY = 'Read-only connection: Cachescope refuses TTL changes here';

/**
 * Set, change or remove (PERSIST) a key's expiry. The core refuses it on read-only connections
 * and audits every attempt; the controls are disabled there with the reason as a tooltip.
 */
export function TtlEditor({ api, id, keyName, hasTtl, readOnly, onChanged }: { api: CachescopeApi; id: string; keyName: WireBytes; hasTtl: boolean; readOnly: boolean; onChanged(pttl: number): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const apply = async (ttlMs: number | null) => {
    setBusy(true);
    setError(null);
    const r = await setKeyTtl(api, id, keyName, ttlMs);
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setText('');
    onChanged(r.value.ttlMs);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseTtl(text, TTL_MAX_MS);
    if (!parsed.ok) return setError(parsed.message);
    void apply(parsed.ms);
  };

  return (
    <form className="ttl-editor" onSubmit={submit} title={readOnly ? READ_ONLY_WHY : undefined} data-testid="ttl-editor">
      <input
        type="text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="30m, 2h, 7d"
        aria-label="New TTL"
        disabled={readOnly || busy}
        className="input-ttl"
        data-testid="ttl-input"
      />
      <button type="submit" className="btn btn-small" disabled={readOnly || busy || text.trim() === ''} title={readOnly ? READ_ONLY_WHY : 'PEXPIRE'} data-testid="ttl-set">
        {hasTtl ? 'Change' : 'Set TTL'}
      </button>
      <button type="button" className="btn btn-small" disabled={readOnly || busy || !hasTtl} onClick={() => void apply(null)} title={readOnly ? READ_ONLY_WHY : 'PERSIST: remove the expiry'} data-testid="ttl-persist">
        Persist
      </button>
      {error && (
        <span className="tone-bad small" role="alert" data-testid="ttl-error">
          {error}
        </span>
      )}
    </form>
  );
}
