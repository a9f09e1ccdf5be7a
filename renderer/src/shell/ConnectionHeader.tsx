import type { MetricSample } from '../../../shared/contract/metrics';
import type { ConnectionState, ProfileView } from '../../../shared/contract/profiles';
import { formatDuration } from '../../../shared/format';
import { useNow } from '../app/use-now';
import { useUiStore } from '../stores/ui-store';
import { DbSelect } from './DbSelect';
import { statusWords } from './status-words';
import { topologyWords } from './topology-words';

export function ConnectionHeader({ profile, state, latest }: { profile: ProfileView; state?: ConnectionState; latest?: MetricSample }) {
  const words = statusWords(state);
  const topology = topologyWords(profile, state, latest);
  const openEdit = useUiStore((s) => s.openEdit);
  const openDuplicate = useUiStore((s) => s.openDuplicate);
  const now = useNow(1000);
  const version = state?.server?.version ?? latest?.version;
  const role = state?.server?.role ?? latest?.role;
  const ageSec = latest ? Math.max(0, Math.round((now - latest.ts) / 1000)) : null;
  // Stale after three missed polls: say so instead of presenting old numbers as live.
  const stale = latest !== undefined && state?.status === 'ready' && now - latest.ts > Math.max(3000, profile.pollIntervalMs * 3);
  return (
    <header className="conn-header">
      <div className="conn-title">
        <span className="env-bar-lg" style={{ background: profile.color }} aria-hidden="true" />
        <h1>{profile.name}</h1>
        <span className="env-tag" style={{ borderColor: profile.color, color: profile.color }} data-testid="env-tag">
          {profile.env}
        </span>
        {topology && (
          <span className="muted topology-words" data-testid="topology-words" title="Figures on the overview are sums over the primaries; the Nodes tab has each node">
            {topology}
          </span>
        )}
        {profile.readOnly && (
          <span className="badge" data-testid="read-only-badge" title="Cachescope refuses changes on this connection">
            read-only
          </span>
        )}
        {profile.tls.enabled && !profile.tls.verify && (
          <span className="badge badge-warn" title="TLS certificates are not verified on this connection">
            TLS unverified
          </span>
        )}
        <span className="spacer" />
        {/* Redis Cluster has only db 0. */}
        {profile.kind !== 'cluster' && !(state?.server?.mode === 'cluster' && !profile.pinNode) && <DbSelect profile={profile} latest={latest} />}
        <button type="button" className="btn btn-ghost btn-small" data-testid="edit-profile" onClick={() => openEdit(profile)}>
          Edit
        </button>
        <button type="button" className="btn btn-ghost btn-small" data-testid="duplicate-profile" onClick={() => openDuplicate(profile)}>
          Duplicate
        </button>
      </div>
      <div className="conn-meta">
        <span className={`status tone-${words.tone}`} data-testid="connection-status" data-status={state?.status ?? 'idle'}>
          <span className="status-dot" aria-hidden="true" />
          {words.label}
          {state?.reason && <span className={`status-reason${state.status === 'ready' ? '' : ' bad'}`}> — {state.reason}</span>}
        </span>
        <span className="muted">
          {profile.host}:{profile.port}
          {profile.tls.enabled ? ' · TLS' : ''}
        </span>
        {version && (
          <span className="muted" data-testid="server-version">
            Redis {version}
            {role ? ` · ${role}` : ''}
          </span>
        )}
        {latest && (
          <span className="muted" data-testid="server-uptime">
            up {formatDuration(latest.uptimeSec)}
          </span>
        )}
        {ageSec !== null && state?.status === 'ready' && (
          <span className={stale ? 'tone-warn' : 'muted'} data-testid="sample-age">
            {stale ? `no new sample for ${ageSec} s` : 'live · every ' + profile.pollIntervalMs / 1000 + ' s'}
          </span>
        )}
      </div>
    </header>
  );
}
