import { useCallback, useEffect, useState } from 'react';
import type { CachescopeApi } from '../../../../../shared/contract/api';
import type { KeyDetail } from '../../../../../shared/contract/key-detail';
import type { WireBytes } from '../../../../../shared/contract/keys';
import type { ErrorCode } from '../../../../../shared/envelope';

export type DetailState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; detail: KeyDetail; readAt: number }
  | { status: 'error'; code: ErrorCode; message: string };

/**
 * keys.detail for the selected key: type, encoding, TTL, memory and the first value page.
 * `nonce` re-reads it (a row clicked again, Go to key); `reload` does so from the pane.
 */
export function useKeyDetail(api: CachescopeApi, id: string, key: WireBytes | null, nonce: number): { state: DetailState; reload(): void } {
  const [state, setState] = useState<DetailState>({ status: 'idle' });
  const [again, setAgain] = useState(0);
  const keyJson = key ? JSON.stringify(key) : null;

  useEffect(() => {
    if (!keyJson) {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState((s) => (s.status === 'ok' && JSON.stringify(s.detail.key) === keyJson ? s : { status: 'loading' }));
    void api.invoke('keys.detail', { id, key: JSON.parse(keyJson) as WireBytes }).then((r) => {
      if (!live) return;
      setState(r.ok ? { status: 'ok', detail: r.value, readAt: Date.now() } : { status: 'error', code: r.error.code, message: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [api, id, keyJson, nonce, again]);

  const reload = useCallback(() => setAgain((n) => n + 1), []);
  return { state, reload };
}
