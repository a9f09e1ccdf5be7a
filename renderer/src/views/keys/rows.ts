import type { Coverage, FolderRow, FolderStats, KeyRow } from '../../../../shared/contract/keyspace';
import { RowPager } from './row-pager';

/** A key row can be marked gone after an on-demand read found it deleted or expired. */
export type ViewKeyRow = KeyRow & {
  gone?: boolean;
  /** When this row's metadata was read, if later than its page (an on-demand refresh). */
  readAt?: number;
};
export type ViewRow = FolderRow | ViewKeyRow;

/** What a tree or list reply carries besides its rows. */
export interface RowsInfo {
  coverage: Coverage;
  /** Tree only: everything under the open folder, and how many of the rows are folders/keys. */
  summary?: FolderStats;
  folders?: number;
  keys?: number;
  /** At a folded root: the keys shown that do not carry the fold. */
  outsideFold?: number;
}

export type KeysPager = RowPager<ViewRow, RowsInfo>;

export function createKeysPager(): KeysPager {
  return new RowPager<ViewRow, RowsInfo>({ pageSize: 100, maxPages: 24, minIntervalMs: 300 });
}

/** The glob sent for what was typed: a bare word means "contains" (`*word*`), a glob is used as is. */
export function filterToGlob(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  return /[*?[]/.test(t) ? t : `*${t}*`;
}

/** Metadata a fresh read of one key gives (keys.lookup or keys.detail). */
export interface KeyMeta {
  type: string;
  ttlMs: number | null;
  bytes: number | null;
}
