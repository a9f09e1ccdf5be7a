import { useCallback, useRef, type RefObject } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { WireBytes } from '../../../../shared/contract/keys';
import { Breadcrumbs } from './Breadcrumbs';
import { useUiStore } from '../../stores/ui-store';
import { folderTarget } from './folder-target';
import { GoToKey } from './GoToKey';
import { KeyList } from './KeyList';
import { KeysSummary } from './KeysSummary';
import { KeysToolbar } from './KeysToolbar';
import { useBrowse, useKeysStore, type BrowseState } from './keys-store';
import { saveKeyspaceSettings } from './keys-sync';
import { refreshKeyRows } from './row-refresh';
import type { KeysPager } from './rows';
import { ScanBar } from './ScanBar';
import { useScanPhase } from './scan-phase';
import { SortHeader } from './SortHeader';
import { TreeSettings } from './TreeSettings';
import { useScanControl } from './use-scan-control';
import { useScanFeed } from './use-scan-feed';
import { rowQuery } from './use-row-source';

/**
 * The left pane's layout: scan bar, toolbar, Go to key, the folder path, the summary, the column
 * heads and the rows. State lives in the keys store and the pager; progress ticks reach only the
 * scan bar and (through the pager) the rows. `/` (handled by the view) focuses the filter.
 */
export function BrowserPane({ api, id, pager, filterRef }: { api: CachescopeApi; id: string; pager: KeysPager; filterRef: RefObject<HTMLInputElement | null> }) {
  const browse = useBrowse(id);
  const settings = useKeysStore((s) => s.conns[id]?.settings ?? null);
  const patch = useCallback((p: Partial<BrowseState>) => useKeysStore.getState().patchBrowse(id, p), [id]);
  const phase = useScanPhase(id);
  useScanFeed(id, pager);
  const scan = useScanControl(api, id, phase.scanned);
  const query = rowQuery(browse, settings);
  const range = useRef({ start: 0, end: 0 });

  const saveSettings = async (p: { delimiter?: string; fold?: WireBytes | null; collapseIds?: boolean }) => {
    // Folder prefixes of the old delimiter, root or grouping mean nothing now: back to the root
    // as the change is asked for, not when the save returns — a folder opened meanwhile stays open.
    patch({ path: [] });
    return saveKeyspaceSettings(api, id, p);
  };

  return (
    <section className={`keys-browser panel mode-${browse.mode}`} aria-label="Keys">
      <ScanBar id={id} busy={scan.busy} onScan={scan.start} onCancel={scan.cancel} error={scan.error} plan={scan.plan} />
      <KeysToolbar id={id} browse={browse} filterRef={filterRef} onPatch={patch} pager={pager} onRefresh={() => void refreshKeyRows(api, id, pager, range.current)} />
      <GoToKey
        api={api}
        id={id}
        onFound={(found) => {
          useKeysStore.getState().openKey(id, found.key);
          pager.invalidate(); // the lookup put the key in the index
        }}
      />
      {query.tree && (
        <div className="keys-path">
          <Breadcrumbs
            path={browse.path}
            fold={query.fold}
            onGo={(n) => patch({ path: browse.path.slice(0, n) })}
            onInvalidate={(crumb) => useUiStore.getState().invalidateFrom(id, folderTarget(crumb, query.delimiter))}
          />
          <TreeSettings settings={settings} onSave={saveSettings} />
        </div>
      )}
      <KeysSummary pager={pager} mode={browse.mode} onUnfold={query.fold ? () => void saveSettings({ fold: null }) : undefined} />
      <SortHeader sort={browse.sort} tree={query.tree} onSort={(sort) => patch({ sort })} />
      <KeyList api={api} id={id} pager={pager} browse={browse} query={query} phase={phase} plan={scan.plan} busy={scan.busy} onScan={scan.start} rangeRef={range} />
    </section>
  );
}
