import { z } from 'zod';
import { WireBytes } from './keys';
import { ANALYSIS_DEPTH, SCAN_THROTTLE } from './limits';

/**
 * Keyspace browsing and analysis: a scan builds a compact index in main; the renderer asks
 * for the rows on screen (tree or flat list) and for aggregates, never for the whole index.
 * Key names and prefixes are `WireBytes` (DESIGN.md invariant 3).
 */

const Id = z.string().min(1).max(64);
/** A Redis type name as TYPE reports it (`string`, `hash`, … or a module type like `ReJSON-RL`). */
const TypeName = z.string().min(1).max(64);
const Delimiter = z.string().min(1).max(8);

/** TTL distribution buckets: no expiry, < 1 min, < 1 h, < 1 day, < 7 days, ≥ 7 days. */
export const TTL_BUCKETS = ['none', 'lt1m', 'lt1h', 'lt1d', 'lt7d', 'gte7d'] as const;
export type TtlBucket = (typeof TTL_BUCKETS)[number];
export type TtlBuckets = Record<TtlBucket, number>;

/** How a scan read TYPE/PTTL/MEMORY USAGE: one Lua script call per page, or plain pipelines. */
export type ScanPath = 'script' | 'pipeline';
export type ScanState = 'running' | 'done' | 'cancelled' | 'error' | 'restarted';

/** Keyspace hits/misses Cachescope's own reads added to the server's counters. */
export interface ScanReads {
  hits: number;
  misses: number;
}

/** One `scan.progress` item (also the reply of `keys.scan.status`). Emitted at most ~5×/s, plus every state change. */
export interface ScanProgress {
  connectionId: string;
  scanId: string;
  db: number;
  state: ScanState;
  /** Null until the first page has been read. */
  path: ScanPath | null;
  /** Why the scan runs on pipelines (scripting denied, forced…); absent on the script path. */
  pathReason?: string;
  /** Keys SCAN returned and whose metadata was read so far (this run, since the last restart). */
  scanned: number;
  /** Keys in the index (vanished keys and keys filtered out by `type` are not). */
  indexed: number;
  /** DBSIZE when the scan (re)started. */
  total: number;
  /** 0–1: share of the keyspace walked (from the SCAN cursor when a MATCH is given). Null when unknown. */
  fraction: number | null;
  keysPerSec: number;
  etaSec: number | null;
  startedAt: number;
  elapsedMs: number;
  match: WireBytes | null;
  type: string | null;
  withMemory: boolean;
  /** Commands per second the scan keeps under (each TYPE/PTTL/MEMORY inside a script counts). */
  throttle: number | null;
  restarts: number;
  serverReads: ScanReads;
  /** Nodes the scan reads (a cluster's primaries or their replicas; 1 for a single server). 0 until listed. */
  nodes?: number;
  /** The scan reads replicas instead of primaries (where a primary has one: see `message`). */
  fromReplicas?: boolean;
  /** Human sentence for restarted / error / cancelled, or a note (e.g. MEMORY USAGE denied). */
  message?: string;
}

/** How complete the data behind a tree/list/report is: "412k of 1.0M scanned". */
export interface Coverage {
  scanId: string | null;
  state: ScanState | 'none';
  scanned: number;
  indexed: number;
  /** DBSIZE when the scan started. */
  dbsize: number;
  complete: boolean;
  fraction: number | null;
  match: WireBytes | null;
  /** ms epoch of the last page added. */
  updatedAt: number | null;
}

export type TtlHealth = 'ok' | 'partial' | 'none';

export interface KeyRow {
  kind: 'key';
  key: WireBytes;
  /** In the tree: the part after the folder's prefix. In the flat list: the whole key. */
  name: WireBytes;
  type: string;
  /** Remaining TTL in ms at the time of the reply (≤ 0 = has probably expired); null = no expiry. */
  ttlMs: number | null;
  /** MEMORY USAGE; null when the scan ran without memory or the server denied it. */
  bytes: number | null;
  /** The size is MEMORY USAGE's sampled estimate (a large aggregate), not exact. */
  bytesEstimated: boolean;
}

