import type { ProfileView } from '../../../shared/contract/profiles';
import { useServices } from '../app/context';
import { useSamples } from '../stores/metrics-store';
import { useConnectionsStore } from '../stores/connections-store';
import { ConnectionHeader } from './ConnectionHeader';
import { KpiGrid } from './KpiGrid';
import { StatePanel } from './StatePanel';
import { isUnreachable } from './status-words';
import { UnreachablePanel } from './UnreachablePanel';

export function ConnectionView({ profile }: { profile: ProfileView }) {
  const state = useConnectionsStore((s) => s.states[profile.id]);
  const samples = useSamples(profile.id);
  const { actions } = useServices();
  const latest = samples[samples.length - 1];
  const where = `${profile.host}:${profile.port}`;

  let body;
  if (state && isUnreachable(state)) {
    body = <UnreachablePanel profile={profile} state={state} />;
  } else if (!state || state.status === 'idle' || state.status === 'connecting') {
    body = (
      <StatePanel testId="state-connecting" tone="muted" busy title={`Connecting to ${where}…`}>
        <p className="muted">{state?.reason ?? 'Numbers appear after the first INFO poll.'}</p>
      </StatePanel>
    );
  } else if (state.status === 'closed') {
    body = (
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
  } else if (samples.length === 0) {
    body = (
      <StatePanel testId="state-empty" tone="muted" busy title="Connected — waiting for the first sample">
        <p className="muted">The first numbers arrive within one poll interval ({profile.pollIntervalMs / 1000} s).</p>
      </StatePanel>
    );
  } else {
    body = <KpiGrid samples={samples} />;
  }

  return (
    <div className="conn-view" data-testid="connection-view" data-connection-id={profile.id}>
      <ConnectionHeader profile={profile} state={state} latest={latest} />
      {body}
    </div>
  );
}
