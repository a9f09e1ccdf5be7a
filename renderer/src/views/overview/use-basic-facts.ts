import { useEffect, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { BasicFacts } from '../../../../shared/contract/metrics';

/**
 * DBSIZE and PING for a user denied INFO, read once per poll interval while shown (one read at a
 * time: the next is timed from the end of the last). null facts until the first reply.
 */
export function useBasicFacts(api: CachescopeApi, connectionId: string, intervalMs: number): { facts: BasicFacts | null; error: string | null } {
  const [facts, setFacts] = useState<BasicFacts | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const r = await api.invoke('metrics.basics', { id: connectionId });
      if (!alive) return;
      if (r.ok) {
        setFacts(r.value);
        setError(null);
      } else setError(r.error.message);
      timer = setTimeout(() => void read(), intervalMs);
    };
    void read();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [api, connectionId, intervalMs]);
  return { facts, error };
}
