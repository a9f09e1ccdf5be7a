import { memo, type CSSProperties, type MouseEvent } from 'react';
import type { FolderRow, TtlHealth } from '../../../../shared/contract/keyspace';
import type { WireBytes } from '../../../../shared/contract/keys';
import { formatBytes, formatCompact, formatInteger } from '../../../../shared/format';
import { displayName, dropPrefix, isBinary, shownName } from './key-names';
import { NameText } from './NameText';
import type { ViewKeyRow, ViewRow } from './rows';
import { formatTtl, formatTtlShort, remainingTtl } from './ttl-text';

/** A name cell: the exact name in one line, a "binary" badge for non-UTF-8 names, a muted folded prefix. */
export function KeyName({ name, folded }: { name: WireBytes; folded?: string | null }) {
  const empty = displayName(name) === '';
  return (
    <span className="key-name" title={shownName(name)}>
      {folded && <span className="folded-prefix">{folded}</span>}
      {empty ? (
        <span className="key-name-text">
          <em className="muted">(empty name)</em>
        </span>
      ) : (
        <NameText name={name} className="key-name-text" />
      )}
      {isBinary(name) && <span className="badge badge-binary">binary</span>}
    </span>
  );
}

const HEALTH: Record<TtlHealth, { mark: string; tone: string; label: (f: FolderRow) => string; words: (f: FolderRow) => string }> = {
  ok: { mark: '●', tone: 'tone-ok', label: () => 'all TTL', words: () => 'every key has a TTL' },
  partial: { mark: '◐', tone: 'tone-warn', label: (f) => `${formatCompact(f.noTtl)} no TTL`, words: (f) => `${formatInteger(f.noTtl)} of ${formatInteger(f.keys)} keys have no TTL` },
  none: { mark: '○', tone: 'tone-bad', label: () => 'no TTL', words: () => 'no key has a TTL' },
};

function typeSummary(types: Record<string, number>): { label: string; title: string } {
  const entries = Object.entries(types).sort((a, b) => b[1] - a[1]);
  const title = entries.map(([t, n]) => `${t}: ${formatInteger(n)}`).join(', ');
  if (entries.length === 1) return { label: entries[0]![0], title };
  return { label: entries.length === 0 ? '—' : 'mixed', title };
}

interface RowProps {
  /** Undefined while its page is on the way. */
  row: ViewRow | undefined;
  fetchedAt: number;
  now: number;
  index: number;
  style: CSSProperties;
  selected: boolean;
  cursor: boolean;
  /** Counts are "so far": the scan has not finished. */
  partial: boolean;
  /** The flat list with a folded prefix: key names drop it and show a muted … instead. */
  fold: WireBytes | null;
  delimiter: string;
  onActivate(index: number): void;
  onRefresh(index: number): void;
}

function FolderCells({ row, partial, delimiter }: { row: FolderRow; partial: boolean; delimiter: string }) {
  const health = HEALTH[row.ttlHealth];
  const types = typeSummary(row.types);
  const soFar = partial ? ' (so far: the scan is not complete)' : '';
  return (
    <>
      <span className="cell-icon" aria-hidden="true">
        ▸
      </span>
      <span className="cell-name">
        {row.ids !== undefined ? (
          <span className="id-folder" title={`${formatInteger(row.ids)} distinct ids gathered into one folder (turn off “Group ids” to list them)`} data-testid="id-folder">
            ‹id› <span className="muted small">× {formatInteger(row.ids)}</span>
          </span>
        ) : row.leaf ? (
          <span className="leaf-group" title={`${formatInteger(row.keys)} keys named “${displayName(row.name)}”, one per id: ${displayName(row.prefix)}`} data-testid="leaf-group">
            <KeyName name={row.name} /> <span className="muted small">× {formatInteger(row.keys)}</span>
          </span>
        ) : (
          <KeyName name={row.name} />
        )}
        {!row.leaf && <span className="folder-delim">{delimiter}</span>}
      </span>
      <span className="cell-type muted" title={types.title}>
        {types.label}
      </span>
      <span className={`cell-ttl ${health.tone}`} title={health.words(row)} data-testid="ttl-health" data-health={row.ttlHealth}>
        {health.mark} {health.label(row)}
      </span>
      <span className="cell-mem num" title={`${formatBytes(row.bytes)}${row.bytesEstimated ? ' (includes estimates)' : ''}${soFar}`}>
        {row.bytesEstimated ? '≈' : ''}
        {formatBytes(row.bytes)}
      </span>
      <span className={`cell-keys num${partial ? ' partial' : ''}`} title={`${formatInteger(row.keys)} keys${soFar}`} data-testid="folder-keys">
        {formatInteger(row.keys)}
      </span>
    </>
  );
}

interface ShownName {
  name: WireBytes;
  /** Muted text drawn before the name (the folded prefix). */
  folded: string | null;
}
const NO_NAME: ShownName = { name: { utf8: '' }, folded: null };

