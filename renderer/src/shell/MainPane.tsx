import { useBridgeStore } from '../stores/bridge-store';
import { useConnectionsStore } from '../stores/connections-store';
import { useUiStore } from '../stores/ui-store';
import { ConnectionView } from './ConnectionView';
import { StatePanel } from '../ui/StatePanel';

export function MainPane() {
  const { profiles, loaded, loadError, selectedId } = useConnectionsStore();
  const bridge = useBridgeStore((s) => s.status);
  const openAdd = useUiStore((s) => s.openAdd);

  if (!loaded) {
    if (loadError)
      return (
        <StatePanel testId="state-load-error" tone="bad" title="Could not load your connections">
          <p className="reason">{loadError}</p>
        </StatePanel>
      );
    return (
      <StatePanel testId="state-loading" tone="muted" busy title={bridge.kind === 'closed' ? 'Waiting for the Cachescope server…' : 'Loading connections…'} />
    );
  }
  const profile = profiles.find((p) => p.id === selectedId);
  if (!profile) {
    return (
      <StatePanel
        testId="state-no-connection"
        tone="muted"
        title={profiles.length === 0 ? 'No connections yet' : 'Pick a connection'}
        actions={
          <button type="button" className="btn btn-primary" onClick={openAdd}>
            Add connection
          </button>
        }
      >
        <p className="muted">Add the Redis you want to watch; paste its URL and Cachescope fills in the rest.</p>
      </StatePanel>
    );
  }
  return <ConnectionView key={profile.id} profile={profile} />;
}
