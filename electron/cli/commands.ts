import type { CommandEntry } from './command';

/** Every subcommand: adding one is a new module and one line here. Order is the order of `--help`. */
export const COMMANDS: Record<string, CommandEntry> = {
  stats: { summary: 'Print hit rate, ops/s, memory, evictions… once per interval', load: () => import('./stats') },
  serve: { summary: 'Serve the dashboard to a browser on this machine', load: () => import('./serve') },
};
