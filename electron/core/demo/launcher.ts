import type { ParsedArgs } from '../../../shared/contract';

/** A demo the launcher started: where it runs, what it seeded, and how to stop it. */
export interface RunningDemo {
  /** host:port of the server the demo runs against. */
  address: string;
  seeded: { keys: number };
  /** Stop the workload and the server it started. Safe to call twice. */
  stop(): Promise<void>;
}

/** demo.start's arguments, and where to look for redis-server (PATH). */
export type DemoLaunchOptions = ParsedArgs<'demo.start'> & { env: NodeJS.ProcessEnv };

/**
 * The demo load generator (electron/workload: a private redis-server and a cache-aside workload),
 * given to the core by the composition root. The core spawns no servers and runs no workload of
 * its own; it only saves and opens the demo's connection.
 */
export type DemoLauncher = (options: DemoLaunchOptions) => Promise<RunningDemo>;
