import { useNow } from '../../app/use-now';
import { ruleTitle } from '../../app/alert-words';
import { formatAgo, formatClock, formatDateTime } from '../../charts/time-format';
import { useActiveAlerts } from '../../stores/alerts-store';
import { useUiStore } from '../../stores/ui-store';

/** Firing alerts of this connection, each with when it started; a link to the rules and history. */
export function AlertStrip({ connectionId }: { connectionId: string }) {
  const active = useActiveAlerts(connectionId);
  const now = useNow(1000, active.length > 0);
  const setView = useUiStore((s) => s.setView);
  if (active.length === 0) return null;
  return (
    // A labelled region, not a live one: the "(3 min)" ticks every second and must not be re-announced.
    <section className="alert-strip" aria-label="Firing alerts" data-testid="alert-strip">
      {active.map((a) => (
        <div key={a.rule} className="alert-item" data-testid={`alert-active-${a.rule}`}>
          <span className="alert-icon" aria-hidden="true">
            ▲
          </span>
          <strong>{ruleTitle(a.rule)}</strong>
          <span className="alert-message">{a.message}</span>
          <span className="muted small" data-testid="alert-since" title={formatDateTime(a.since)}>
            since {formatClock(a.since)} ({formatAgo(now - a.since)})
          </span>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => setView(connectionId, 'alerts')}>
        Rules and history
      </button>
    </section>
  );
}