export interface FolderStats {
  keys: number;
  bytes: number;
  /** Some sizes in the sum are estimates or unknown. */
  bytesEstimated: boolean;
  noTtl: number;
  ttlHealth: TtlHealth;
  ttlBuckets: TtlBuckets;
  types: Record<string, number>;
}

export interface FolderRow extends FolderStats {
  kind: 'folder';
  /**
   * Absolute prefix including the trailing delimiter — or, when `pattern` is set, a glob in the
   * analysis report's form (`user:*:`): pass both back as `prefix`/`pattern` to open the folder.
   */
  prefix: WireBytes;
  /** The segment shown (between the parent prefix and the delimiter); `*` for the id folder. */
  name: WireBytes;
  /** The folder stands for many: an id folder, or a folder inside one. */
  pattern?: true;
  /** On the id folder: how many distinct ids its `*` gathers. */
  ids?: number;
  /**
   * Inside an id folder: every key whose last segment is `name` (`user:*:` → `profile`), across
   * ids. `prefix` is then the exact glob (`user:*:profile`, no delimiter after): what to
   * invalidate for these keys, and what opens to list them.
   */
  leaf?: true;
}

export const SortBy = z.enum(['name', 'memory', 'ttl', 'keys']);
export const SortDir = z.enum(['asc', 'desc']);
export const KeySort = z
  .object({ by: SortBy.default('name'), dir: SortDir.default('asc') })
  .strict()
  .default({ by: 'name', dir: 'asc' });
export type KeySort = z.output<typeof KeySort>;

const Page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(2000).default(200),
};
const Filters = {
  /** Glob over key names (Redis MATCH semantics), applied to the index. */
  match: WireBytes.optional(),
  type: TypeName.optional(),
};

export interface KeyTreePage {
  prefix: WireBytes | null;
  /** `prefix` is a collapsed folder's glob. */
  pattern: boolean;
  /** Whether id-like segments were gathered into `*` folders. */
  collapseIds: boolean;
  delimiter: string;
  /** The fold applied (root only). */
  fold: WireBytes | null;
  /**
   * At the top of a folded tree — the root with `fold`, or the fold prefix opened as the root
   * (as the Keys tab shows it) — how many keys (after filters) do not carry the fold. At the
   * root they are listed beside the prefix's children; opened as the root they are not in it,
   * and this says how many so they are not silently hidden.
   */
  outsideFold?: number;
  /** Folders first, then keys, each sorted by `sort`; `offset`/`limit` apply to that sequence. */
  rows: (FolderRow | KeyRow)[];
  total: number;
  folders: number;
  keys: number;
  /** Everything under `prefix` (after filters). */
  summary: FolderStats;
  coverage: Coverage;
}

export interface KeyListPage {
  rows: KeyRow[];
  /** Keys matching the filters. */
  total: number;
  coverage: Coverage;
}

export interface KeyLookup {
  key: WireBytes;
  exists: boolean;
  row: KeyRow | null;
}

export interface TtlRule {
  /** Glob over key names (Redis MATCH semantics), e.g. `user:*`. The first matching rule applies. */
  pattern: string;
  /** The highest TTL expected; a key with more is a violation. Null = no upper bound. */
  maxTtlSec: number | null;
  /** A key without TTL is a violation (false for keys meant to live forever, like `cache:stats`). */
  requireTtl: boolean;
  note?: string;
}
export const TtlRuleSchema = z
  .object({
    pattern: z.string().min(1).max(512),
    maxTtlSec: z.number().int().min(1).max(10 * 365 * 86400).nullable().default(null),
    requireTtl: z.boolean().default(true),
    note: z.string().max(200).optional(),
  })
  .strict();
