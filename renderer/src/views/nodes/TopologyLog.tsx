import type { TopologyEvent } from '../../../../shared/contract/metrics';
import { TOPOLOGY_EVENT_WORDS } from '../../../../shared/topology-words';
import { formatClock, formatDateTime } from '../../charts/time-format';

const TONE: Record<TopologyEvent['kind'], 'bad' | 'warn' | 'ok' | 'muted'> = {
  failover: 'warn',
  'switch-master': 'warn',
  'node-down': 'bad',
  // Either way (failing, or ok again): the sentence says which.
  'cluster-state': 'warn',
  'slots-moved': 'muted',
  'node-up': 'ok',
};

/** Failovers, nodes down or back, slots moved — newest first, as long as the charts' history holds them. */
export function TopologyLog({ events }: { events: readonly TopologyEvent[] }) {
  return (
    <section className="panel topology-log" aria-labelledby="topology-log-title" data-testid="topology-log" data-events={events.length}>
      <h3 id="topology-log-title">Topology changes</h3>
      {events.length === 0 ? (
        <p className="muted" data-testid="topology-log-empty">
          None while Cachescope has been watching. A failover, a node going down or coming back, and slots moving are listed here and marked on every chart.
        </p>
      ) : (
        <ol className="topology-events">
          {events.map((e, i) => (
            <li key={`${e.ts}-${e.kind}-${i}`} data-testid="topology-event" data-kind={e.kind}>
              <time dateTime={new Date(e.ts).toISOString()} title={formatDateTime(e.ts)} className="muted">
                {formatClock(e.ts)}
              </time>
              <span className={`topology-kind tone-${TONE[e.kind]}`}>{TOPOLOGY_EVENT_WORDS[e.kind]}</span>
              <span>{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
