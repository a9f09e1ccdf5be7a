import type { MetricSample } from '../../../../shared/contract/metrics';
import type { ConnectionState, ProfileView } from '../../../../shared/contract/profiles';
import { clusterHealthWords } from '../../app/cluster-health';
import { useServices } from '../../app/context';
import { HealthBanner } from '../../ui/HealthBanner';
import { StatePanel } from '../../ui/StatePanel';
import { isUnreachable } from '../../shell/status-words';
import { DefaultOriginNote } from '../../shell/DefaultOriginNote';
import { UnreachablePanel } from '../../shell/UnreachablePanel';
import { useAppStatsStore } from '../../stores/app-stats-store';
import { useUiStore } from '../../stores/ui-store';
import { useLatestSample, useSamples } from '../../stores/metrics-store';
import type { ConnectionViewProps } from '../types';
import { AlertStrip } from './AlertStrip';
import { useAppSeries } from './app-series';
import { AppStatsPanel } from './AppStatsPanel';
import { ChartToolbar } from './ChartToolbar';
import { DisconnectedBanner } from './DisconnectedBanner';
import { KeyspaceTable } from './KeyspaceTable';
import { KpiGrid } from './KpiGrid';
import { LimitedFacts } from './LimitedFacts';
import { MetricCharts } from './MetricCharts';
import { ServerPanel } from './ServerPanel';
import { useChartWindow } from './use-chart-window';

/** The live dashboard, once there is at least one sample. */
function Dashboard({ profile, state, latest }: { profile: ProfileView; state: ConnectionState | undefined; latest: MetricSample }) {
  // Until main's history arrives (another connection was shown), the tiles start from the newest sample.
  const held = useSamples(profile.id);
  const samples = held.length > 0 ? held : [latest];
  const win = useChartWindow(profile, state);
  const appConfig = useAppStatsStore((s) => s.config[profile.id]);
  const app = useAppSeries(profile.id, appConfig?.status === 'ready' ? appConfig.value : null, win.from, win.to, profile.pollIntervalMs);
  const unreachable = isUnreachable(state);
  // Figures are sums over the primaries that answered: say which did not, and what the cluster lacks
  // (as of the newest sample; when that is old, the banner above says so).
  const health = clusterHealthWords(latest);
  return (
    <div className="overview" data-testid="overview">
      <AlertStrip connectionId={profile.id} />
      {unreachable && state && <DisconnectedBanner profile={profile} state={state} />}
      <DefaultOriginNote profile={profile} />
      {health && <HealthBanner words={health} testId="cluster-health" />}
      <KpiGrid samples={samples} totals={win.totals} windowLabel={win.windowLabel} stale={unreachable} db={profile.db} onWhyMisses={() => useUiStore.getState().setView(profile.id, 'misses')} />
      <ChartToolbar liveTo={win.to} bucketMs={win.bucketMs} />
      <MetricCharts win={win} profile={profile} latest={latest} app={app} />
      <AppStatsPanel profile={profile} win={win} app={app} redisHitRate={latest.hitRate} />
      <div className="panel-row">
        <KeyspaceTable dbs={latest.dbs} watchedDb={profile.db} />
        <ServerPanel connectionId={profile.id} latest={latest} state={state} now={latest.ts} />
      </div>
    </div>
  );
}

/** Overview: designed states until the first sample, then the dashboard (which keeps its charts through an outage). */
export function OverviewView({ profile, state }: ConnectionViewProps) {
  const latest = useLatestSample(profile.id);
  const { actions } = useServices();
  const where = `${profile.host}:${profile.port}`;
  const hasData = latest !== undefined;

  if (state && isUnreachable(state) && !hasData) return <UnreachablePanel profile={profile} state={state} />;
  if (state?.status === 'closed')
    return (
      <StatePanel
        testId="state-closed"
        tone="muted"
        title="Connection closed"
        actions={
          <button type="button" className="btn btn-primary" onClick={() => void actions.select(profile.id)}>
            Open
          </button>
        }
      >
        <p className="muted">Cachescope is not polling {where}.</p>
      </StatePanel>
    );
  if (!latest) {
    if (!state || state.status === 'idle' || state.status === 'connecting')
      return (
        <StatePanel testId="state-connecting" tone="muted" busy title={`Connecting to ${where}…`}>
          <p className="muted">{state?.reason ?? 'Numbers appear after the first INFO poll.'}</p>
        </StatePanel>
      );
    // INFO denied by ACL: no sample will ever come, so say why instead of waiting.
    if (state.status === 'ready' && state.code === 'NO_PERMISSION')
      return (
        <StatePanel testId="state-no-metrics" tone="warn" title="Connected — this user may not read the server's metrics">
          <p>{state.reason}</p>
          <LimitedFacts connectionId={profile.id} intervalMs={profile.pollIntervalMs} />
          <p className="muted">Keys and values can still be browsed where the ACL allows it.</p>
        </StatePanel>
      );
    return (
      <StatePanel testId="state-empty" tone="muted" busy title="Connected — waiting for the first sample">
        <p className="muted">{state.reason ?? `The first numbers arrive within one poll interval (${profile.pollIntervalMs / 1000} s).`}</p>
      </StatePanel>
    );
  }
  return <Dashboard profile={profile} state={state} latest={latest} />;
}
