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

/** `topology`: the set of primaries changed (failover, a node down or back): a new baseline, never a drop or spike. */
export type ResetKind = 'restart' | 'stats-reset' | 'topology';

/** One node's figures in a poll (the nodes view): raw server counters, per node. */
export interface NodeSample {
  /** host:port as dialled. */
  address: string;
  /** CLUSTER MYID on a cluster; absent elsewhere. */
  nodeId?: string;
  role: 'primary' | 'replica';
  /** A replica's primary (host:port), when known. */
  primaryOf?: string;
  /** Hash slots this primary serves (cluster); null elsewhere. */
  slots: number | null;
  /** Whether it answered this poll; the figures below are the last known when it did not. */
  up: boolean;
  latencyMs: number | null;
  opsPerSec: number | null;
  /** Interval hit rate from this node's own counters (Cachescope's reads are excluded only from the cache's total). */
  hitRate: number | null;
  usedMemory: number;
  maxMemory: number;
  keys: number;
  connectedClients: number;
  /** Replica: bytes of replication stream behind its primary; null for a primary or when unknown. */
  replLagBytes: number | null;
  /** Replica: master_link_status is up; null for a primary. */
  linkUp: boolean | null;
}

export const TOPOLOGY_EVENT_KINDS = ['failover', 'node-down', 'node-up', 'slots-moved', 'switch-master', 'cluster-state'] as const;
export type TopologyEventKind = (typeof TOPOLOGY_EVENT_KINDS)[number];

/** Something that changed in the set of nodes, marked on every chart and logged. */
export interface TopologyEvent {
  ts: number;
  kind: TopologyEventKind;
  /** A sentence a user can act on, e.g. "127.0.0.1:7004 took over from 127.0.0.1:7001 (failover)". */
  message: string;
  address?: string;
}

/** cluster_state and slot coverage, in words when something is wrong. */
export interface ClusterHealth {
  ok: boolean;
  slotsCovered: number;
  /** Set when not ok: what is wrong ("2,731 slots have no reachable primary: …"). */
  problem?: string;
}

/** One command's latency as the server measured it (µs). */
export interface CommandLatency {
  p50: number;
  p99: number;
  p999: number;
  /** Calls in the interval. */
  calls: number;
}

/**
 * The server's own command latency over one poll interval. 'histogram' (Redis ≥ 7.0): deltas of
 * LATENCY HISTOGRAM, so a percentile is the upper bound of its bucket (buckets double: up to 2×
 * coarse). 'commandstats' (older servers): deltas of usec_per_call — a mean per call, so p50,
 * p99 and p999 all carry that mean (no percentiles there).
 */
export interface ServerLatency {
  source: 'histogram' | 'commandstats';
  /** Per command (lower case, e.g. 'get', 'client|list'), plus 'mix': the applications' commands together. */
  commands: Record<string, CommandLatency>;
}

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

  /** The client's PING round trip: the median of the poll's pings (`pings` of them), ms. */
  latencyMs: number | null;
  pings?: number;
  /** The server's per-command latency over this interval; absent on the first poll or when unreadable. */
  serverLatency?: ServerLatency;
  /**
   * INFO latencystats as Redis keeps it (Redis ≥ 7.0): per command p50/p99/p99.9 in µs since the
   * server started or its stats were reset — not this interval.
   */
  latencyStats?: Record<string, { p50: number; p99: number; p999: number }>;

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

  /** Commands per second of the applications: the server's rate minus Cachescope's own commands. */
  opsPerSec: number | null;
  /** Cachescope's own commands per second in this interval (its polls, its key reads), shown apart. */
  ownOpsPerSec?: number | null;
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

  /** Every node of a cluster or a Sentinel set (primaries first); absent for a single node. */
  nodes?: NodeSample[];
  /** Topology changes noticed since the previous sample. */
  topology?: TopologyEvent[];
  /** A cluster's state and slot coverage. */
  cluster?: ClusterHealth;
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
