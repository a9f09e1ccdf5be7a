import type { MetricSample, ResetKind } from '../../../shared/contract';
import { keyspaceOf, num, type ParsedInfo } from './info-parser';
import type { LedgerTotals } from './read-ledger';

/** The counters and clock of the previous poll, the baseline for rates. */
export interface Baseline {
  at: number; // ms, poller's monotonic-ish clock (Date.now of the poll)
  runId: string;
  uptimeSec: number;
  hits: number;
  misses: number;
  commands: number;
  evicted: number;
  expired: number;
  rejected: number;
  netIn: number;
  netOut: number;
  cpu: number;
  /** Cachescope's own reads (ledger totals) at this poll. */
  ownHits: number;
  ownMisses: number;
  /** Commands Cachescope sent to these counters' servers (its polls), cumulative. */
  ownCommands: number;
  /** Where "since connected" counts from: the first poll, or the last reset. */
  origin: { hits: number; misses: number; ownHits: number; ownMisses: number };
  /** The set of primaries these counters are summed over (cluster, Sentinel); absent for one server. */
  topologyKey?: string;
}

export interface DeriveInput {
  connectionId: string;
  info: ParsedInfo;
  at: number;
  latencyMs: number | null;
  previous: Baseline | null;
  /** The previous poll failed (disconnected/timeout): no rates across the hole. */
  afterGap: boolean;
  /** The connection's read-ledger totals, read right after INFO returned, and the poller's own commands so far. */
  own?: OwnTotals;
  /**
   * The shortest interval a rate may span (ms). A poll that answers sooner after the previous
   * accepted one (a fast poll right after a slow one) would divide a few commands by a few ms:
   * its sample has no interval figures, and the next one spans the whole folded interval.
   */
  minIntervalMs?: number;
  /**
   * A set of nodes (cluster, Sentinel): `key` names the primaries whose counters `info` sums;
   * `changed` says the node set changed since the previous poll (a topology event). Either starts
   * a new baseline with reset 'topology': sums over another set of nodes are not comparable.
   */
  topology?: { key: string; changed: boolean };
}

/** Cachescope's own reads (ledger) and commands (the poller's), cumulative. */
export type OwnTotals = LedgerTotals & { commands?: number };

export function baselineOf(info: ParsedInfo, at: number, own: OwnTotals = { hits: 0, misses: 0 }): Baseline {
  const f = info.fields;
  const n = (k: string) => num(f, k) ?? 0;
  const hits = n('keyspace_hits');
  const misses = n('keyspace_misses');
  return {
    at,
    runId: f['run_id'] ?? '',
    uptimeSec: n('uptime_in_seconds'),
    hits,
    misses,
    commands: n('total_commands_processed'),
    evicted: n('evicted_keys'),
    expired: n('expired_keys'),
    rejected: n('rejected_connections'),
    netIn: n('total_net_input_bytes'),
    netOut: n('total_net_output_bytes'),
    cpu: n('used_cpu_sys') + n('used_cpu_user'),
    ownHits: own.hits,
    ownMisses: own.misses,
    ownCommands: own.commands ?? 0,
    origin: { hits, misses, ownHits: own.hits, ownMisses: own.misses },
  };
}

/** A restart (run id / uptime) or a CONFIG RESETSTAT (a counter went down) since `prev`. */
export function detectReset(prev: Baseline, cur: Baseline): ResetKind | undefined {
  if ((prev.runId && cur.runId && prev.runId !== cur.runId) || cur.uptimeSec < prev.uptimeSec) return 'restart';
  const counters = ['hits', 'misses', 'commands', 'evicted', 'expired', 'rejected', 'netIn', 'netOut'] as const;
  if (counters.some((k) => cur[k] < prev[k])) return 'stats-reset';
  return undefined;
}

export function ratio(hits: number, misses: number): number | null {
  const total = hits + misses;
  return total > 0 ? hits / total : null;
}

