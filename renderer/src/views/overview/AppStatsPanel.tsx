import { useMemo, useState } from 'react';
import type { AppStatsConfig } from '../../../../shared/contract/dashboard';
import type { ProfileView } from '../../../../shared/contract/profiles';
import { formatCompact, formatPercent, formatRate } from '../../../../shared/format';
import { useServices } from '../../app/context';
import type { SeriesColor } from '../../charts/palette';
import { TimeChart, type LineSpec } from '../../charts/TimeChart';
import { useAppStatsStore } from '../../stores/app-stats-store';
import type { AppSeries } from './app-series';
import { AppStatsForm } from './AppStatsForm';
import { perSec } from './formatters';
import type { ChartWindow } from './use-chart-window';

const COLORS: SeriesColor[] = ['green', 'red', 'blue', 'amber', 'purple', 'teal', 'pink', 'gray'];

function sourceWords(c: AppStatsConfig): string {
  switch (c.kind) {
    case 'hash':
      return `hash ${c.key}`;
    case 'json':
      return `JSON string ${c.key}`;
    case 'hash-json':
      return `JSON in ${c.key} → ${c.jsonField ?? ''}`;
    case 'strings':
      return `${c.fields.length} numeric key${c.fields.length > 1 ? 's' : ''}`;
  }
}

/**
 * The application's own counters (e.g. gomeet's `cache:stats` hash) beside Redis's numbers:
 * their rates as a chart, their values, and the app's own hit rate (also drawn on the hit-rate chart).
 */
export function AppStatsPanel({ profile, win, app, redisHitRate }: { profile: ProfileView; win: ChartWindow; app: AppSeries | null; redisHitRate: number | null }) {
  const { dashboard } = useServices();
  const config = useAppStatsStore((s) => s.config[profile.id]);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const lines = useMemo<LineSpec[]>(
    () => (app ? app.fields.map((f, i) => ({ key: f.key, label: `${f.field}/s`, color: COLORS[i % COLORS.length]!, format: perSec })) : []),
    [app],
  );

  const save = async (next: AppStatsConfig | null) => {
    setBusy(true);
    setError(null);
    const reply = await dashboard.saveAppStats(profile.id, next);
    setBusy(false);
    if (reply.ok) setEditing(false);
    else setError(reply.error.message);
  };

  let body;
  if (!config || config.status === 'loading') body = <p className="muted">Loading…</p>;
  else if (config.status === 'error')
    body = (
      <p className="muted" data-testid="app-stats-unavailable">
        App-side stats are not available: {config.message}
      </p>
    );
  else if (config.value === null || editing)
    body = (
      <>
        {!editing && (
          <p className="muted">
            Does your application count its own cache hits and misses in Redis — a JSON string like <code>cache:stats</code>, a hash, or counter keys? Chart them
            here, beside Redis&apos;s numbers. Cachescope reads them once per poll and leaves them out of the hit rate above.
          </p>
        )}
        <AppStatsForm initial={config.value} busy={busy} error={error} onSave={(c) => void save(c)} onCancel={editing ? () => setEditing(false) : undefined} />
      </>
    );
  else {
    const c = config.value;
    const latest = app?.latest;
    body = (
      <>
        <div className="app-stats-head">
          <span className="muted">
            from <code>{sourceWords(c)}</code>
          </span>
          {latest?.reset && !latest.error && (
            <span className="muted small" role="status" data-testid="app-stats-reset">
              counters started again (key re-created or app restarted): no rate across it
            </span>
          )}
          {latest?.error && (
            <span className="tone-warn" role="status" data-testid="app-stats-sample-error">
              {latest.error}
            </span>
          )}
          <span className="spacer" />
          <button type="button" className="btn btn-ghost btn-small" data-testid="app-stats-edit" onClick={() => setEditing(true)}>
            Change
          </button>
          <button type="button" className="btn btn-ghost btn-small" data-testid="app-stats-remove" disabled={busy} onClick={() => void save(null)}>
            Stop charting
          </button>
        </div>
        <table className="data-table app-stats-values" data-testid="app-stats-values">
          <thead>
            <tr>
              <th scope="col">Counter</th>
              <th scope="col" className="num">Value</th>
              <th scope="col" className="num">Per second</th>
            </tr>
          </thead>
          <tbody>
            {c.fields.map((f) => (
              <tr key={f} data-testid={`app-stat-${f}`}>
                <th scope="row">{f}</th>
                <td className="num">{formatCompact(latest?.values[f] ?? null)}</td>
                <td className="num">{formatRate(latest?.rates[f] ?? null)}</td>
              </tr>
            ))}
            {c.hitsField && c.missesField && (
              <tr className="app-hit-rate-row">
                <th scope="row">
                  app hit rate{' '}
                  <span className="muted small">
                    {c.hitsField} ÷ ({c.hitsField} + {c.missesField})
                  </span>
                </th>
                <td className="num" data-testid="app-stats-hit-rate" data-value={latest?.hitRate ?? ''}>
                  {formatPercent(latest?.hitRate ?? null)}
                </td>
                <td className="num muted small" data-testid="app-stats-redis-hit-rate">
                  Redis: {formatPercent(redisHitRate)} (same interval)
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {c.hitsField && c.missesField && (
          <p className="muted small" data-testid="app-stats-self-reads">
            Reading a stats key is a Redis lookup too: an app that reads <code>{c.kind === 'strings' ? c.hitsField : c.key}</code> on every cache lookup (as gomeet&apos;s
            repository does) adds a Redis hit each time, so Redis&apos;s hit rate reads higher than the app&apos;s own. Cachescope&apos;s own reads of it are left out.
          </p>
        )}
        {app && (
          <TimeChart
            id="app-stats"
            title="App counters"
            rows={app.rows}
            lines={lines}
            from={win.from}
            to={win.to}
            markers={app.markers}
            unreachableSince={win.unreachableSince}
            yFormat={perSec}
            exportName={profile.name}
            windowLabel={win.windowLabel}
            height={160}
          />
        )}
      </>
    );
  }

  return (
    <section className="panel" data-testid="app-stats-panel" aria-labelledby="app-stats-title">
      <h3 id="app-stats-title">App-side stats</h3>
      {body}
    </section>
  );
}
