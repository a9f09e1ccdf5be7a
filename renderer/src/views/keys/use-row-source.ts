import { useEffect } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { KeyspaceSettings } from '../../../../shared/contract/keyspace';
import type { WireBytes } from '../../../../shared/contract/keys';
import type { BrowseState } from './keys-store';
import { filterToGlob, type KeysPager } from './rows';
import type { ScanPhase } from './scan-phase';

/** What the rows are asked with, derived from the browse state and the tree settings. */
export interface RowQuery {
  tree: boolean;
  /** The open folder's prefix (or the fold at the root); null in the flat list. */
  prefix: WireBytes | null;
  /** The open folder is a collapsed id folder (its prefix is a glob). */
  pattern: boolean;
  glob: string | null;
  delimiter: string;
  fold: WireBytes | null;
  collapseIds: boolean;
}

export function rowQuery(browse: BrowseState, settings: KeyspaceSettings | null): RowQuery {
  const tree = browse.mode === 'tree';
  const fold = settings?.fold ?? null;
  const here = tree ? browse.path[browse.path.length - 1] : undefined;
  return {
    tree,
    prefix: tree ? (here?.prefix ?? fold) : null,
    pattern: here?.pattern === true,
    glob: filterToGlob(browse.filter),
    delimiter: settings?.delimiter ?? ':',
    fold,
    collapseIds: settings?.collapseIds ?? true,
  };
}

/**
 * Point the pager at keys.tree or keys.list for the query on screen. A new query starts the list
 * from the top (`onNewSource`); a scan that has read nothing yet waits for its first tick.
 */
export function useRowSource(api: CachescopeApi, id: string, pager: KeysPager, browse: BrowseState, q: RowQuery, phase: ScanPhase, onNewSource: () => void): void {
  const { tree, prefix, pattern, glob, delimiter, collapseIds } = q;
  const sourceKey = JSON.stringify({ mode: browse.mode, prefix, pattern, glob, type: browse.type, sort: browse.sort, delimiter, collapseIds });
  useEffect(() => {
    if (!phase.scanned) return;
    const filters = { ...(glob ? { match: { utf8: glob } } : {}), ...(browse.type ? { type: browse.type } : {}) };
    pager.setSource(
      sourceKey,
      async (offset, limit) => {
        if (tree) {
          const r = await api.invoke('keys.tree', { id, prefix, pattern, delimiter, collapseIds, sort: browse.sort, offset, limit, ...filters });
          if (!r.ok) return { ok: false, message: r.error.message };
          const v = r.value;
          return { ok: true, value: { rows: v.rows, total: v.total, info: { coverage: v.coverage, summary: v.summary, folders: v.folders, keys: v.keys, ...(v.outsideFold !== undefined ? { outsideFold: v.outsideFold } : {}) } } };
        }
        const r = await api.invoke('keys.list', { id, sort: browse.sort, offset, limit, ...filters });
        if (!r.ok) return { ok: false, message: r.error.message };
        return { ok: true, value: { rows: r.value.rows, total: r.value.total, info: { coverage: r.value.coverage } } };
      },
      !phase.nothingYet,
    );
    onNewSource();
    // sourceKey covers every input of the fetcher; nothingYet is read as it is at that moment.
  }, [sourceKey, phase.scanned, api, id]);
}
