import type { CommandEntry } from './command';

/** Every subcommand: adding one is a new module and one line here. Order is the order of `--help`. */
export const COMMANDS: Record<string, CommandEntry> = {
  stats: { summary: 'Print hit rate, ops/s, memory, evictions… once per interval', load: () => import('./stats') },
  analyze: { summary: 'Report keys, memory, types and TTLs per namespace (SCAN, never KEYS)', load: () => import('./analyze') },
  serve: { summary: 'Serve the dashboard to a browser on this machine', load: () => import('./serve') },
  invalidate: { summary: 'Preview, then delete keys by key, prefix or pattern (with a backup)', load: () => import('./invalidate') },
  restore: { summary: 'Put back the keys saved by invalidate --backup (or an undo file)', load: () => import('./restore') },
  warm: { summary: 'Fill the cache from an NDJSON/backup file or by calling URLs', load: () => import('./warm') },
  flush: { summary: 'FLUSHDB/FLUSHALL ASYNC, or delete every key by scan where FLUSH is disabled', load: () => import('./flush') },
  demo: { summary: 'Run a private Redis with a real app’s cache layout and live cache-aside traffic', load: () => import('./demo') },
  slowlog: { summary: 'Print the slow log: duration, command (shortened), client name and address', load: () => import('./slowlog') },
  clients: { summary: 'Print the clients (CLIENT LIST) grouped by name and host, flagging the odd ones', load: () => import('./clients') },
  misses: { summary: 'Watch key events: misses per namespace and why (cold, expiry, eviction, delete)', load: () => import('./misses') },
  seed: { summary: 'Bulk-load N keys shaped like a real app’s cache (pipelined), print keys/s', load: () => import('./seed') },
};
