import { useEffect, useState } from 'react';

/**
 * The current time, re-rendering every `everyMs` (for "retrying in 3 s" and "5 s ago").
 * `enabled = false` stops the ticking (a component that only needs the clock sometimes).
 */
export function useNow(everyMs = 1000, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, enabled]);
  return now;
}
