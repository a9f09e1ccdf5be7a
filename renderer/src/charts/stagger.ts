import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * One chart update per macrotask. A poll changes every chart at once; recharts then renders
 * each synchronously (its internal store re-renders inside effects), so eight charts in one
 * task add up to a long task that delays input. Queued here, each chart redraws in its own
 * task, and a click or keypress waits for one chart at most.
 */
const queue: { run: () => void; cancelled: boolean }[] = [];
let posted = false;
const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();

function drain(): void {
  posted = false;
  let job = queue.shift();
  while (job?.cancelled) job = queue.shift();
  job?.run();
  if (queue.length > 0) post();
}

function post(): void {
  if (posted) return;
  posted = true;
  // A MessageChannel task, not setTimeout: no 4 ms clamp between charts.
  if (channel) channel.port2.postMessage(null);
  else setTimeout(drain, 0);
}
if (channel) channel.port1.onmessage = drain;

/** Queue `run`; returns a cancel function. */
export function enqueueChartUpdate(run: () => void): () => void {
  const job = { run, cancelled: false };
  queue.push(job);
  post();
  return () => {
    job.cancelled = true;
  };
}

/**
 * `value`, but updated through the chart queue: the first render shows it at once, later
 * changes arrive one chart per task (a newer value replaces a queued one). While `active` is
 * false (the chart is off screen) changes wait; the newest is drawn when it becomes true.
 */
export function useStaggered<T>(value: T, active = true): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (!active || Object.is(value, shown)) return;
    return enqueueChartUpdate(() => flushSync(() => setShown(latest.current)));
    // `shown` is left out on purpose: a redraw must not queue another one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, active]);
  return shown;
}
