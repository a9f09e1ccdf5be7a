import type { ScanProgress, ScanState } from '../../../shared/contract/keyspace';
import type { ScanStats } from './scanner';

/** What stays the same for the whole of one scan: set once when it starts. */
export type ScanProgressBase = Pick<ScanProgress, 'connectionId' | 'scanId' | 'db' | 'startedAt' | 'match' | 'type' | 'withMemory' | 'throttle'>;

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
    ...(message ? { message } : {}),
  };
}
