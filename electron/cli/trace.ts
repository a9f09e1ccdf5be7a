/**
 * `CACHESCOPE_TRACE=1`: one line per phase of a run on stderr — `cachescope-trace <phase> <ms>`,
 * ms since the process started — so the bench can say where an end-to-end run's time goes
 * (process start, module load, connect, scan, report, JSON, exit). Off by default: a no-op.
 */
const enabled = Boolean(process.env.CACHESCOPE_TRACE);

export function trace(phase: string, at: number = performance.now()): void {
  if (enabled) process.stderr.write(`cachescope-trace ${phase} ${at.toFixed(1)}\n`);
}

/** An epoch time (Date.now()) on the trace's clock. */
export function sinceStart(epochMs: number): number {
  return epochMs - performance.timeOrigin;
}
