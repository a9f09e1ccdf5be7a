import { useCallback, useEffect, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { MissesPlan, MissesReport, TrafficSample } from '../../../../shared/contract/misses';

export type PlanState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; plan: MissesPlan };

/**
 * The Misses view's commands: the plan (what watching would change, leftovers of a crash), the
 * live report (pushed on `misses.update` while watching), start with consent, stop, restore.
 */
export function useMisses(api: CachescopeApi, id: string, connected: boolean) {
  const [plan, setPlan] = useState<PlanState>({ status: 'loading' });
  const [report, setReport] = useState<MissesReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sample, setSample] = useState<{ status: 'running'; seconds: number } | { status: 'done'; value: TrafficSample } | { status: 'error'; message: string } | null>(null);

  const loadPlan = useCallback(async () => {
    const r = await api.invoke('misses.plan', { id });
    setPlan(r.ok ? { status: 'ok', plan: r.value } : { status: 'error', message: r.error.message });
  }, [api, id]);

  useEffect(() => {
    if (!connected) return;
    void loadPlan();
    void api.invoke('misses.report', { id }).then((r) => {
      if (r.ok && r.value) setReport(r.value);
    });
    return api.on('misses.update', (r) => {
      if (r.connectionId === id) setReport(r);
    });
  }, [api, id, connected, loadPlan]);

  const run = useCallback(async <T,>(f: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>, after?: (v: T) => void) => {
    setBusy(true);
    setError(null);
    try {
      const r = await f();
      if (r.ok) after?.(r.value);
      else setError(r.error.message);
    } finally {
      setBusy(false);
    }
  }, []);

  const startSample = useCallback(
    async (seconds: number) => {
      setSample({ status: 'running', seconds });
      const r = await api.invoke('misses.sample', { id, seconds });
      setSample(r.ok ? { status: 'done', value: r.value } : { status: 'error', message: r.error.message });
    },
    [api, id],
  );

  return {
    plan,
    sample,
    startSample,
    stopSample: () => void api.invoke('misses.sample.stop', { id }),
    report,
    busy,
    error,
    start: (consent: boolean) =>
      run(
        () => api.invoke('misses.start', { id, consent, depth: 2 }),
        (r) => {
          setReport(r);
          void loadPlan();
        },
      ),
    stop: () =>
      run(
        () => api.invoke('misses.stop', { id }),
        (r) => {
          if (r) setReport(r);
          void loadPlan();
        },
      ),
    restoreLeftover: () => run(() => api.invoke('misses.restoreLeftover', { id }), () => void loadPlan()),
  };
}
