import type { CachescopeApi } from '../../../shared/contract/api';
import type { BridgeStatus } from './bridge-status';
import { takeToken } from './token';
import { createWsClient } from './ws-client';

export interface Bridge {
  api: CachescopeApi;
  /** Try to reconnect now instead of waiting for the backoff (serve mode only). */
  reconnectNow(): void;
}

/** A stand-in that answers every call with an error envelope (no token: nothing to talk to). */
function deadApi(message: string): CachescopeApi {
  return {
    invoke: async () => ({ ok: false, error: { code: 'NOT_CONNECTED', message } }),
    on: () => () => undefined,
  };
}

/**
 * Desktop: the preload's `window.cachescope`. Browser (serve mode): a WebSocket to the
 * same origin, authenticated by the token from the URL fragment.
 */
export function createBridge(onStatus: (status: BridgeStatus) => void): Bridge {
  if (window.cachescope) {
    onStatus({ kind: 'open' });
    return { api: window.cachescope, reconnectNow: () => undefined };
  }
  const token = takeToken({ location: window.location, storage: window.sessionStorage, history: window.history });
  if (!token) {
    onStatus({ kind: 'no-token' });
    return { api: deadApi('No access token: open the URL printed by `cachescope serve`.'), reconnectNow: () => undefined };
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const client = createWsClient({
    url: `${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`,
    onStatus,
  });
  return { api: client, reconnectNow: () => client.reconnectNow() };
}
