import { useCallback, useRef, useState, type CSSProperties, type KeyboardEvent, type RefObject } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ScanPlan } from '../../../../shared/contract/keyspace';
import { formatInteger } from '../../../../shared/format';
import { useNow } from '../../app/use-now';
import { VirtualList, type VirtualListHandle } from '../../ui/virtual-list/VirtualList';
import { sameWire } from './key-names';
import { useKeysStore, type BrowseState } from './keys-store';
import { listKeyAction } from './list-keyboard';
import { ListOverlay } from './ListOverlay';
import { refreshKeyRow } from './row-refresh';
import type { KeysPager } from './rows';
import { RowView } from './RowView';
import type { ScanPhase } from './scan-phase';
import { usePagerVersion } from './use-pager-version';
import { useRowSource, type RowQuery } from './use-row-source';

const ROW_HEIGHT = 28;

function emptyWords(browse: BrowseState, q: RowQuery, indexed: number, phase: ScanPhase): { title: string; text: string } {
  const filtered = q.glob || browse.type;
  return {
    title: filtered ? 'No key matches the filter' : q.prefix ? 'This folder is empty' : 'No keys',
    text: filtered
      ? `Nothing${q.glob ? ` matching ${q.glob}` : ''}${browse.type ? ` of type ${browse.type}` : ''} among the ${formatInteger(indexed)} keys scanned.`
      : phase.state === 'done'
        ? 'The scan found no keys in this database.'
        : 'The scan stopped before finding any keys.',
  };
}

/**
 * The rows: the namespace tree or the flat list, virtualised, fetched a page at a time from main.
 * Keyboard: ↑/↓ move, Enter opens, Backspace goes up a folder. Re-renders when its rows change
 * (a frame at most, as a transition) or the browse state does — never per scan tick.
 */
export function KeyList({
  api,
  id,
  pager,
  browse,
  query,
  phase,
  plan,
  busy,
  onScan,
  rangeRef,
}: {
  api: CachescopeApi;
  id: string;
  pager: KeysPager;
  browse: BrowseState;
  query: RowQuery;
  phase: ScanPhase;
  plan: ScanPlan | null;
  busy: boolean;
  onScan(): void;
  /** The rows rendered now (the toolbar's "↻ Rows" reads them). */
  rangeRef: RefObject<{ start: number; end: number }>;
}) {
  const [cursor, setCursor] = useState(0);
  const list = useRef<VirtualListHandle>(null);
  useRowSource(api, id, pager, browse, query, phase, () => {
    setCursor(0);
    list.current?.element()?.scrollTo(0, 0);
  });
  usePagerVersion(pager);
  const count = pager.total ?? 0;
  const now = useNow(1000, phase.scanned && count > 0);
  const { tree, fold, delimiter } = query;

  // Latest values for the row callbacks, which stay the same function so unchanged rows skip rendering.
  const latest = useRef({ browse, pager, id, api });
  latest.current = { browse, pager, id, api };
  const activate = useCallback((i: number) => {
    const { browse: b, pager: p, id: conn } = latest.current;
    setCursor(i);
    const row = p.row(i)?.row;
    if (!row) return;
    if (row.kind === 'folder') useKeysStore.getState().patchBrowse(conn, { path: [...b.path, { prefix: row.prefix, name: row.name, ...(row.pattern ? { pattern: true } : {}) }] });
    else useKeysStore.getState().openKey(conn, row.key);
  }, []);
  const refreshRow = useCallback((i: number) => {
    const { pager: p, id: conn, api: a } = latest.current;
    const row = p.row(i)?.row;
    if (row?.kind === 'key') void refreshKeyRow(a, conn, p, row.key);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const action = listKeyAction(e.key, cursor, list.current?.pageSize() ?? 10, count, pager.row(cursor)?.row.kind === 'folder');
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'move') {
      setCursor(action.to);
      list.current?.reveal(action.to);
    } else if (action.kind === 'open') activate(cursor);
    else if (tree && browse.path.length > 0) useKeysStore.getState().patchBrowse(id, { path: browse.path.slice(0, -1) });
  };

  const partial = !(pager.info?.coverage.complete ?? true);
  const listFold = tree ? null : fold;
  const renderRow = (i: number, style: CSSProperties) => {
    const got = pager.row(i);
    const row = got?.row;
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
        fold={listFold}
        delimiter={delimiter}
        onActivate={activate}
        onRefresh={refreshRow}
      />
    );
  };

  return (
    <VirtualList
      ref={list}
      className="keys-list"
      count={phase.scanned ? count : 0}
      rowHeight={ROW_HEIGHT}
      overscan={10}
      renderRow={renderRow}
      onRangeChange={(start, end) => {
        rangeRef.current = { start, end };
        pager.setVisible(start, end);
      }}
      overlay={
        <ListOverlay phase={phase} pager={pager} plan={plan} busy={busy} onScan={onScan} emptyWords={emptyWords(browse, query, pager.info?.coverage.indexed ?? 0, phase)} />
      }
      role="listbox"
      tabIndex={0}
      aria-label={tree ? 'Folders and keys' : 'Keys'}
      aria-activedescendant={count > 0 ? `keyrow-${cursor}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="keys-list"
      data-total={pager.total ?? ''}
    />
  );
}
