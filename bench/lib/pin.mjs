/**
 * CPU pinning for the server-side figures: redis-server on the last core, the benchmark and
 * everything it starts (children inherit the affinity) on the others — as when Redis runs on
 * another machine, which is how Cachescope meets production servers. Why it matters: SLOWLOG
 * times a call by the wall clock, so on a 2-core machine where a Node client, its GC threads,
 * the `--latency` probe and the server take turns, a 1 ms call that the scheduler preempts is
 * logged at 15–25 ms (a lone `TYPE` was logged at 9 ms that way). Pinned, a call's time is the
 * server's own work again. Needs `taskset` (util-linux); without it nothing is pinned.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** { server, clients, all } as taskset CPU lists, or null on a single core. */
export function cpuPlan(n = os.cpus().length) {
  if (n < 2) return null;
  return { server: String(n - 1), clients: n === 2 ? '0' : `0-${n - 2}`, all: `0-${n - 1}` };
}

/** Set a process's CPU affinity; false when taskset is missing or refuses. */
export function pin(pid, cpus) {
  try {
    execFileSync('taskset', ['-cp', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
