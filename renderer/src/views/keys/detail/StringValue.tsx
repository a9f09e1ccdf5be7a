import { useMemo, useState } from 'react';
import type { CachescopeApi } from '../../../../../shared/contract/api';
import type { StringPage } from '../../../../../shared/contract/key-detail';
import type { WireBytes } from '../../../../../shared/contract/keys';
import { formatBytes } from '../../../../../shared/format';
import { HexLines } from './HexLines';
import { JsonLines } from './JsonLines';
import { downloadValue, fetchValuePage } from './key-commands';
import { stringContent, type StringMode } from './string-content';

/** Bytes per "Load more" (keys.value's default string page, 64 KiB). */
const PAGE_BYTES = 64 * 1024;
const MODE_LABEL: Record<StringMode, string> = { json: 'JSON', text: 'Text', hex: 'Hex' };

/**
 * A string value: only a prefix is fetched (64 KiB), "Load more" fetches the next one, and
 * "Save to file" streams the whole value to a file in chunks — it never crosses to the renderer.
 */
export function StringValue({ api, id, keyName, first }: { api: CachescopeApi; id: string; keyName: WireBytes; first: StringPage }) {
  const [chunks, setChunks] = useState<WireBytes[]>([first.bytes]);
  const [next, setNext] = useState<number | null>(first.nextOffset);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const content = useMemo(() => stringContent(first, chunks), [first, chunks]);
  const [mode, setMode] = useState<StringMode>(content.modes[0]!);
  const active = content.modes.includes(mode) ? mode : content.modes[0]!;

  const more = async () => {
    if (next === null) return;
    setBusy(true);
    setError(null);
    const r = await fetchValuePage(api, { id, key: keyName, type: 'string', offset: next, count: PAGE_BYTES });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    if (r.value.kind !== 'string') return setError(`The key is now a ${r.value.kind}: reopen it.`);
    const page = r.value;
    setChunks((c) => [...c, page.bytes]);
    setNext(page.nextOffset);
  };

  const loaded = content.raw.length;
  const gz = first.gzip;
  return (
    <div className="string-value" data-testid="value-string" data-mode={active}>
      <div className="value-toolbar small">
        <div className="segmented segmented-small" role="radiogroup" aria-label="Show as">
          {content.modes.map((m) => (
            <label key={m} className={`segment${m === active ? ' on' : ''}`} data-testid={`string-mode-${m}`}>
              <input type="radio" checked={m === active} onChange={() => setMode(m)} />
              {MODE_LABEL[m]}
            </label>
          ))}
        </div>
        <span className="muted" data-testid="string-loaded" data-loaded={loaded} data-total={first.total}>
          {loaded >= first.total ? `all ${formatBytes(first.total)}` : `first ${formatBytes(loaded)} of ${formatBytes(first.total)}`}
        </span>
      </div>
      {gz && (
        <p className={`gzip-note small ${gz.inflated ? 'tone-muted' : 'tone-warn'}`} data-testid="gzip-note">
          <span className="badge">gzip</span> {gz.note}
          {gz.inflated && !gz.complete && ' · inflated from the fetched prefix only'}
          {active === 'hex' && ' · hex shows the stored (compressed) bytes'}
        </p>
      )}
      {active === 'json' && content.text !== null ? (
        <JsonLines text={content.text} partial={content.json === 'json-prefix'} />
      ) : active === 'text' && content.text !== null ? (
        <pre className="code-view text-view" data-testid="value-text">
          {content.text}
        </pre>
      ) : (
        <HexLines bytes={content.raw} />
      )}
      <div className="value-footer">
        {next !== null && (
          <button type="button" className="btn btn-small" onClick={more} disabled={busy} data-testid="load-more">
            {busy ? 'Loading…' : `Load ${formatBytes(Math.min(PAGE_BYTES, first.total - next))} more`}
          </button>
        )}
        {next !== null && <SaveToFile api={api} id={id} keyName={keyName} total={first.total} />}
        {error && (
          <span className="tone-bad small" role="alert">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}

/**
 * Save the whole value: the desktop asks where in main's save dialog; serve mode gets a one-time
 * link and the browser downloads it, streamed (the page never holds the value).
 */
function SaveToFile({ api, id, keyName, total }: { api: CachescopeApi; id: string; keyName: WireBytes; total: number }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setResult(null);
    const r = await downloadValue(api, id, keyName);
    setBusy(false);
    if (!r.ok) return setResult({ ok: false, text: r.error.message });
    const d = r.value;
    if (d.kind === 'saved') setResult({ ok: true, text: `Saved ${formatBytes(d.bytes)} to ${d.path}` });
    else if (d.kind === 'link') {
      const a = document.createElement('a');
      a.href = d.url;
      a.download = d.filename;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
  };
  return (
    <>
      <button type="button" className="btn btn-small btn-ghost" onClick={() => void save()} disabled={busy} data-testid="save-open">
        {busy ? 'Saving…' : `Save all ${formatBytes(total)} to a file…`}
      </button>
      {result && (
        <span className={`small ${result.ok ? 'tone-ok' : 'tone-bad'}`} role="status">
          {result.text}
        </span>
      )}
    </>
  );
}
