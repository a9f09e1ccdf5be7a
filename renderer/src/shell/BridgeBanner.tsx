import { useServices } from '../app/context';
import { useNow } from '../app/use-now';
import { useBridgeStore } from '../stores/bridge-store';

/** Shown while the renderer has no live link to the core (serve mode): data on screen is stale. */
export function BridgeBanner() {
  const status = useBridgeStore((s) => s.status);
  const { reconnectBridge } = useServices();
  const now = useNow(500);
  if (status.kind !== 'closed') return null;
  const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
  return (
    <div className="banner banner-bad" role="alert" data-testid="bridge-status">
      <strong>{status.everOpened ? 'Lost contact with the Cachescope server.' : 'Cannot reach the Cachescope server.'}</strong>{' '}
      <span>
        Numbers on screen are not updating. {seconds > 0 ? `Retrying in ${seconds} s.` : 'Retrying…'} If the server was
        restarted, open the new address it printed.
      </span>
      <button type="button" className="btn btn-small" onClick={reconnectBridge}>
        Retry now
      </button>
    </div>
  );
}
