/**
 * One derived INFO sample. Rates are per second from the poller's own clock; a rate is
 * `null` when there is no baseline (first sample, after a gap, after a counter reset) —
 * never a spike, never a fake zero.
 */
export interface DbKeyspace {
  db: number;
  keys: number;
  expires: number;
  noTtl: number;
  avgTtlMs: number;
}

export interface PersistenceState {
  loading: boolean;
  rdbLastSaveTime: number | null; // seconds epoch
  rdbChangesSinceLastSave: number | null;
  rdbLastBgsaveStatus: string | null;
  rdbBgsaveInProgress: boolean;
  aofEnabled: boolean;
  aofLastWriteStatus: string | null;
  aofRewriteInProgress: boolean;
}

export type ResetKind = 'restart' | 'stats-reset';

export interface MetricSample {
  connectionId: string;
  /** ms epoch when the poll completed. */
  ts: number;
  /** Set on the first sample after the poller could not reach the server. */
  gap?: boolean;
  /** Set when counters went backwards: this sample starts a new baseline. */
  reset?: ResetKind;
  /**
   * Set when this poll answered less than the minimum interval (half the poll interval) after
   * the last accepted one: its interval figures are null and the next sample spans both.
   */
  folded?: boolean;

  latencyMs: number | null;

  /**
   * Interval hit rate (fraction 0–1) of the applications' lookups: the server's
   * keyspace_hits/misses deltas minus Cachescope's own reads. Null with no lookups.
   */
  hitRate: number | null;
  /** The same interval straight from the server's counters (includes Cachescope's reads). */
  hitRateRaw: number | null;
  /** Hit rate since Cachescope connected (or since the last reset), corrected like hitRate. */
  hitRateTotal: number | null;
  /** keyspace_hits / (hits + misses) over the server's lifetime, as Redis reports it. */
  hitRateServer: number | null;
  /** Corrected interval counts (applications' lookups only). */
  hitsDelta: number | null;
  missesDelta: number | null;
  /** Cachescope's own keyspace reads excluded from this interval. */
  ownHitsDelta: number | null;
  ownMissesDelta: number | null;
  keyspaceHits: number;
  keyspaceMisses: number;

  opsPerSec: number | null;
  totalCommands: number;

  usedMemory: number;
  usedMemoryPeak: number;
  usedMemoryRss: number;
  maxMemory: number; // 0 = no limit
  maxMemoryPolicy: string;
  /** used / maxmemory as a fraction; null when maxmemory is 0 ("no limit"). */
  memoryFraction: number | null;
  totalSystemMemory: number | null;
  fragmentation: number | null;

  evictedPerSec: number | null;
  evictedTotal: number;
  expiredPerSec: number | null;
  expiredTotal: number;

  connectedClients: number;
  blockedClients: number;
  rejectedConnections: number;
  rejectedPerSec: number | null;

  netInPerSec: number | null;
  netOutPerSec: number | null;
  cpuPct: number | null;

  keys: number;
  expires: number;
  keysNoTtl: number;
  dbs: DbKeyspace[];

  uptimeSec: number;
  role: string;
  version: string;
  persistence: PersistenceState;
}

/** What a user denied INFO can still see: keys (DBSIZE) and a round trip (PING), each null if denied. */
export interface BasicFacts {
  ts: number;
  keys: number | null;
  latencyMs: number | null;
}

export interface MetricHistory {
  connectionId: string;
  /** 1 s resolution (or the poll interval), oldest first, up to the last hour. */
  fine: MetricSample[];
  /** 1 min aggregates, oldest first, up to the last 24 hours. */
  coarse: MetricSample[];
}
