import { useShallow } from 'zustand/shallow';
import type { ScanProgress } from '../../../../shared/contract/keyspace';
import { useKeysStore } from './keys-store';

/** What the list needs to know about the scan: changes a few times per scan, not on every tick. */
export interface ScanPhase {
  /** A scan ran or runs (the index has something to show). */
  scanned: boolean;
  scanId: string | null;
  state: ScanProgress['state'] | null;
  /** A scan that has read nothing yet: the first tick with keys fetches the rows. */
  nothingYet: boolean;
}

function phaseOf(p: ScanProgress | null | undefined): ScanPhase {
  return { scanned: !!p, scanId: p?.scanId ?? null, state: p?.state ?? null, nothingYet: p?.state === 'running' && p.scanned === 0 };
}

/**
 * The scan's phase for one connection. Selected field by field (shallow-equal) so a progress
 * tick — five a second while a large scan streams — does not re-render the pane; only the
 * scan bar follows every tick.
 */
export function useScanPhase(id: string): ScanPhase {
  return useKeysStore(useShallow((s) => phaseOf(s.conns[id]?.progress)));
}

/** The latest progress of one connection (the scan bar: it re-renders on every tick). */
export function useScanProgress(id: string): ScanProgress | null {
  return useKeysStore((s) => s.conns[id]?.progress ?? null);
}
