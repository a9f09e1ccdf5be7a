import type { KeyboardEvent } from 'react';
import type { ProfileView } from '../../../shared/contract/profiles';
import { ruleTitle } from '../app/alert-words';
import { useServices } from '../app/context';
import { originWords } from '../app/origin-words';
import { formatClock } from '../charts/time-format';
import { useActiveAlerts } from '../stores/alerts-store';
import { useBridgeStore } from '../stores/bridge-store';
import { useConnectionsStore } from '../stores/connections-store';
import { useUiStore } from '../stores/ui-store';
import { statusWords } from './status-words';
import { ThemeToggle } from './ThemeToggle';

function ConnectionItem({ profile, selected, dismissable }: { profile: ProfileView; selected: boolean; dismissable: boolean }) {
  const state = useConnectionsStore((s) => s.states[profile.id]);
  const { actions } = useServices();
  const words = statusWords(state);
  const alerts = useActiveAlerts(profile.id);
  const alertText = alerts.map((a) => `${ruleTitle(a.rule)} since ${formatClock(a.since)}: ${a.message}`).join('\n');
  const origin = profile.source === 'env' && profile.origin ? originWords(profile.origin) : null;
  return (
    <li className="conn-entry">
      <button
        type="button"
        className={`conn-item${selected ? ' selected' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-testid={`connection-item-${profile.id}`}
        onClick={() => void actions.select(profile.id)}
      >
        {/* A bar, not a dot: the environment colour must not read as a status light. */}
        <span className="env-bar" style={{ background: profile.color }} title={`Environment: ${profile.env}`} aria-hidden="true" />
        <span className="conn-text">
          <span className="conn-name">{profile.name}</span>
          <span className="conn-addr">
            {profile.host}:{profile.port}
            {profile.db ? ` /${profile.db}` : ''}
          </span>
          {origin && (
            <span className="conn-origin" data-testid="connection-item-origin">
              {origin}
            </span>
          )}
        </span>
        <span className="conn-status-row">
          <span className={`status-pill tone-${words.tone}`} data-testid="connection-item-status">
            <span className="status-dot" aria-hidden="true" />
            {words.label}
          </span>
          {alerts.length > 0 && (
            <span className="alert-pill" data-testid="connection-item-alerts" title={alertText}>
              ▲ {alerts.length === 1 ? ruleTitle(alerts[0]!.rule) : `${alerts.length} alerts`}
              <span className="sr-only">: {alertText}</span>
            </span>
          )}
        </span>
      </button>
      {dismissable && (
        // A sibling of the item's button (a button cannot hold another); "Add connection" lists it again.
        <button
          type="button"
          className="btn btn-ghost btn-small conn-dismiss"
          data-testid="dismiss-default"
          aria-label={`Hide ${profile.name} (${origin ?? 'environment default'}) from the list`}
          title="Hide this default connection; Add connection can list it again"
          onClick={() => void actions.remove(profile.id)}
        >
          ✕
        </button>
      )}
    </li>
  );
}

/** ↑/↓/Home/End move the focus between connections; Enter or Space opens the focused one. */
function moveFocus(e: KeyboardEvent<HTMLUListElement>): void {
  const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.conn-item')];
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  if (at === -1) return;
  const next = e.key === 'ArrowDown' ? Math.min(items.length - 1, at + 1) : e.key === 'ArrowUp' ? Math.max(0, at - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : null;
  if (next === null) return;
  e.preventDefault();
  items[next]?.focus();
}

export function Sidebar() {
  const profiles = useConnectionsStore((s) => s.profiles);
  const selectedId = useConnectionsStore((s) => s.selectedId);
  const bridge = useBridgeStore((s) => s.status);
  const openAdd = useUiStore((s) => s.openAdd);
  return (
    <nav className="sidebar" aria-label="Connections">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Cachescope</span>
      </div>
      <div className="sidebar-heading">Connections</div>
      <ul className="conn-list" data-testid="connection-list" onKeyDown={moveFocus} aria-label="Connections (↑/↓ to move, Enter to open)">
        {profiles.map((p) => (
          <ConnectionItem key={p.id} profile={p} selected={p.id === selectedId} dismissable={p.source === 'env' && profiles.length > 1} />
        ))}
      </ul>
      <button type="button" className="btn btn-primary btn-block" data-testid="add-connection" onClick={openAdd}>
        + Add connection
      </button>
      <div className="sidebar-footer">
        <span className={`bridge-dot tone-${bridge.kind === 'open' ? 'ok' : bridge.kind === 'connecting' ? 'warn' : 'bad'}`} aria-hidden="true" />
        <span className="muted small">{bridge.kind === 'open' ? 'Live' : bridge.kind === 'connecting' ? 'Connecting…' : 'Offline'}</span>
        <ThemeToggle />
      </div>
    </nav>
  );
}