/** A row's name as drawn: in the flat list with a fold, a key's name without the folded prefix. */
function shownKeyName(row: ViewRow, fold: WireBytes | null): ShownName {
  const rest = fold && row.kind === 'key' ? dropPrefix(row.key, fold) : null;
  return rest ? { name: rest, folded: '…' } : { name: row.name, folded: null };
}

/** A key's cells; with `row` null the same elements, empty (a placeholder), so a row fills in without re-creating its DOM. */
function KeyCells({ row, name, fetchedAt, now, onRefresh, index }: { row: ViewKeyRow | null; name: ShownName; fetchedAt: number; now: number; onRefresh(i: number): void; index: number }) {
  if (!row)
    return (
      <>
        <span className="cell-icon muted" aria-hidden="true" />
        <span className="cell-name">
          <span className="skeleton" />
        </span>
        <span className="cell-type" />
        <span className="cell-ttl" />
        <span className="cell-mem num" />
        <span className="cell-keys" />
      </>
    );
  const ttl = row.gone ? null : remainingTtl(row.ttlMs, now - (row.readAt ?? fetchedAt));
  const refresh = (e: MouseEvent) => {
    e.stopPropagation();
    onRefresh(index);
  };
  return (
    <>
      <span className="cell-icon muted" aria-hidden="true">
        •
      </span>
      <span className="cell-name">
        <KeyName name={name.name} folded={name.folded} />
        <button type="button" className="row-refresh btn-ghost" title="Read this key's type, TTL and memory again" aria-label="Refresh this row" onClick={refresh} tabIndex={-1}>
          ↻
        </button>
      </span>
      <span className="cell-type">
        <span className={`type-chip type-${row.type}`}>{row.type}</span>
      </span>
      <span className={`cell-ttl${ttl !== null && ttl <= 0 ? ' tone-bad' : ttl === null ? ' muted' : ''}`} title={row.gone ? 'gone' : formatTtl(ttl)} data-testid="row-ttl">
        {row.gone ? 'gone' : formatTtlShort(ttl)}
      </span>
      <span className="cell-mem num" title={row.bytesEstimated ? 'MEMORY USAGE estimate (sampled)' : 'MEMORY USAGE'}>
        {row.bytes === null ? '—' : `${row.bytesEstimated ? '≈' : ''}${formatBytes(row.bytes)}`}
      </span>
      <span className="cell-keys" />
    </>
  );
}

/**
 * One row of the tree or the flat list: a folder (count, memory, TTL health), a key (type,
 * live TTL, memory), or a placeholder while its page is fetched — one element type for all
 * three, so scrolling updates rows in place.
 */
export const RowView = memo(function RowView(p: RowProps) {
  const { row } = p;
  if (!row)
    return (
      <div id={`keyrow-${p.index}`} role="option" aria-selected={false} aria-busy="true" className="key-row placeholder" style={p.style} data-index={p.index}>
        <KeyCells row={null} name={NO_NAME} fetchedAt={0} now={0} onRefresh={p.onRefresh} index={p.index} />
      </div>
    );
  const name = shownKeyName(row, p.fold);
  const cls = `key-row kind-${row.kind}${p.selected ? ' selected' : ''}${p.cursor ? ' cursor' : ''}${row.kind === 'key' && row.gone ? ' gone' : ''}`;
  return (
    <div
      id={`keyrow-${p.index}`}
      role="option"
      aria-selected={p.selected}
      className={cls}
      style={p.style}
      data-testid={row.kind === 'folder' ? 'folder-row' : 'key-row'}
      data-name={displayName(name.name)}
      data-index={p.index}
      onClick={() => p.onActivate(p.index)}
    >
      {row.kind === 'folder' ? (
        <FolderCells row={row} partial={p.partial} delimiter={p.delimiter} />
      ) : (
        <KeyCells row={row} name={name} fetchedAt={p.fetchedAt} now={p.now} onRefresh={p.onRefresh} index={p.index} />
      )}
    </div>
  );
}, sameRowProps);

/**
 * Whether a row can keep what it drew. The list builds a new `style` object per render and the
 * clock ticks every second; neither matters unless the position moved or the row is a key
 * (whose TTL counts down). While a scan streams this keeps unchanged rows out of each render.
 */
function sameRowProps(a: RowProps, b: RowProps): boolean {
  return (
    a.row === b.row &&
    a.fetchedAt === b.fetchedAt &&
    a.index === b.index &&
    a.selected === b.selected &&
    a.cursor === b.cursor &&
    a.partial === b.partial &&
    a.fold === b.fold &&
    a.delimiter === b.delimiter &&
    a.onActivate === b.onActivate &&
    a.onRefresh === b.onRefresh &&
    a.style.top === b.style.top &&
    a.style.height === b.style.height &&
    (a.now === b.now || a.row?.kind !== 'key')
  );
}
