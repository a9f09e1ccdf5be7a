import { useEffect, useRef, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ScanPlan } from '../../../../shared/contract/keyspace';
import { useKeysStore } from './keys-store';
import { scanSource } from './replica-source';

export interface ScanControl {
  /** A start or cancel request is on its way. */
  busy: boolean;
  error: string | null;
  /** The db's size and whether it scans by itself; null until asked (or when asking failed). */
  plan: ScanPlan | null;
  start(): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * Start and cancel the connection's scan. As the tab opens on a connection never scanned, it asks
 * the core for the plan and starts the scan by itself where the db is small and SCAN is allowed;
 * a large db waits for the button (which names its size), a blocked one says why.
 */
export function useScanControl(api: CachescopeApi, id: string, scanned: boolean): ScanControl {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [plan, setPlan] = useState<ScanPlan | null>(null);

  const begin = async (auto: boolean) => {
    setBusy(true);
    setError(null);
    const r = await api.invoke('keys.scan.start', { id, withMemory: true, ...scanSource(id) });
    if (!r.ok) setError(r.error.message);
    else if (auto) useKeysStore.getState().setAutoScan(id, r.value.scanId);
    setBusy(false);
  };

  const beginLatest = useRef(begin);
  beginLatest.current = begin;
  useEffect(() => {
    if (scanned) return;
    let live = true;
    void (async () => {
      // The status, not the store: the store may not have heard of a scan that already ran.
      const status = await api.invoke('keys.scan.status', { id });
      if (!live || !status.ok || status.value) return;
      const r = await api.invoke('keys.scan.plan', { id });
      if (!live) return;
      if (!r.ok) return; // the button stays; a failed plan is no reason to scan or to block
      setPlan(r.value);
      if (r.value.auto && !useKeysStore.getState().conns[id]?.progress) await beginLatest.current(true);
    })();
    return () => {
      live = false;
    };
    // Asked once per connection shown while nothing was scanned.
  }, [api, id, scanned]);

  return {
    busy,
    error,
    plan,
    start: () => begin(false),
    cancel: async () => {
      setBusy(true);
      const r = await api.invoke('keys.scan.cancel', { id });
      if (!r.ok) setError(r.error.message);
      setBusy(false);
    },
  };
}
