import { formatInteger, formatLatency } from '../../../../shared/format';
import { useServices } from '../../app/context';
import { useBasicFacts } from './use-basic-facts';

/**
 * For a user denied INFO: the key count (DBSIZE) and a round trip (PING), read once per poll
 * interval while shown — what can still be shown instead of an empty dashboard.
 */
export function LimitedFacts({ connectionId, intervalMs }: { connectionId: string; intervalMs: number }) {
  const { api } = useServices();
  const { facts, error } = useBasicFacts(api, connectionId, intervalMs);
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
