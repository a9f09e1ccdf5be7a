import type { KeySort } from '../../../../shared/contract/keyspace';

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

/** The column heads over the rows; name, TTL, memory (and keys, in the tree) sort on a click. */
export function SortHeader({ sort, tree, onSort }: { sort: KeySort; tree: boolean; onSort(s: KeySort): void }) {
  return (
    <div className="key-row key-head" role="presentation">
      <span />
      <SortHead by="name" label="Name" sort={sort} onSort={onSort} />
      <span className="muted">Type</span>
      <SortHead by="ttl" label="TTL" sort={sort} onSort={onSort} />
      <SortHead by="memory" label="Memory" sort={sort} onSort={onSort} />
      {tree ? <SortHead by="keys" label="Keys" sort={sort} onSort={onSort} /> : <span />}
    </div>
  );
}