/** A connection's TTL policy: the rules in order, the first match applies. */
export const TtlRulesSchema = z.array(TtlRuleSchema).max(500);

/** The report's tables a CSV export can hold (the UI's export buttons, `cachescope analyze --csv`). */
export const EXPORT_TABLES = ['namespaces', 'topKeys', 'violations'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** A named set of rules, e.g. one per layout of CACHE-LAYOUTS.md, offered as defaults. */
export interface TtlPreset {
  name: string;
  description: string;
  rules: TtlRule[];
}

export interface KeyspaceSettings {
  delimiter: string;
  /** The tree gathers id-like segments (`user:42:` …) into one `*` folder. */
  collapseIds: boolean;
  /** A known app prefix (e.g. `skillup:`) the tree and the report may fold away. */
  fold: WireBytes | null;
  ttlRules: TtlRule[];
}

export interface NamespaceStats {
  /**
   * The namespace's literal prefix bytes (including the trailing delimiter; empty = keys with no
   * delimiter) or, when `pattern` is true, a SCAN MATCH glob: id-like segments collapsed to `*`,
   * glob characters of the other bytes escaped with a backslash (`user:*:`, `report:\[2024\]:*:`).
   */
  prefix: WireBytes;
  /** Set when id-like segments were collapsed: `prefix` is a glob, not literal bytes. */
  pattern?: true;
  keys: number;
  bytes: number;
  bytesEstimated: boolean;
  noTtl: number;
  types: Record<string, number>;
  ttlBuckets: TtlBuckets;
}

export interface TopKey {
  key: WireBytes;
  type: string;
  bytes: number;
  bytesEstimated: boolean;
  ttlMs: number | null;
}

export type TtlViolationKind = 'missing-ttl' | 'ttl-above-max';
export interface TtlViolation {
  pattern: string;
  kind: TtlViolationKind;
  maxTtlSec: number | null;
  count: number;
  bytes: number;
  /** Up to 20 example keys. */
  samples: { key: WireBytes; ttlMs: number | null }[];
}

export interface AnalysisReport {
  connectionId: string;
  db: number;
  scanId: string;
  match: WireBytes | null;
  delimiter: string;
  depth: number;
  /** Whether id-like namespace segments were collapsed to `*` (absent in older reports: true). */
  collapseIds?: boolean;
  fold: WireBytes | null;
  path: ScanPath | null;
  withMemory: boolean;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  /** False when the scan was cancelled or failed: the figures cover `coverage.scanned` keys only. */
  complete: boolean;
  /** DBSIZE when the scan started (and, for a MATCH-less scan, what totals.keys should equal). */
  dbsize: number;
  totals: { keys: number; bytes: number; noTtl: number; bytesEstimated: boolean; types: Record<string, number>; ttlBuckets: TtlBuckets };
  /** Ranked by bytes, descending (then keys). */
  namespaces: NamespaceStats[];
  /** How many namespaces the list left out (it keeps the largest 5000). */
  namespacesOmitted: number;
  /** The largest keys by MEMORY USAGE (up to 50). */
  topKeys: TopKey[];
  ttlRules: TtlRule[];
  ttlViolations: TtlViolation[];
  /** Keyspace hits/misses this scan added to the server's INFO counters. */
  serverReads: ScanReads;
  /** Set when the server restarted during the run (CLI analyze): own reads per server lifetime. */
  restarted?: ServerRestart;
  /** Nodes scanned (a cluster's primaries or their replicas). */
  nodes?: number;
  /** Read from replicas rather than primaries (see `fromReplicas` on the request). */
  fromReplicas?: boolean;
}

export interface ServerRestart {
  runIdBefore: string;
  runIdAfter: string;
  /** Own reads counted by the lifetime that ended (its INFO counters are gone). */
  readsBefore: ScanReads;
  /** Own reads in the current lifetime's INFO counters. */
  readsAfter: ScanReads;
}

/** `analysis.direct`'s answer: the report, whether the scan ran to the end, and why it ran on pipelines. */
export interface DirectAnalysis {
  report: AnalysisReport;
  /** `cancelled`: stopped by `keys.scan.cancel`; the report covers the keys scanned so far (`complete` false). */
  state: 'done' | 'cancelled';
  /** Why the pipelines ran instead of the script (scripting denied, forced); null on the script path. */
  pathReason: string | null;
  /**
   * What to know about the scan beyond the figures, in words: a primary read for want of a
   * replica, a cluster node's part read again after a failover, keys that could not be read.
   */
  notes: string | null;
}

export interface ExportFile {
  filename: string;
  mime: 'text/csv' | 'application/json';
  content: string;
}

/** Whether the Keys tab starts a scan by itself (`keys.scan.plan`). */
export interface ScanPlan {
  /** DBSIZE of the connection's db (summed over its data nodes); null when DBSIZE is denied. */
  dbsize: number | null;
  /** Keyspaces up to this many keys are scanned as the Keys tab opens (AUTO_SCAN_MAX_KEYS unless overridden). */
  autoScanMaxKeys: number;
  /** Small enough and scannable: the tab starts the scan without a click. */
  auto: boolean;
  /** Why a scan would fail here (an ACL user without SCAN), in words; null when it can run. */
  blocked: string | null;
}

export const keyspaceCommands = {
  /** Start (or restart) the scan of a connection's db; progress on `scan.progress`. Replaces the index when it starts. */
  'keys.scan.start': {
    args: z
      .object({
        id: Id,
        match: WireBytes.optional(),
        type: TypeName.optional(),
        withMemory: z.boolean().default(true),
        throttle: z.number().int().min(SCAN_THROTTLE.min).max(SCAN_THROTTLE.max).optional(),
        /** `auto` tries the script and falls back to pipelines; the others force a path (benchmarks, tests). */
        path: z.enum(['auto', 'script', 'pipeline']).default('auto'),
        /**
         * Read each primary's replica instead of the primary (cluster, sentinel), so the primaries'
         * keyspace hits and CPU are left alone; a primary without a replica is read itself, said in
         * the progress message.
         */
        fromReplicas: z.boolean().default(false),
      })
      .strict(),
    reply: null as unknown as { scanId: string },
  },
  'keys.scan.cancel': {
    args: z.object({ id: Id }).strict(),
    reply: null as unknown as { cancelled: boolean },
  },
  'keys.scan.status': {
    args: z.object({ id: Id }).strict(),
    reply: null as unknown as ScanProgress | null,
  },
  /** Before a scan: how large the db is, whether the Keys tab scans it by itself, what stops a scan. */
  'keys.scan.plan': {
    args: z.object({ id: Id }).strict(),
    reply: null as unknown as ScanPlan,
  },
  /** Children of a folder: sub-folders with aggregates, then the keys directly in it. */
  'keys.tree': {
    args: z
      .object({
        id: Id,
        prefix: WireBytes.nullable().default(null),
        /** `prefix` is a collapsed folder's glob (a FolderRow with `pattern`). */
        pattern: z.boolean().default(false),
        /** Default: the connection's saved delimiter (`:`). */
        delimiter: Delimiter.optional(),
        /** Gather id-like child segments into one `*` folder. Default: the connection's setting (on). */
        collapseIds: z.boolean().optional(),
        /**
         * At the root (`prefix` null): an app prefix (e.g. `skillup:`) whose children are listed in
         * its place, named without it. Default: the connection's saved fold; null = none.
         */
        fold: WireBytes.nullable().optional(),
        sort: KeySort,
        ...Filters,
        ...Page,
      })
      .strict(),
    reply: null as unknown as KeyTreePage,
  },
  'keys.list': {
    args: z
      .object({ id: Id, sort: KeySort, ...Filters, ...Page })
      .strict(),
    reply: null as unknown as KeyListPage,
  },
  /** One exact key, read now (TYPE/PTTL/MEMORY USAGE, no scan); the index is updated. */
  'keys.lookup': {
    args: z.object({ id: Id, key: WireBytes }).strict(),
    reply: null as unknown as KeyLookup,
  },
  /** A report over the latest complete scan with the same MATCH, or a new scan (awaited; progress on `scan.progress`). */
  'analysis.run': {
    args: z
      .object({
        id: Id,
        match: WireBytes.optional(),
        delimiter: Delimiter.optional(),
        depth: z.number().int().min(ANALYSIS_DEPTH.min).max(ANALYSIS_DEPTH.max).default(2),
        /** Group id-like segments (`user:42:` -> `user:*:`, see the report's `pattern` namespaces). */
        collapseIds: z.boolean().default(true),
        /** Default: the connection's saved fold prefix. Null = fold nothing. */
        fold: WireBytes.nullable().optional(),
        /** Scan again even when a complete index exists. */
        rescan: z.boolean().default(false),
        throttle: z.number().int().min(SCAN_THROTTLE.min).max(SCAN_THROTTLE.max).optional(),
        /**
         * Read each primary's replica instead of the primary (cluster, sentinel), so the primaries'
         * keyspace hits and CPU are left alone; a primary without a replica is read itself, said in
         * the progress message.
         */
        fromReplicas: z.boolean().default(false),
      })
      .strict(),
    reply: null as unknown as AnalysisReport,
  },
  /**
   * A report from a fresh scan of its own, with one client, awaited (`cachescope analyze`): every
   * option given (none read from the saved settings), a server restart mid-scan said in
   * `restarted`, the partial report on cancel (`keys.scan.cancel`). Progress on `scan.progress`;
   * the report becomes the connection's latest (what `analysis.export` writes). The keys are not
   * kept: the Keys tab's index is left as it was.
   */
  'analysis.direct': {
    args: z
      .object({
        id: Id,
        match: WireBytes.optional(),
        delimiter: Delimiter.default(':'),
        depth: z.number().int().min(ANALYSIS_DEPTH.min).max(ANALYSIS_DEPTH.max).default(2),
        collapseIds: z.boolean().default(true),
        fold: WireBytes.nullable().default(null),
        ttlRules: TtlRulesSchema.default([]),
        /** Without MEMORY USAGE: faster, bytes are 0. */
        withMemory: z.boolean().default(true),
        throttle: z.number().int().min(SCAN_THROTTLE.min).max(SCAN_THROTTLE.max).optional(),
        path: z.enum(['auto', 'script', 'pipeline']).default('auto'),
        /**
         * Read each primary's replica instead of the primary (cluster, sentinel), so the primaries'
         * keyspace hits and CPU are left alone; a primary without a replica is read itself, said in
         * the progress message.
         */
        fromReplicas: z.boolean().default(false),
      })
      .strict(),
    reply: null as unknown as DirectAnalysis,
  },
  /** The latest report of the connection as a file's content. */
  'analysis.export': {
    args: z
      .object({
        id: Id,
        format: z.enum(['csv', 'json']),
        /** CSV only: which table (JSON is the whole report). */
        table: z.enum(EXPORT_TABLES).default('namespaces'),
      })
      .strict(),
    reply: null as unknown as ExportFile,
  },
  'keyspace.settings.get': {
    args: z.object({ id: Id }).strict(),
    reply: null as unknown as { settings: KeyspaceSettings; presets: TtlPreset[] },
  },
  'keyspace.settings.set': {
    args: z
      .object({
        id: Id,
        delimiter: Delimiter.optional(),
        collapseIds: z.boolean().optional(),
        fold: WireBytes.nullable().optional(),
        ttlRules: TtlRulesSchema.optional(),
      })
      .strict(),
    reply: null as unknown as KeyspaceSettings,
  },
} as const;

export interface KeyspaceStreams {
  'scan.progress': ScanProgress;
}