export function derive(input: DeriveInput): { sample: MetricSample; baseline: Baseline } {
  const { info, at, previous } = input;
  const f = info.fields;
  const n = (k: string) => num(f, k) ?? 0;
  const cur = baselineOf(info, at, input.own);
  if (input.topology) cur.topologyKey = input.topology.key;
  const moved = input.topology !== undefined && previous !== null && (input.topology.changed || previous.topologyKey !== input.topology.key);
  const reset: ResetKind | undefined = moved ? 'topology' : previous ? detectReset(previous, cur) : undefined;
  if (previous && !reset) cur.origin = previous.origin; // keep counting since connected
  const dtSec = previous ? (at - previous.at) / 1000 : 0;
  // Too short to be a rate: keep `previous` as the baseline, so nothing is counted twice or lost.
  const folded = previous !== null && !reset && !input.afterGap && dtSec * 1000 < (input.minIntervalMs ?? 0);
  const usable = previous !== null && !reset && !input.afterGap && !folded && dtSec > 0;
  type Counter = Exclude<keyof Baseline, 'runId' | 'origin' | 'topologyKey'>;
  const rate = (k: Counter) => (usable ? Math.max(0, (cur[k] - previous![k]) / dtSec) : null);
  const delta = (k: Counter) => (usable ? cur[k] - previous![k] : null);

  const rawHits = delta('hits');
  const rawMisses = delta('misses');
  const ownHitsDelta = delta('ownHits');
  const ownMissesDelta = delta('ownMisses');
  // A reply crossing a poll boundary can put an own read in the next interval: clamp at 0.
  const hitsDelta = rawHits === null ? null : Math.max(0, rawHits - (ownHitsDelta ?? 0));
  const missesDelta = rawMisses === null ? null : Math.max(0, rawMisses - (ownMissesDelta ?? 0));
  const o = cur.origin;
  const appHitsSince = cur.hits - o.hits - (cur.ownHits - o.ownHits);
  const appMissesSince = cur.misses - o.misses - (cur.ownMisses - o.ownMisses);
  const used = n('used_memory');
  const rss = n('used_memory_rss');
  const maxMemory = n('maxmemory');
  const keyspace = keyspaceOf(info);
  const keys = keyspace.reduce((s, d) => s + d.keys, 0);
  const expires = keyspace.reduce((s, d) => s + d.expires, 0);
  const cpuDelta = delta('cpu');
  // Cachescope's own commands: its polls', and one per keyspace read (a floor: a read can take more).
  const ownCommandsDelta = delta('ownCommands');
  const ownOps = ownCommandsDelta === null ? null : ownCommandsDelta + (ownHitsDelta ?? 0) + (ownMissesDelta ?? 0);
  const commandsDelta = delta('commands');

  const sample: MetricSample = {
    connectionId: input.connectionId,
    ts: at,
    ...(input.afterGap ? { gap: true } : {}),
    ...(reset ? { reset } : {}),
    ...(folded ? { folded: true } : {}),
    latencyMs: input.latencyMs,
    hitRate: hitsDelta === null || missesDelta === null ? null : ratio(hitsDelta, missesDelta),
    hitRateRaw: rawHits === null || rawMisses === null ? null : ratio(rawHits, rawMisses),
    hitRateTotal: ratio(Math.max(0, appHitsSince), Math.max(0, appMissesSince)),
    hitRateServer: ratio(cur.hits, cur.misses),
    hitsDelta,
    missesDelta,
    ownHitsDelta,
    ownMissesDelta,
    keyspaceHits: cur.hits,
    keyspaceMisses: cur.misses,
    opsPerSec: commandsDelta === null ? null : Math.max(0, commandsDelta - (ownOps ?? 0)) / dtSec,
    ownOpsPerSec: ownOps === null ? null : Math.min(ownOps, Math.max(0, commandsDelta ?? 0)) / dtSec,
    totalCommands: cur.commands,
    usedMemory: used,
    usedMemoryPeak: n('used_memory_peak'),
    usedMemoryRss: rss,
    maxMemory,
    maxMemoryPolicy: f['maxmemory_policy'] ?? 'unknown',
    memoryFraction: maxMemory > 0 ? used / maxMemory : null,
    totalSystemMemory: num(f, 'total_system_memory'),
    fragmentation: used > 0 && rss > 0 ? rss / used : null,
    evictedPerSec: rate('evicted'),
    evictedTotal: cur.evicted,
    expiredPerSec: rate('expired'),
    expiredTotal: cur.expired,
    connectedClients: n('connected_clients'),
    blockedClients: n('blocked_clients'),
    rejectedConnections: cur.rejected,
    rejectedPerSec: rate('rejected'),
    netInPerSec: rate('netIn'),
    netOutPerSec: rate('netOut'),
    cpuPct: cpuDelta === null ? null : Math.max(0, (cpuDelta / dtSec) * 100),
    keys,
    expires,
    keysNoTtl: keys - expires,
    dbs: keyspace.map((d) => ({ db: d.db, keys: d.keys, expires: d.expires, noTtl: d.keys - d.expires, avgTtlMs: d.avgTtlMs })),
    uptimeSec: cur.uptimeSec,
    role: f['role'] ?? 'unknown',
    version: f['redis_version'] ?? 'unknown',
    persistence: {
      loading: f['loading'] === '1',
      rdbLastSaveTime: num(f, 'rdb_last_save_time'),
      rdbChangesSinceLastSave: num(f, 'rdb_changes_since_last_save'),
      rdbLastBgsaveStatus: f['rdb_last_bgsave_status'] ?? null,
      rdbBgsaveInProgress: f['rdb_bgsave_in_progress'] === '1',
      aofEnabled: f['aof_enabled'] === '1',
      aofLastWriteStatus: f['aof_last_write_status'] ?? null,
      aofRewriteInProgress: f['aof_rewrite_in_progress'] === '1',
    },
  };
  return { sample, baseline: folded ? previous! : cur };
}
