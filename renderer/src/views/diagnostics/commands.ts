import type { CachescopeApi } from '../../../../shared/contract/api';
import type { SlowlogMark } from '../../../../shared/contract/diagnostics';

/** The diagnostics view's writes and marks, each one contract command (the core confirms, audits, refuses read-only). */
export const diagnosticsCommands = {
  markSlowlogSeen: (api: CachescopeApi, id: string, upTo: Record<string, SlowlogMark>) => api.invoke('diagnostics.slowlog.seen', { id, upTo }),
  resetSlowlog: (api: CachescopeApi, id: string, confirmation: string) => api.invoke('diagnostics.slowlog.reset', { id, confirmation }),
  setLatencyThreshold: (api: CachescopeApi, id: string, thresholdMs: number, confirmation: string) => api.invoke('diagnostics.latency.threshold', { id, thresholdMs, confirmation }),
  killClients: (api: CachescopeApi, id: string, node: string, clientIds: number[], confirmation: string) => api.invoke('diagnostics.clients.kill', { id, node, clientIds, confirmation }),
};
