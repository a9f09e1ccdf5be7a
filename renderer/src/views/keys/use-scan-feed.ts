import { useEffect } from 'react';
import type { ScanProgress } from '../../../../shared/contract/keyspace';
import { useKeysStore } from './keys-store';
import type { KeysPager } from './rows';

/**
 * Progress ticks drive the rows on screen without re-rendering anything: a new scan id resets
 * the pager, a tick with keys (or the scan's end) asks it to refresh — which it throttles and
 * never overlaps. Subscribed outside React so the pane does not render per tick.
 */
export function useScanFeed(id: string, pager: KeysPager): void {
  useEffect(() => {
    let last: ScanProgress | null = useKeysStore.getState().conns[id]?.progress ?? null;
    return useKeysStore.subscribe((s) => {
      const p = s.conns[id]?.progress ?? null;
      if (p === last || !p) return;
      const before = last;
      last = p;
      const nothingYet = p.state === 'running' && p.scanned === 0;
      if (before !== null && before.scanId !== p.scanId) pager.reset(!nothingYet);
      else if (p.scanned > 0 || p.state !== 'running') pager.invalidate();
    });
  }, [id, pager]);
}
