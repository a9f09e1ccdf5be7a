import { useState, type FormEvent } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { KeyLookup } from '../../../../shared/contract/keyspace';
import type { WireBytes } from '../../../../shared/contract/keys';
import { lookupKey } from './key-lookup';
import { parseEscapes } from './key-names';

/**
 * Jump straight to an exact key name, without a scan: one keys.lookup (TYPE/PTTL/MEMORY USAGE).
 * The text is tried literally first; if it uses the escapes the list shows (`\xff`, `\n`) and no
 * key has the literal name, the escaped bytes are tried — so a binary key can be reached too.
 */
export function GoToKey({ api, id, onFound }: { api: CachescopeApi; id: string; onFound(found: KeyLookup): void }) {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const lookup = (key: WireBytes) => lookupKey(api, id, key);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (text === '') return;
    setBusy(true);
    setMessage(null);
    try {
      let found = await lookup({ utf8: text });
      const escaped = parseEscapes(text);
      if (typeof found !== 'string' && !found.exists && escaped) found = await lookup(escaped);
      if (typeof found === 'string') setMessage(found);
      else if (!found.exists) setMessage(`No key named “${text}” in this database.`);
      else onFound(found);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="goto-key" onSubmit={submit} role="search" aria-label="Go to key">
      <input
        type="text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Go to key (exact name)"
        aria-label="Exact key name"
        spellCheck={false}
        data-testid="goto-input"
        title="An exact key name, read directly (no scan). Escapes like \xff and \n name binary bytes."
      />
      <button type="submit" className="btn btn-small" disabled={busy || text === ''} data-testid="goto-submit">
        Go
      </button>
      {message && (
        <span className="goto-message small tone-warn" role="status" data-testid="goto-message">
          {message}
        </span>
      )}
    </form>
  );
}
