import { z } from 'zod';

const Id = z.string().min(1).max(64);

/**
 * The built-in alert rules (issue 3; `imbalance`, issue 16: one primary of a cluster carrying far
 * more than its share; `evictionSpike`, issue 17: the eviction rate jumping above its own trailing
 * baseline, the eviction alert of LRU/LFU caches); thresholds editable, each can be muted.
 */
export const ALERT_RULE_IDS = ['memory', 'hitRate', 'evictions', 'latency', 'disconnected', 'imbalance', 'evictionSpike'] as const;
export const AlertRuleId = z.enum(ALERT_RULE_IDS);
export type AlertRuleId = z.infer<typeof AlertRuleId>;

export const LatencyOf = z.union([z.literal('mix'), z.literal('roundTrip'), z.string().regex(/^cmd:[a-z][a-z0-9|_.-]{0,40}$/)]);
export type LatencyOf = z.infer<typeof LatencyOf>;

export const AlertRule = z
  .object({
    id: AlertRuleId,
    /**
     * memory: fraction of maxmemory (0.8); hitRate: fraction (0.8, fires below); evictions: per second (0, fires above); latency: ms (1);
     * disconnected: unused; imbalance: the share (0.5) of the primaries' ops or memory one primary carries, fires above (clusters of 3+ primaries only);
     * evictionSpike: how many times its trailing baseline the eviction rate must reach (3), fires above.
     */
    threshold: z.number().min(0).max(1e9),
    /** The condition must hold this long before the alert fires (debounce). */
    forSec: z.number().int().min(0).max(86_400),
    /**
     * Hysteresis: a firing alert clears only once its condition has not held for this long, so a
     * value hovering at the threshold does not fire and clear every poll. 0 = on the first good
     * sample. Rules saved before this existed read as 30. Not used by `disconnected`.
     */
    clearSec: z.number().int().min(0).max(86_400).default(30),
    muted: z.boolean(),
    /**
     * latency only — which latency: 'mix' (default) the server's p99 of the applications' commands
     * together, 'cmd:get' (any command, lower case) that command's server p99, 'roundTrip' the
     * client's PING round trip (median of the poll's pings; includes the client's own machine).
     */
    latencyOf: LatencyOf.optional(),
    /**
     * Set by the core on a default that follows the server's eviction policy: why it differs
     * there (e.g. memory at maxmemory is the design of allkeys-lru). Ignored on save.
     */
    note: z.string().max(500).optional(),
  })
  .strict();
export type AlertRule = z.infer<typeof AlertRule>;

export const DEFAULT_ALERT_RULES: AlertRule[] = [
  { id: 'memory', threshold: 0.8, forSec: 0, clearSec: 30, muted: false },
  { id: 'hitRate', threshold: 0.8, forSec: 60, clearSec: 30, muted: false },
  { id: 'evictions', threshold: 0, forSec: 60, clearSec: 60, muted: false },
  { id: 'latency', threshold: 1, forSec: 30, clearSec: 30, muted: false },
  { id: 'disconnected', threshold: 0, forSec: 0, clearSec: 0, muted: false },
  // A hot shard is a standing condition, not an emergency: 5 minutes before it fires.
  { id: 'imbalance', threshold: 0.5, forSec: 300, clearSec: 60, muted: false },
  // Off unless the policy makes evictions the design (allkeys-*): then "evicting" says nothing, a jump does.
  { id: 'evictionSpike', threshold: 3, forSec: 60, clearSec: 120, muted: true },
];

export interface AlertEvent {
  connectionId: string;
  /** The connection's display name when the event happened (for notifications and history). */
  connectionName?: string;
  rule: AlertRuleId;
  kind: 'fired' | 'cleared';
  /** ms epoch of this event (when it fired / cleared). */
  at: number;
  /** ms epoch when the condition started holding (for `cleared`: of the alert that ended). */
  since: number;
  /** The observed value at the event (fraction, ms, per second…), null for disconnected. */
  value: number | null;
  message: string;
}

/** An alert currently firing on a connection. */
export interface ActiveAlert {
  connectionId: string;
  rule: AlertRuleId;
  since: number;
  value: number | null;
  message: string;
}

