import { useEffect, useRef, useState } from 'react';
import type { CachescopeApi } from '../../../../../shared/contract/api';
import type { KeyDetail } from '../../../../../shared/contract/key-detail';
import type { WireBytes } from '../../../../../shared/contract/keys';
import { formatBytes, formatInteger } from '../../../../../shared/format';
import { useNow } from '../../../app/use-now';
import { displayName, isBinary, shownName } from '../key-names';
import { NameText } from '../NameText';
import type { KeyMeta } from '../rows';
import { formatTtl, remainingTtl } from '../ttl-text';
import { CollectionValue } from './CollectionValue';
import { copyText } from './copy-text';
import { DeleteKey } from './DeleteKey';
import { StringValue } from './StringValue';
import { TtlEditor } from './TtlEditor';
import { useKeyDetail } from './use-key-detail';

const LENGTH_WORD: Record<string, string> = { string: 'bytes', hash: 'fields', list: 'items', set: 'members', zset: 'members', stream: 'entries' };

/** Copy the key's name; where even execCommand is refused, show it selected for Ctrl+C. */
function CopyName({ name }: { name: WireBytes }) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const text = displayName(name);
  const copy = () => {
    setState(copyText(text) ? 'copied' : 'manual');
    setTimeout(() => setState((s) => (s === 'copied' ? 'idle' : s)), 1500);
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        onClick={copy}
        data-testid="copy-key"
        title={isBinary(name) ? 'Copies the name with \\xNN escapes (Go to key understands them)' : 'Copy the key name'}
      >
        {state === 'copied' ? 'Copied' : 'Copy name'}
      </button>
      {state === 'manual' && <input type="text" readOnly value={text} autoFocus onFocus={(e) => e.target.select()} aria-label="Key name, selected for copying" className="copy-fallback" />}
    </>
  );
}

function Facts({ detail, readAt, now }: { detail: KeyDetail; readAt: number; now: number }) {
  const ttl = remainingTtl(detail.ttlMs < 0 ? null : detail.ttlMs, now - readAt);
  return (
    <dl className="facts detail-facts">
      <dt>Type</dt>
      <dd data-testid="detail-type">{detail.type}</dd>
      <dt>Encoding</dt>
      <dd data-testid="detail-encoding">{detail.encoding ?? '—'}</dd>
      <dt>Memory</dt>
      <dd data-testid="detail-memory">{detail.memoryBytes === null ? '— (MEMORY USAGE refused)' : formatBytes(detail.memoryBytes)}</dd>
      <dt>{detail.type === 'string' ? 'Length' : 'Count'}</dt>
      <dd data-testid="detail-length" data-value={detail.length ?? ''}>
        {detail.length === null ? '—' : `${formatInteger(detail.length)} ${LENGTH_WORD[detail.type] ?? ''}`}
      </dd>
      <dt>TTL</dt>
      <dd data-testid="detail-ttl" data-ttl-ms={detail.ttlMs} className={ttl !== null && ttl <= 0 ? 'tone-bad' : undefined}>
        {formatTtl(ttl)}
      </dd>
    </dl>
  );
}

/**
 * The right pane: one key's metadata and value. Type, encoding, memory, count, a live TTL
 * with set/persist, copy, delete, the LRU note on servers without CLIENT NO-TOUCH, and the
 * value a page at a time.
 */
export function KeyDetailPane({
  api,
  id,
  keyName,
  nonce,
  readOnly,
  onMeta,
}: {
  api: CachescopeApi;
  id: string;
  keyName: WireBytes | null;
  nonce: number;
  readOnly: boolean;
  /** A fresh read of the key (or null: it is gone) for the row in the list. */
  onMeta(key: WireBytes, meta: KeyMeta | null): void;
}) {
  const { state, reload } = useKeyDetail(api, id, keyName, nonce);
  const [notice, setNotice] = useState<string | null>(null);
  const live = state.status === 'ok' && state.detail.ttlMs >= 0;
  const now = useNow(1000, live);

  // Every read of the key also refreshes its row in the list (metadata on demand, no rescan).
  const metaCb = useRef(onMeta);
  metaCb.current = onMeta;
  useEffect(() => {
    if (!keyName) return;
    if (state.status === 'ok') {
      const d = state.detail;
      metaCb.current(keyName, { type: d.type, ttlMs: d.ttlMs < 0 ? null : d.ttlMs, bytes: d.memoryBytes });
    } else if (state.status === 'error' && state.code === 'NOT_FOUND') metaCb.current(keyName, null);
  }, [state, keyName]);

  if (!keyName || state.status === 'idle')
    return (
      <section className="key-detail panel empty" data-testid="key-detail-empty">
        <h3>No key selected</h3>
        <p className="muted">Open a key from the tree or the list (Enter), or type its exact name in Go to key.</p>
        {notice && (
          <p className="tone-ok" role="status" data-testid="detail-notice">
            {notice}
          </p>
        )}
      </section>
    );

  const noticeLine = notice && (
    <p className="tone-ok small" role="status" data-testid="detail-notice">
      {notice}
    </p>
  );
  const header = (
    <header className="detail-head">
      <h3 className="detail-name" data-testid="detail-name" title={shownName(keyName)}>
        {displayName(keyName) === '' ? <em className="muted">(empty name)</em> : <NameText name={keyName} />}
        {isBinary(keyName) && (
          <span className="badge badge-binary" data-testid="detail-binary">
            binary
          </span>
        )}
      </h3>
      <div className="detail-actions">
        <CopyName name={keyName} />
        <button type="button" className="btn btn-small btn-ghost" onClick={reload} title="Read the key again" data-testid="detail-reload">
          ↻ Reload
        </button>
      </div>
    </header>
  );

  if (state.status === 'loading')
    return (
      <section className="key-detail panel" data-testid="key-detail" aria-busy="true">
        {header}
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> Reading the key…
        </p>
      </section>
    );

  if (state.status === 'error')
    return (
      <section className="key-detail panel" data-testid="key-detail">
        {header}
        {noticeLine}
        <p className={state.code === 'NOT_FOUND' ? 'tone-warn' : 'tone-bad'} role="alert" data-testid="detail-error" data-code={state.code}>
          {state.message}
        </p>
      </section>
    );

  const { detail, readAt } = state;
  const v = detail.value;
  return (
    <section className="key-detail panel" data-testid="key-detail" data-type={detail.type}>
      {header}
      <Facts detail={detail} readAt={readAt} now={now} />
      <div className="detail-controls">
        <TtlEditor
          api={api}
          id={id}
          keyName={keyName}
          hasTtl={detail.ttlMs >= 0}
          readOnly={readOnly}
          onChanged={reload}
        />
        <DeleteKey
          api={api}
          id={id}
          keyName={keyName}
          readOnly={readOnly}
          onDeleted={(message) => {
            setNotice(message);
            reload();
          }}
        />
      </div>
      {readOnly && <p className="muted small">Read-only connection: TTL changes and deletes are refused.</p>}
      {noticeLine}
      {detail.lruNote && (
        <p className="lru-note small tone-warn" data-testid="lru-note">
          {detail.lruNote}
        </p>
      )}
      <div className="detail-value">
        {v.kind === 'string' ? (
          <StringValue key={`${readAt}`} api={api} id={id} keyName={keyName} first={v} />
        ) : v.kind === 'other' ? (
          <p className="muted" data-testid="value-other">
            {v.note}
          </p>
        ) : (
          <CollectionValue key={`${readAt}`} api={api} id={id} keyName={keyName} first={v} />
        )}
      </div>
    </section>
  );
}
