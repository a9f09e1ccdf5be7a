import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ScanProgress } from '../../../../shared/contract/keyspace';
import { useKeysStore } from '../keys/keys-store';
import { scanSource } from '../keys/replica-source';
import { useAnalysisStore, type AnalysisOptions } from './analysis-store';

/** The scan a report over `match` can reuse: complete, same MATCH, no TYPE filter, with sizes. */
export function reusableScan(p: ScanProgress | null, match: string): boolean {
  if (!p || p.state !== 'done' || p.type !== null || !p.withMemory) return false;
  const m = p.match ? ('utf8' in p.match ? p.match.utf8 : null) : '';
  return m === match;
}

/** Resolve when the scan `scanId` of connection `id` stops running (its last scan.progress). */
function scanFinished(id: string, scanId: string): Promise<ScanProgress> {
  let seen = false;
  return new Promise((resolve) => {
    const check = (): boolean => {
      const p = useKeysStore.getState().conns[id]?.progress;
      if (p?.scanId === scanId) seen = true;
      if (p && p.scanId === scanId && p.state !== 'running') {
        resolve(p);
        return true;
      }
      // Replaced by a newer scan (someone pressed Rescan in the Keys tab): this one is over.
      if (p && seen && p.scanId !== scanId) {
        resolve({ ...p, state: 'cancelled', message: 'Another scan replaced this one.' });
        return true;
      }
      return false;
    };
    if (check()) return;
    const off = useKeysStore.subscribe(() => {
      if (check()) off();
    });
  });
}

/**
 * Build a report. The scan runs as an ordinary keys.scan.start, awaited through the
 * scan.progress stream rather than inside one long request (the bridge gives a request 30 s;
 * a big keyspace takes longer), then analysis.run builds the report from the complete index.
 */
export async function runAnalysis(api: CachescopeApi, id: string, options: AnalysisOptions, rescan: boolean): Promise<void> {
  const store = useAnalysisStore.getState();
  const match = options.match.trim();
  const progress = useKeysStore.getState().conns[id]?.progress ?? null;
  if (rescan || !reusableScan(progress, match)) {
    store.setRun(id, { status: 'scanning', scanId: null });
    const started = await api.invoke('keys.scan.start', { id, withMemory: true, ...(match ? { match: { utf8: match } } : {}), ...scanSource(id) });
    if (!started.ok) return store.setRun(id, { status: 'error', message: started.error.message });
    store.setRun(id, { status: 'scanning', scanId: started.value.scanId });
    const end = await scanFinished(id, started.value.scanId);
    if (end.state !== 'done') return store.setRun(id, { status: 'error', message: end.message ?? `The scan ended: ${end.state}.` });
  }
  store.setRun(id, { status: 'building' });
  const r = await api.invoke('analysis.run', {
    id,
    depth: options.depth,
    ...(match ? { match: { utf8: match } } : {}),
    ...(options.fold ? {} : { fold: null }),
    ...scanSource(id),
  });
  if (!r.ok) return store.setRun(id, { status: 'error', message: r.error.message });
  store.setReport(id, r.value);
}

/** Stop the scan an analysis is waiting for (the run then ends with the scan's cancelled state). */
export async function cancelAnalysisScan(api: CachescopeApi, id: string): Promise<void> {
  await api.invoke('keys.scan.cancel', { id });
}
