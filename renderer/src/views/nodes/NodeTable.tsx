import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { NodeSample } from '../../../../shared/contract/metrics';
import { formatBytes, formatCompact, formatInteger, formatPercent, formatRate, NO_DATA } from '../../../../shared/format';
import { lagWords, memoryWords, nextSort, nodeState, roleWords, sortNodes, TOPOLOGY_SORT, type NodeSort, type NodeSortKey } from './node-rows';

interface Column {
  by: NodeSortKey;
  label: string;
  num?: boolean;
  title: string;
}

const COLUMNS: readonly Column[] = [
  { by: 'topology', label: 'State', title: 'Primaries with their replicas' },
  { by: 'address', label: 'Address', title: 'Sort by address' },
  { by: 'role', label: 'Role', title: 'Sort by role' },
  { by: 'slots', label: 'Slots', num: true, title: 'Hash slots served (cluster)' },
  { by: 'keys', label: 'Keys', num: true, title: 'Keys in every database of the node' },
  { by: 'memory', label: 'Memory', title: 'used_memory against maxmemory' },
  { by: 'ops', label: 'Ops/s', num: true, title: 'Commands per second over the last interval' },
  { by: 'hitRate', label: 'Hit rate', num: true, title: "The node's own interval hit rate (Cachescope's reads included)" },
  { by: 'clients', label: 'Clients', num: true, title: 'Connected clients' },
  { by: 'lag', label: 'Link · lag', title: "A replica's link to its primary and how far it is behind" },
];

function HeadCell({ column, sort, onSort }: { column: Column; sort: NodeSort; onSort(by: NodeSortKey): void }) {
  const on = sort.by === column.by;
  return (
    <th scope="col" className={column.num ? 'num' : undefined} aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={`sort-head${on ? ' on' : ''}`} data-testid={`nodes-sort-${column.by}`} title={column.title} onClick={() => onSort(column.by)}>
        {column.label}
        {on && <span aria-hidden="true">{sort.dir === 'asc' ? ' ▲' : ' ▼'}</span>}
      </button>
    </th>
  );
}

function MemoryCell({ node }: { node: NodeSample }) {
  const m = memoryWords(node);
  const pct = m.fraction === null ? null : Math.min(1, m.fraction);
  return (
    <td className="node-mem" title={m.title}>
      <span className="node-mem-text">{m.text}</span>
      {pct === null ? (
        <span className="muted small"> no limit</span>
      ) : (
        <span className={`node-mem-bar${pct >= 0.9 ? ' full' : pct >= 0.75 ? ' high' : ''}`} aria-hidden="true">
          <span style={{ width: `${pct * 100}%` }} />
        </span>
      )}
      {m.fraction !== null && <span className="muted small"> {formatPercent(m.fraction, 0)}</span>}
    </td>
  );
}

function NodeRow({ node, focused, onFocus, rowRef }: { node: NodeSample; focused: boolean; onFocus(): void; rowRef(el: HTMLTableRowElement | null): void }) {
  const state = nodeState(node);
  const lastKnown = node.up ? undefined : 'Last known figures: this node did not answer the last poll';
  return (
    <tr
      ref={rowRef}
      tabIndex={focused ? 0 : -1}
      onFocus={onFocus}
      className={`node-row${node.up ? '' : ' node-down'}`}
      data-testid="node-row"
      data-address={node.address}
      data-role={node.role}
      data-slots={node.slots ?? ''}
      data-up={node.up}
      aria-label={`${node.address}, ${roleWords(node)}, ${state.words}`}
    >
      <td>
        <span className={`node-state tone-${state.tone}`} data-testid="node-state">
          <span className="status-dot" aria-hidden="true" />
          {state.words}
        </span>
      </td>
      <th scope="row" className="mono">
        {node.address}
      </th>
      <td className={node.role === 'primary' ? 'node-role-primary' : 'muted'}>{roleWords(node)}</td>
      <td className="num">{node.slots === null ? (node.role === 'primary' ? NO_DATA : '') : formatInteger(node.slots)}</td>
      <td className="num" title={lastKnown}>
        {formatInteger(node.keys)}
      </td>
      <MemoryCell node={node} />
      <td className="num" title={lastKnown}>
        {node.up ? formatRate(node.opsPerSec) : NO_DATA}
      </td>
      <td className="num">{node.up ? formatPercent(node.hitRate) : NO_DATA}</td>
      <td className="num">{node.up ? formatCompact(node.connectedClients) : NO_DATA}</td>
      <td className={node.role === 'replica' && (node.linkUp === false || !node.up) ? 'tone-warn' : node.role === 'primary' ? 'muted' : undefined}>
        {node.up ? lagWords(node) : node.role === 'replica' ? 'unknown' : '—'}
        {node.up && node.role === 'replica' && node.replLagBytes !== null && node.replLagBytes > 0 && (
          <span className="sr-only"> ({formatBytes(node.replLagBytes)})</span>
        )}
      </td>
    </tr>
  );
}

/**
 * One row per node: dense, sortable by every column, and keyboard-navigable (↑/↓, Home/End
 * move between rows; the column heads are buttons). A node that did not answer says "down" and
 * keeps its last known keys and memory, greyed.
 */
export function NodeTable({ nodes }: { nodes: readonly NodeSample[] }) {
  const [sort, setSort] = useState<NodeSort>(TOPOLOGY_SORT);
  const rows = useMemo(() => sortNodes(nodes, sort), [nodes, sort]);
  const [focusAddress, setFocusAddress] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLTableRowElement>());
  const focusedIndex = Math.max(
    0,
    rows.findIndex((n) => n.address === focusAddress),
  );

  const onKey = (e: KeyboardEvent) => {
    const last = rows.length - 1;
    const next =
      e.key === 'ArrowDown' ? Math.min(last, focusedIndex + 1) : e.key === 'ArrowUp' ? Math.max(0, focusedIndex - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (next === null || !(e.target instanceof HTMLTableRowElement)) return;
    e.preventDefault();
    const address = rows[next]!.address;
    setFocusAddress(address);
    refs.current.get(address)?.focus();
  };

  return (
    <div className="node-table-scroll">
      <table className="data-table node-table" data-testid="node-table" aria-label="Nodes" onKeyDown={onKey}>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <HeadCell key={c.by} column={c} sort={sort} onSort={(by) => setSort((s) => nextSort(s, by))} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((n, i) => (
            <NodeRow
              key={n.address}
              node={n}
              focused={i === focusedIndex}
              onFocus={() => setFocusAddress(n.address)}
              rowRef={(el) => {
                if (el) refs.current.set(n.address, el);
                else refs.current.delete(n.address);
              }}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
