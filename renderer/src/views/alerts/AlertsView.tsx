import { useEffect } from 'react';
import type { AlertRule } from '../../../../shared/contract/dashboard';
import { ruleTitle } from '../../app/alert-words';
import { useServices } from '../../app/context';
import { useNow } from '../../app/use-now';
import { formatAgo, formatDateTime } from '../../charts/time-format';
import { useActiveAlerts, useAlertHistory, useAlertsStore } from '../../stores/alerts-store';
import { useLatestSample } from '../../stores/metrics-store';
import type { ConnectionViewProps } from '../types';
import { RulesEditor } from './RulesEditor';

/** Alerts of one connection: what fires now, the rules (editable), and the history. */
export function AlertsView({ profile }: ConnectionViewProps) {
  const { dashboard } = useServices();
  const rules = useAlertsStore((s) => s.rules[profile.id]);
  const active = useActiveAlerts(profile.id);
  const history = useAlertHistory(profile.id);
  const now = useNow(1000, active.length > 0);
  // The default rules follow the server's eviction policy: read them again when it is known or changes.
  const policy = useLatestSample(profile.id)?.maxMemoryPolicy;
  useEffect(() => {
    if (policy !== undefined) void dashboard.loadAlerts(profile.id);
  }, [dashboard, profile.id, policy]);

  const save = async (next: AlertRule[]): Promise<string | null> => {
    const reply = await dashboard.saveRules(profile.id, next);
    return reply.ok ? null : reply.error.message;
  };

  return (
    <div className="alerts-view" data-testid="alerts-view">
      <section className="panel" aria-labelledby="firing-title">
        <h3 id="firing-title">Firing now</h3>
        {active.length === 0 ? (
          <p className="muted" data-testid="alerts-none">
            Nothing is firing on {profile.name}.
          </p>
        ) : (
          <ul className="alert-list">
            {active.map((a) => (
              <li key={a.rule} data-testid={`alerts-firing-${a.rule}`}>
                <strong className="tone-bad">{ruleTitle(a.rule)}</strong> {a.message}{' '}
                <span className="muted small">
                  since {formatDateTime(a.since)} ({formatAgo(now - a.since)})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="rules-title">
        <h3 id="rules-title">Rules</h3>
        {!rules || rules.status === 'loading' ? (
          <p className="muted">Loading the rules…</p>
        ) : rules.status === 'error' ? (
          <p className="muted" data-testid="rules-unavailable">
            Alert rules are not available: {rules.message}
          </p>
        ) : (
          // Keyed by the notes, which change only with the eviction policy's defaults: those start new drafts, a save does not.
          <RulesEditor key={rules.value.map((r) => r.note ?? '').join('|')} rules={rules.value} onSave={save} />
        )}
      </section>

      <section className="panel" aria-labelledby="history-title">
        <h3 id="history-title">History</h3>
        {history.length === 0 ? (
          <p className="muted" data-testid="alert-history-empty">
            No alert has fired on this connection yet.
          </p>
        ) : (
          <table className="data-table" data-testid="alert-history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Rule</th>
                <th scope="col">Event</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {history.map((e, i) => (
                <tr key={`${e.at}-${e.rule}-${e.kind}-${i}`} data-testid={`alert-history-${e.rule}-${e.kind}`}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{ruleTitle(e.rule)}</td>
                  <td className={e.kind === 'fired' ? 'tone-bad' : 'tone-ok'}>{e.kind}</td>
                  <td>
                    {e.message}
                    {e.kind === 'cleared' && e.since < e.at && <span className="muted small"> · lasted {formatAgo(e.at - e.since)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
