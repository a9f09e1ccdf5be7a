import { useState } from 'react';
import type { CachescopeApi } from '../../../../../shared/contract/api';
import type { ValuePage } from '../../../../../shared/contract/key-detail';
import type { WireBytes } from '../../../../../shared/contract/keys';
import { formatInteger } from '../../../../../shared/format';
import { appendRows, nextArgs, toTable, type CollectionKind, type TablePage } from './collection-pages';
import { ItemText } from './ItemText';
import { fetchValuePage } from './key-commands';

/** Elements fetched per "Load more" (keys.value's default page). */
const PAGE = 100;

/**
 * A hash, list, set, sorted set or stream, a page at a time (never the whole collection):
 * the first page came with keys.detail; "Load more" asks main for the next one.
 */
export function CollectionValue({ api, id, keyName, first }: { api: CachescopeApi; id: string; keyName: WireBytes; first: Exclude<ValuePage, { kind: 'string' } | { kind: 'other' }> }) {
  const [table, setTable] = useState<TablePage>(() => toTable(first));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind: CollectionKind = first.kind;

  const more = async () => {
    if (!table.next) return;
    setBusy(true);
    setError(null);
    const r = await fetchValuePage(api, nextArgs(id, keyName, kind, table.next, PAGE));
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    if (r.value.kind !== kind) {
      setError(`The key is now a ${r.value.kind}: reopen it.`);
      return;
    }
    const page = toTable(r.value as typeof first);
    setTable((t) => ({ ...page, rows: appendRows(t.rows, page.rows) }));
  };

  return (
    <div className="collection-value" data-testid={`value-${kind}`}>
      <div className="value-toolbar small">
        <span data-testid="value-shown" data-shown={table.rows.length} data-total={table.total}>
          {formatInteger(kind === 'stream' ? new Set(table.rows.map((r) => r.id.split('#')[0])).size : table.rows.length)} of {formatInteger(table.total)}{' '}
          {kind === 'hash' ? 'fields' : kind === 'stream' ? 'entries' : kind === 'list' ? 'items' : 'members'} shown
        </span>
        {kind === 'hash' || kind === 'set' ? <span className="muted"> · unordered (HSCAN/SSCAN order)</span> : null}
      </div>
      <div className="collection-scroll">
        <table className="data-table value-table">
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.id} data-testid="value-row">
                {row.cells.map((cell, i) => (
                  <td key={i} className={typeof cell === 'string' ? 'nowrap muted' : undefined}>
                    <ItemText cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {table.rows.length === 0 && <p className="muted">Empty.</p>}
      </div>
      <div className="value-footer">
        {table.next && (
          <button type="button" className="btn btn-small" onClick={more} disabled={busy} data-testid="load-more">
            {busy ? 'Loading…' : `Load ${PAGE} more`}
          </button>
        )}
        {error && (
          <span className="tone-bad small" role="alert">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
