import type { ScanProgress, ScanState } from '../../../shared/contract/keyspace';
import type { ScanStats } from './scanner';

/** What stays the same for the whole of one scan: set once when it starts. */
export type ScanProgressBase = Pick<ScanProgress, 'connectionId' | 'scanId' | 'db' | 'startedAt' | 'match' | 'type' | 'withMemory' | 'throttle'> & { fromReplicas?: boolean };

/**
 * The `scan.progress` payload, for the Keys tab's scans (KeyspaceService) and the CLI's report
 * (analysis.direct) alike: the scan's fixed fields, then the scanner's figures. `pathReason` and
 * `message` are left out when empty.
 */
export function scanProgress(base: ScanProgressBase, state: ScanState, stats: ScanStats, indexed: number, message?: string): ScanProgress {
  return {
    ...base,
    state,
    path: stats.path,
    ...(stats.pathReason ? { pathReason: stats.pathReason } : {}),
    scanned: stats.scanned,
    indexed,
    total: stats.total,
    fraction: stats.fraction,
    keysPerSec: stats.keysPerSec,
    etaSec: stats.etaSec,
    elapsedMs: stats.elapsedMs,
    restarts: stats.restarts,
    serverReads: stats.serverReads,
    nodes: stats.nodes,
    ...(message ? { message } : {}),
  };
}

/** The scanner's own words for the progress: node notes, unread keys, sizes denied. */
export function scanNotes(stats: ScanStats): string | undefined {
  const parts: string[] = [...stats.notes];
  if (stats.memoryDenied) parts.push('MEMORY USAGE is not allowed on this server: sizes are unknown.');
  if (stats.denied > 0) parts.push(`${stats.denied} keys could not be read (ACL key permissions).`);
  if (stats.unserved > 0) parts.push(`${stats.unserved} keys were not read: their cluster node stopped serving their slot during the scan (a slot moved, or the cluster was down).`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
