import { useCallback, useEffect, useRef, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { CommandReply } from '../../../../shared/contract';

/** The panels' read commands: each takes the connection id alone. */
export type PanelCommand = 'diagnostics.slowlog' | 'diagnostics.latency' | 'diagnostics.commands' | 'diagnostics.clients';

export interface PanelState<C extends PanelCommand> {
  value: CommandReply<C> | null;
  error: string | null;
  /** Read again now (after a write), instead of at the next interval. */
  refresh(): void;
}

/**
 * A panel's command, read while the panel is shown: once now, then `intervalMs` after each
 * answer (never two at a time, so a slow server is not asked again before it answered).
 */
export function usePanel<C extends PanelCommand>(api: CachescopeApi, command: C, connectionId: string, intervalMs: number, enabled = true): PanelState<C> {
  const [value, setValue] = useState<CommandReply<C> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const kick = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reading = false;
    const read = async () => {
      if (reading) return;
      reading = true;
      clearTimeout(timer);
      const r = await api.invoke(command, { id: connectionId } as never);
      reading = false;
      if (!alive) return;
      if (r.ok) {
        setValue(r.value as CommandReply<C>);
        setError(null);
      } else setError(r.error.message);
      timer = setTimeout(() => void read(), intervalMs);
    };
    kick.current = () => void read();
    void read();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [api, command, connectionId, intervalMs, enabled]);
  const refresh = useCallback(() => kick.current(), []);
  return { value, error, refresh };
}
