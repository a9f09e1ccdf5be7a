import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type CSSProperties, type KeyboardEvent, type RefObject } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { KeySort } from '../../../../shared/contract/keyspace';
import type { WireBytes } from '../../../../shared/contract/keys';
import { KEY_TYPE_NAMES } from '../../../../shared/contract/limits';
import { formatBytes, formatCompact, formatInteger } from '../../../../shared/format';
import { useNow } from '../../app/use-now';
import { VirtualList, type VirtualListHandle } from '../../ui/virtual-list/VirtualList';
import { Breadcrumbs } from './Breadcrumbs';
import { GoToKey } from './GoToKey';
import { dropPrefix, sameWire } from './key-names';
import { useKeysConnection, useKeysStore, type BrowseState } from './keys-store';
import { patchKeyRow } from './patch-rows';
import { filterToGlob, type KeysPager, type RowsInfo, type ViewRow } from './rows';
import { RowView } from './RowView';
import { ScanBar } from './ScanBar';
import { TreeSettings } from './TreeSettings';

const ROW_HEIGHT = 28;

function SortHead({ by, label, sort, onSort }: { by: KeySort['by']; label: string; sort: KeySort; onSort(s: KeySort): void }) {
  const on = sort.by === by;
  const next: KeySort = on ? { by, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { by, dir: by === 'name' ? 'asc' : 'desc' };
  return (
    <button
      type="button"
      className={`sort-head${on ? ' on' : ''}`}
      aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      onClick={() => onSort(next)}
      data-testid={`sort-${by}`}
      title={`Sort by ${label.toLowerCase()}`}
    >
      {label}
      {on && <span aria-hidden="true">{sort.dir === 'asc' ? ' ▲' : ' ▼'}</span>}
    </button>
  );
}

const plural = (n: number, word: string) => `${formatInteger(n)} ${word}${n === 1 ? '' : 's'}`;

/** What the open folder (or the filtered list) holds, and how complete those numbers are. */
function Summary({ info, total, mode }: { info: RowsInfo | null; total: number | null; mode: 'tree' | 'list' }) {
  if (!info || total === null) return <div className="keys-summary small muted">&nbsp;</div>;
  const c = info.coverage;
  const partial = !c.complete && c.state !== 'none';
  const s = info.summary;
  return (
    <div className="keys-summary small" data-testid="keys-summary" data-complete={c.complete}>
      {mode === 'tree' && s ? (
        <>
          <span data-testid="summary-keys" data-value={s.keys}>
            {plural(s.keys, 'key')}
          </span>{' '}
          · {formatBytes(s.bytes)}
          {s.noTtl > 0 && <span className="tone-warn"> · {formatInteger(s.noTtl)} without TTL</span>}
          <span className="muted">
            {' '}
            · {plural(info.folders ?? 0, 'folder')}, {plural(info.keys ?? 0, 'key')} here
          </span>
        </>
      ) : (
        <span data-testid="summary-keys" data-value={total}>
          {plural(total, 'key')}
        </span>
      )}
      {partial && (
        <span className="tone-warn" title="Counts cover the keys scanned so far">
          {' '}
          · so far: {formatCompact(c.scanned)} of {formatCompact(c.dbsize)} scanned
        </span>
      )}
    </div>
  );
}

/**
 * The left pane: scan controls, filters, the namespace tree or the flat list (virtualised;
 * rows fetched a page at a time from main), Go to key. Keyboard: ↑/↓ move, Enter opens,
 * Backspace goes up a folder; `/` (handled by the view) focuses the filter.
 */
export function BrowserPane({ api, id, pager, filterRef }: { api: CachescopeApi; id: string; pager: KeysPager; filterRef: RefObject<HTMLInputElement | null> }) {
  const conn = useKeysConnection(id);
  const { browse, progress, settings } = conn;
  const patch = useCallback((p: Partial<BrowseState>) => useKeysStore.getState().patchBrowse(id, p), [id]);
  const delimiter = settings?.delimiter ?? ':';
  const fold = settings?.fold ?? null;
  const tree = browse.mode === 'tree';
  const here = tree ? browse.path[browse.path.length - 1] : undefined;
  const prefix: WireBytes | null = tree ? (here?.prefix ?? fold) : null;
  const pattern = here?.pattern === true;
  const collapseIds = settings?.collapseIds ?? true;
  const glob = filterToGlob(browse.filter);
  const scanned = progress !== null;
  const [busy, setBusy] = useState(false);
  const [scanError, setScanError] = useState<string | null>(null);
  const [cursor, setCursor] = useState(0);
  const list = useRef<VirtualListHandle>(null);
  const range = useRef({ start: 0, end: 0 });

  // The query the rows come from; a new one starts the list from the top.
  const sourceKey = JSON.stringify({ mode: browse.mode, prefix, pattern, glob, type: browse.type, sort: browse.sort, delimiter, collapseIds });
  // A scan that has read nothing yet: the first progress tick with keys fetches the rows.
  const nothingYet = progress?.state === 'running' && progress.scanned === 0;
  useEffect(() => {
    if (!scanned) return;
    const filters = { ...(glob ? { match: { utf8: glob } } : {}), ...(browse.type ? { type: browse.type } : {}) };
    pager.setSource(sourceKey, async (offset, limit) => {
      if (tree) {
        const r = await api.invoke('keys.tree', { id, prefix, pattern, delimiter, collapseIds, sort: browse.sort, offset, limit, ...filters });
        if (!r.ok) return { ok: false, message: r.error.message };
        const v = r.value;
        return { ok: true, value: { rows: v.rows, total: v.total, info: { coverage: v.coverage, summary: v.summary, folders: v.folders, keys: v.keys } } };
      }
      const r = await api.invoke('keys.list', { id, sort: browse.sort, offset, limit, ...filters });
      if (!r.ok) return { ok: false, message: r.error.message };
      return { ok: true, value: { rows: r.value.rows, total: r.value.total, info: { coverage: r.value.coverage } } };
    }, !nothingYet);
    setCursor(0);
    list.current?.element()?.scrollTo(0, 0);
    // sourceKey covers every input of the fetcher.
  }, [sourceKey, scanned, api, id]);

  // A new scan replaced the index: start over. Ticks of the running scan refresh the rows on screen.
  const scanId = progress?.scanId ?? null;
  const lastScan = useRef(scanId);
  useEffect(() => {
    if (lastScan.current !== null && scanId !== lastScan.current) pager.reset(!nothingYet);
    lastScan.current = scanId;
    // Only a new scan id resets; nothingYet is read as it is at that moment.
  }, [scanId, pager]);
  useEffect(() => {
    if (progress && (progress.scanned > 0 || progress.state !== 'running')) pager.invalidate();
  }, [progress, pager]);

  useSyncExternalStore(pager.subscribe, pager.getVersion);
  const count = pager.total ?? 0;
  const now = useNow(1000, scanned && count > 0);

  const startScan = async () => {
    setBusy(true);
    setScanError(null);
    const r = await api.invoke('keys.scan.start', { id, withMemory: true });
    if (!r.ok) setScanError(r.error.message);
    setBusy(false);
  };
  const cancelScan = async () => {
    setBusy(true);
    const r = await api.invoke('keys.scan.cancel', { id });
    if (!r.ok) setScanError(r.error.message);
    setBusy(false);
  };

  const activate = (i: number) => {
    setCursor(i);
    const row = pager.row(i)?.row;
    if (!row) return;
    if (row.kind === 'folder') patch({ path: [...browse.path, { prefix: row.prefix, name: row.name, ...(row.pattern ? { pattern: true } : {}) }] });
    else useKeysStore.getState().openKey(id, row.key);
  };
  const up = () => {
    if (tree && browse.path.length > 0) patch({ path: browse.path.slice(0, -1) });
  };

  const lookupRow = async (key: WireBytes) => {
    const r = await api.invoke('keys.lookup', { id, key });
    if (r.ok) patchKeyRow(pager, key, r.value.row ? { type: r.value.row.type, ttlMs: r.value.row.ttlMs, bytes: r.value.row.bytes } : null);
  };
  const refreshRow = (i: number) => {
    const row = pager.row(i)?.row;
    if (row?.kind === 'key') void lookupRow(row.key);
  };
  /** Read the metadata of every key on screen again (at most the ~40 rows visible). */
  const refreshVisible = async () => {
    const keys: WireBytes[] = [];
    for (let i = range.current.start; i < range.current.end && keys.length < 100; i++) {
      const row = pager.row(i)?.row;
      if (row?.kind === 'key') keys.push(row.key);
    }
    await Promise.all(keys.map(lookupRow));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = list.current?.pageSize() ?? 10;
    const moves: Record<string, number> = { ArrowDown: cursor + 1, ArrowUp: cursor - 1, PageDown: cursor + page, PageUp: cursor - page, Home: 0, End: count - 1 };
    if (e.key in moves && count > 0) {
      e.preventDefault();
      const next = Math.max(0, Math.min(count - 1, moves[e.key]!));
      setCursor(next);
      list.current?.reveal(next);
    } else if (e.key === 'Enter' || (e.key === 'ArrowRight' && pager.row(cursor)?.row.kind === 'folder')) {
      e.preventDefault();
      activate(cursor);
    } else if (e.key === 'Backspace' || e.key === 'ArrowLeft') {
      e.preventDefault();
      up();
    }
  };

  const saveSettings = async (p: { delimiter?: string; fold?: WireBytes | null; collapseIds?: boolean }) => {
    // Folder prefixes of the old delimiter, root or grouping mean nothing now: back to the root
    // as the change is asked for, not when the save returns — a folder opened meanwhile stays open.
    patch({ path: [] });
    const r = await api.invoke('keyspace.settings.set', { id, ...p });
    if (!r.ok) return r.error.message;
    useKeysStore.getState().setSettings(id, r.value);
    return null;
  };

  const renderRow = (i: number, style: CSSProperties) => {
    const got = pager.row(i);
    let row: ViewRow | undefined = got?.row;
    let folded: string | null = null;
    if (!tree && row?.kind === 'key' && fold) {
      const rest = dropPrefix(row.key, fold);
      if (rest) {
        row = { ...row, name: rest };
        folded = '…';
      }
    }
    const partial = !(pager.info?.coverage.complete ?? true);
    return (
      <RowView
        row={row}
        fetchedAt={got?.fetchedAt ?? 0}
        now={now}
        index={i}
        style={style}
        selected={row?.kind === 'key' && sameWire(row.key, browse.selected)}
        cursor={i === cursor}
        partial={partial}
        folded={folded}
        delimiter={delimiter}
        onActivate={activate}
        onRefresh={refreshRow}
      />
    );
  };

  const overlay = !scanned ? (
    <div className="list-overlay" data-testid="keys-not-scanned">
      <h3>Not scanned yet</h3>
      <p className="muted">
        Cachescope walks the keyspace with <code>SCAN</code> and a bounded <code>COUNT</code>, reading each page&apos;s types, TTLs and sizes in one
        pipeline or script — never <code>KEYS</code>, so it is safe on a production server. Rows appear while it runs.
      </p>
      <button type="button" className="btn btn-primary" onClick={startScan} disabled={busy} data-testid="scan-start-empty">
        Scan keys
      </button>
      <p className="muted small">Or go straight to an exact key name above: no scan needed.</p>
    </div>
  ) : pager.error ? (
    <div className="list-overlay" role="alert" data-testid="keys-error">
      <h3>Could not read the keys</h3>
      <p className="reason">{pager.error}</p>
      <button type="button" className="btn" onClick={() => pager.invalidate()}>
        Try again
      </button>
    </div>
  ) : pager.total === 0 && progress?.state !== 'running' ? (
    <div className="list-overlay" data-testid="keys-empty">
      <h3>{glob || browse.type ? 'No key matches the filter' : prefix ? 'This folder is empty' : 'No keys'}</h3>
      <p className="muted">
        {glob || browse.type
          ? `Nothing${glob ? ` matching ${glob}` : ''}${browse.type ? ` of type ${browse.type}` : ''} among the ${formatInteger(pager.info?.coverage.indexed ?? 0)} keys scanned.`
          : progress?.state === 'done'
            ? 'The scan found no keys in this database.'
            : 'The scan stopped before finding any keys.'}
      </p>
    </div>
  ) : null;

  return (
    <section className={`keys-browser panel mode-${browse.mode}`} aria-label="Keys">
      <ScanBar progress={progress} busy={busy} onScan={startScan} onCancel={cancelScan} error={scanError} />
      <div className="keys-toolbar">
        <FilterInput value={browse.filter} inputRef={filterRef} onChange={(filter) => patch({ filter })} />
        <select value={browse.type} onChange={(e) => patch({ type: e.target.value })} aria-label="Type filter" data-testid="keys-type">
          <option value="">any type</option>
          {KEY_TYPE_NAMES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <div className="segmented segmented-small" role="radiogroup" aria-label="Tree or list">
          {(['tree', 'list'] as const).map((m) => (
            <label key={m} className={`segment${browse.mode === m ? ' on' : ''}`} data-testid={`mode-${m}`}>
              <input type="radio" name={`keys-mode-${id}`} checked={browse.mode === m} onChange={() => patch({ mode: m })} />
              {m === 'tree' ? 'Tree' : 'List'}
            </label>
          ))}
        </div>
        <button type="button" className="btn btn-small" onClick={refreshVisible} disabled={count === 0} title="Read the type, TTL and memory of the keys on screen again (no rescan)" data-testid="refresh-visible">
          ↻ Rows
        </button>
      </div>
      <GoToKey
        api={api}
        id={id}
        onFound={(found) => {
          useKeysStore.getState().openKey(id, found.key);
          pager.invalidate(); // the lookup put the key in the index
        }}
      />
      {tree && (
        <div className="keys-path">
          <Breadcrumbs path={browse.path} fold={fold} onGo={(n) => patch({ path: browse.path.slice(0, n) })} />
          <TreeSettings settings={settings} onSave={saveSettings} />
        </div>
      )}
      <Summary info={pager.info} total={pager.total} mode={browse.mode} />
      <div className="key-row key-head" role="presentation">
        <span />
        <SortHead by="name" label="Name" sort={browse.sort} onSort={(sort) => patch({ sort })} />
        <span className="muted">Type</span>
        <SortHead by="ttl" label="TTL" sort={browse.sort} onSort={(sort) => patch({ sort })} />
        <SortHead by="memory" label="Memory" sort={browse.sort} onSort={(sort) => patch({ sort })} />
        {tree ? <SortHead by="keys" label="Keys" sort={browse.sort} onSort={(sort) => patch({ sort })} /> : <span />}
      </div>
      <VirtualList
        ref={list}
        className="keys-list"
        count={scanned ? count : 0}
        rowHeight={ROW_HEIGHT}
        overscan={10}
        renderRow={renderRow}
        onRangeChange={(start, end) => {
          range.current = { start, end };
          pager.setVisible(start, end);
        }}
        overlay={overlay}
        role="listbox"
        tabIndex={0}
        aria-label={tree ? 'Folders and keys' : 'Keys'}
        aria-activedescendant={count > 0 ? `keyrow-${cursor}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="keys-list"
        data-total={pager.total ?? ''}
      />
    </section>
  );
}

/** The glob filter, applied a moment after typing stops so each keystroke is not a query. */
function FilterInput({ value, onChange, inputRef }: { value: string; onChange(v: string): void; inputRef: RefObject<HTMLInputElement | null> }) {
  const [draft, setDraft] = useState(value);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const t = setTimeout(() => changed.current(draft), 250);
    return () => clearTimeout(t);
  }, [draft, value]);
  return (
    <input
      ref={inputRef}
      type="text"
      className="keys-filter"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onChange(draft);
        if (e.key === 'Escape') setDraft('');
      }}
      placeholder="Filter (glob)  /"
      title="A glob over key names (user:*, *:42); plain text means “contains”. Press / to get here."
      aria-label="Filter keys by glob"
      spellCheck={false}
      data-testid="keys-filter"
    />
  );
}
