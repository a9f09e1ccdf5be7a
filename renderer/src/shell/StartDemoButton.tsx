import { useState } from 'react';
import { useServices } from '../app/context';

/**
 * "Start demo" for a user with no Redis at hand: the core starts a private redis-server with a
 * real app's cache layout and live cache-aside traffic, saves it as a connection and opens it.
 */
export function StartDemoButton() {
  const { actions } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    const started = await actions.startDemo();
    setBusy(false);
    if (!started.ok) setError(started.error.message);
  };
  return (
    <span className="start-demo">
      <button type="button" className="btn" data-testid="start-demo" disabled={busy} onClick={() => void start()}>
        {busy ? 'Starting demo…' : 'Start demo'}
      </button>
      {error && (
        <span className="reason" role="alert" data-testid="start-demo-error">
          {error}
        </span>
      )}
    </span>
  );
}
