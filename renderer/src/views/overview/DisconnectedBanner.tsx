import type { ConnectionState, ProfileView } from '../../../../shared/contract/profiles';
import { useServices } from '../../app/context';
import { useNow } from '../../app/use-now';
import { formatClock } from '../../charts/time-format';
import { useUiStore } from '../../stores/ui-store';

/** Redis stopped answering after we had numbers: keep the charts (the gap grows) and say why. */
export function DisconnectedBanner({ profile, state }: { profile: ProfileView; state: ConnectionState }) {
  const { actions } = useServices();
  const openEdit = useUiStore((s) => s.openEdit);
  const now = useNow(1000);
  const retryIn = state.status === 'reconnecting' && state.nextRetryAt ? Math.max(0, Math.ceil((state.nextRetryAt - now) / 1000)) : null;
  return (
    <div className="banner banner-bad disconnected" role="alert" data-testid="state-disconnected">
      <strong>Disconnected since {formatClock(state.since)}.</strong>
      <span data-testid="disconnected-reason">{state.reason ?? 'The server did not answer.'}</span>
      {/* The countdown changes every second: kept out of the announcement. */}
      <span className="muted" aria-live="off">
        {state.status === 'reconnecting' ? (retryIn && retryIn > 0 ? `Retrying in ${retryIn} s.` : 'Retrying…') : 'Not retrying: change the connection and try again.'} The
        figures below are the last ones received; the shaded part of the charts has no data.
      </span>
      <span className="spacer" />
      <button type="button" className="btn btn-small" data-testid="retry-connection" onClick={() => void actions.retry(profile.id)}>
        Retry now
      </button>
      <button type="button" className="btn btn-small" onClick={() => openEdit(profile)}>
        Edit connection
      </button>
    </div>
  );
}