/**
 * App-side stats, charted beside Redis's numbers, in the shapes apps write them: the fields of a
 * hash, numeric string keys, a JSON string (gomeet's `cache:stats`, `{"hits":…,"misses":…}`) or
 * a JSON value inside one field of a hash.
 */
export const APP_STATS_KINDS = ['hash', 'strings', 'json', 'hash-json'] as const;
export const AppStatsConfig = z
  .object({
    kind: z.enum(APP_STATS_KINDS),
    /** hash / json / hash-json: the key that holds the counters; strings: ignored. UTF-8 names (app stats keys are text in practice). */
    key: z.string().max(1024).default(''),
    /** hash-json: the field of the hash whose value is the JSON document. */
    jsonField: z.string().max(1024).optional(),
    /**
     * What to chart. hash: its fields; strings: the keys; json / hash-json: numeric members of
     * the document, top-level (`hits`) or a dotted path to a nested one (`cache.hits`).
     */
    fields: z.array(z.string().min(1).max(1024)).max(20),
    /** Which of `fields` are the app's own hits and misses counters (for its own hit rate). */
    hitsField: z.string().max(1024).optional(),
    missesField: z.string().max(1024).optional(),
  })
  .strict();
export type AppStatsConfig = z.infer<typeof AppStatsConfig>;
export type AppStatsKind = AppStatsConfig['kind'];

export interface AppStatsSample {
  connectionId: string;
  ts: number;
  /** Raw counter values (null when missing or not numeric). */
  values: Record<string, number | null>;
  /** Per-second rates of the counters since the previous sample (null on the first / after a reset). */
  rates: Record<string, number | null>;
  /** The app's own interval hit rate from its hits/misses counters; null with no traffic. */
  hitRate: number | null;
  /** hits / (hits + misses) of the raw counters (the app's lifetime view); null when unknown. */
  hitRateTotal: number | null;
  /**
   * The counters started again since the previous sample: one went down, or the key came back
   * after it was missing (expired, deleted, re-created by the app). No rates across it.
   */
  reset?: true;
  error?: string;
}

export interface ReplicaView {
  address: string;
  state: string;
  offset: number | null;
  lagSec: number | null;
}

/** From INFO replication (INFO is allowed where CONFIG is not). */
export interface ReplicationView {
  role: string;
  /** Replica side: the master it follows and the link's health. */
  masterAddress?: string;
  masterLinkStatus?: string;
  masterLastIoSecondsAgo?: number | null;
  /** Master side: its connected replicas. */
  replicas: ReplicaView[];
  replOffset: number | null;
}

export interface ServerConfigView {
  /** False when CONFIG is renamed away or denied by ACL: the UI says "not permitted". */
  permitted: boolean;
  reason?: string;
  values: Record<string, string>;
  /** Null when INFO replication could not be read. */
  replication: ReplicationView | null;
}

export const dashboardCommands = {
  'alerts.rules.get': { args: z.object({ id: Id }).strict(), reply: null as unknown as AlertRule[] },
  'alerts.rules.set': { args: z.object({ id: Id, rules: z.array(AlertRule).max(ALERT_RULE_IDS.length) }).strict(), reply: null as unknown as AlertRule[] },
  'alerts.active': { args: z.object({}).strict().default({}), reply: null as unknown as ActiveAlert[] },
  'alerts.history': { args: z.object({ id: Id.optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(), reply: null as unknown as AlertEvent[] },
  'appStats.get': { args: z.object({ id: Id }).strict(), reply: null as unknown as AppStatsConfig | null },
  'appStats.set': { args: z.object({ id: Id, config: AppStatsConfig.nullable() }).strict(), reply: null as unknown as AppStatsConfig | null },
  'appStats.history': { args: z.object({ id: Id }).strict(), reply: null as unknown as AppStatsSample[] },
  'server.config': { args: z.object({ id: Id }).strict(), reply: null as unknown as ServerConfigView },
} as const;

export interface DashboardStreams {
  'alert.event': AlertEvent;
  'appstats.sample': AppStatsSample;
}
export const DASHBOARD_STREAM_NAMES = ['alert.event', 'appstats.sample'] as const;
