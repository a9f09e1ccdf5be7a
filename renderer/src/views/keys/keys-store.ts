import { create } from 'zustand';
import type { KeySort, KeyspaceSettings, ScanProgress, TtlPreset } from '../../../../shared/contract/keyspace';
import type { WireBytes } from '../../../../shared/contract/keys';

/** One opened folder: its absolute prefix (as the core gave it) and the segment shown. */
export interface Crumb {
  prefix: WireBytes;
  name: WireBytes;
  /** `prefix` is a collapsed folder's glob (`user:*:`). */
  pattern?: boolean;
}

export interface BrowseState {
  mode: 'tree' | 'list';
  /** Folders opened below the root (the folded prefix, when set, is the root). */
  path: Crumb[];
  /** Glob typed in the filter ('' = none). */
  filter: string;
  /** A Redis type, '' = any. */
  type: string;
  sort: KeySort;
  /** The key shown in the detail pane. */
  selected: WireBytes | null;
  /** Bumped to ask the detail pane to read its key again. */
  detailNonce: number;
}

export interface KeysConnection {
  browse: BrowseState;
  /** The latest scan.progress of the connection (or keys.scan.status on mount). */
  progress: ScanProgress | null;
  settings: KeyspaceSettings | null;
  presets: TtlPreset[];
  /** Why the settings could not be read. */
  settingsError: string | null;
  /** The scan the Keys tab started by itself (the scan bar says so). */
  autoScanId: string | null;
  /** Scans (Keys and Analysis tabs) read each primary's replica instead (cluster, sentinel). */
  fromReplicas: boolean;
}

const DEFAULT_BROWSE: BrowseState = {
  mode: 'tree',
  path: [],
  filter: '',
  type: '',
  sort: { by: 'name', dir: 'asc' },
  selected: null,
  detailNonce: 0,
};

const empty = (): KeysConnection => ({ browse: DEFAULT_BROWSE, progress: null, settings: null, presets: [], settingsError: null, autoScanId: null, fromReplicas: false });

interface KeysStore {
  conns: Record<string, KeysConnection>;
  patchBrowse(id: string, patch: Partial<BrowseState>): void;
  setProgress(progress: ScanProgress): void;
  setSettings(id: string, settings: KeyspaceSettings, presets?: TtlPreset[]): void;
  setSettingsError(id: string, message: string): void;
  setAutoScan(id: string, scanId: string): void;
  setFromReplicas(id: string, on: boolean): void;
  /** Show a key in the detail pane (from the list, Go to key, or the analysis report). */
  openKey(id: string, key: WireBytes): void;
}

/**
 * Per-connection state of the Keys view, kept outside the component so switching tabs or
 * connections returns to the same folder, filter and key. Rows are not here: they live in the
 * list's pager, bounded to what is on screen.
 */
export const useKeysStore = create<KeysStore>()((set) => {
  const patch = (id: string, fn: (c: KeysConnection) => Partial<KeysConnection>) =>
    set((s) => {
      const cur = s.conns[id] ?? empty();
      return { conns: { ...s.conns, [id]: { ...cur, ...fn(cur) } } };
    });
  return {
    conns: {},
    patchBrowse: (id, p) => patch(id, (c) => ({ browse: { ...c.browse, ...p } })),
    setProgress: (progress) =>
      patch(progress.connectionId, (c) => {
        // A late tick of a replaced scan must not overwrite the newer one.
        const cur = c.progress;
        if (cur && cur.scanId !== progress.scanId && progress.startedAt < cur.startedAt) return {};
        return { progress };
      }),
    setSettings: (id, settings, presets) => patch(id, (c) => ({ settings, presets: presets ?? c.presets, settingsError: null })),
    setSettingsError: (id, message) => patch(id, () => ({ settingsError: message })),
    setAutoScan: (id, scanId) => patch(id, () => ({ autoScanId: scanId })),
    setFromReplicas: (id, on) => patch(id, () => ({ fromReplicas: on })),
    openKey: (id, key) => patch(id, (c) => ({ browse: { ...c.browse, selected: key, detailNonce: c.browse.detailNonce + 1 } })),
  };
});

const EMPTY = empty();

export function useKeysConnection(id: string): KeysConnection {
  return useKeysStore((s) => s.conns[id] ?? EMPTY);
}

/** Only the browse state: a component that needs no scan progress does not re-render on its ticks. */
export function useBrowse(id: string): BrowseState {
  return useKeysStore((s) => s.conns[id]?.browse ?? DEFAULT_BROWSE);
}
