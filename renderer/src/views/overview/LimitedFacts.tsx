import { useEffect, useState } from 'react';
import type { BasicFacts } from '../../../../shared/contract/metrics';
import { formatInteger, formatLatency } from '../../../../shared/format';
import { useServices } from '../../app/context';

/**
 * For a user denied INFO: the key count (DBSIZE) and a round trip (PING), read once per poll
 * interval while shown — what can still be shown instead of an empty dashboard.
 */
export function LimitedFacts({ connectionId, intervalMs }: { connectionId: string; intervalMs: number }) {
  const { api } = useServices();
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
  return (
    <dl className="facts" data-testid="limited-facts">
      <dt>Keys (DBSIZE)</dt>
      <dd data-testid="limited-keys">{facts === null ? '…' : facts.keys === null ? 'denied too' : formatInteger(facts.keys)}</dd>
      <dt>Round trip (PING)</dt>
      <dd data-testid="limited-latency">{facts === null ? '…' : facts.latencyMs === null ? 'denied too' : formatLatency(facts.latencyMs)}</dd>
      {error && <dd className="tone-bad small">{error}</dd>}
    </dl>
  );
}
