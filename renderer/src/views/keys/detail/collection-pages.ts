import type { ItemBytes, ValuePage, ValuePageArgs } from '../../../../../shared/contract/key-detail';
import type { WireBytes } from '../../../../../shared/contract/keys';
import { wireId } from '../key-names';

/** One table cell: element bytes (shown as text or escapes) or a plain label (an index, a score, a stream id). */
export type Cell = ItemBytes | string;

export interface TableRow {
  /** Unique within the value: the element's identity for sets and hashes (HSCAN/SSCAN may repeat one). */
  id: string;
  cells: Cell[];
}

/** Where the next page starts (the cursor-ish part of keys.value's arguments); null = the end. */
export type NextPage = { cursor: string } | { offset: number } | { after: string } | null;

export interface TablePage {
  columns: string[];
  rows: TableRow[];
  next: NextPage;
  total: number;
}

type Paged = Exclude<ValuePage, { kind: 'string' } | { kind: 'other' }>;
export type CollectionKind = Paged['kind'];

const itemId = (i: ItemBytes) => wireId(i.bytes);

/** A value page of a collection as table rows (pure: the view and its tests share it). */
export function toTable(page: Paged): TablePage {
  switch (page.kind) {
    case 'hash':
      return {
        columns: ['Field', 'Value'],
        rows: page.entries.map((e) => ({ id: itemId(e.field), cells: [e.field, e.value] })),
        next: page.nextCursor === null ? null : { cursor: page.nextCursor },
        total: page.total,
      };
    case 'list':
      return {
        columns: ['Index', 'Value'],
        rows: page.items.map((it) => ({ id: String(it.index), cells: [String(it.index), it.value] })),
        next: page.nextOffset === null ? null : { offset: page.nextOffset },
        total: page.total,
      };
    case 'set':
      return {
        columns: ['Member'],
        rows: page.members.map((m) => ({ id: itemId(m), cells: [m] })),
        next: page.nextCursor === null ? null : { cursor: page.nextCursor },
        total: page.total,
      };
    case 'zset':
      return {
        columns: ['Rank', 'Score', 'Member'],
        rows: page.members.map((m) => ({ id: itemId(m.member), cells: [String(m.rank), m.score, m.member] })),
        next: page.nextOffset === null ? null : { offset: page.nextOffset },
        total: page.total,
      };
    case 'stream':
      return {
        columns: ['ID', 'Field', 'Value'],
        // One row per field keeps every cell a single element; the id repeats on the entry's first row only.
        rows: page.entries.flatMap((e) =>
          e.fields.length === 0
            ? [{ id: `${e.id}#`, cells: [e.id, '', ''] }]
            : e.fields.map((f, i) => ({ id: `${e.id}#${i}`, cells: [i === 0 ? e.id : '', f.field, f.value] })),
        ),
        next: page.nextAfter === null ? null : { after: page.nextAfter },
        total: page.total,
      };
  }
}

/** Append a page, dropping rows already shown (a SCAN cursor may return an element twice). */
export function appendRows(shown: TableRow[], more: TableRow[]): TableRow[] {
  const seen = new Set(shown.map((r) => r.id));
  return [...shown, ...more.filter((r) => !seen.has(r.id))];
}

/** keys.value arguments for the page after `next`. */
export function nextArgs(id: string, key: WireBytes, kind: CollectionKind, next: Exclude<NextPage, null>, count: number): ValuePageArgs {
  if (kind === 'hash' || kind === 'set') return { id, key, type: kind, cursor: 'cursor' in next ? next.cursor : '0', count };
  if (kind === 'stream') return { id, key, type: kind, after: 'after' in next ? next.after : null, count };
  return { id, key, type: kind, offset: 'offset' in next ? next.offset : 0, count };
}
