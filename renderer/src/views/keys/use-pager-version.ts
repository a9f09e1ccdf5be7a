import { startTransition, useEffect, useState } from 'react';
import type { KeysPager } from './rows';

/**
 * Re-render when the pager's rows change, at most once per animation frame, as a transition:
 * page replies that land together during a scan make one render, and React renders it in
 * slices that yield to input instead of one long task. Returns the pager's version.
 */
export function usePagerVersion(pager: KeysPager): number {
  const [version, setVersion] = useState(pager.version);
  useEffect(() => {
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      startTransition(() => setVersion(pager.version));
    };
    const off = pager.subscribe(() => {
      frame ??= requestAnimationFrame(flush);
    });
    setVersion(pager.version); // changes made before the subscription
    return () => {
      off();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [pager]);
  return version;
}
