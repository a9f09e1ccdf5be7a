import { z } from 'zod';
import { WireBytes } from './keys';
import type { EnvTag } from './profiles';
import type { ErrorCode } from '../envelope';
import { ACTION_THROTTLE, KEY_TYPE_NAMES, MAX_AUDIT_ROWS, MAX_TARGET_KEYS, MAX_WARM_UPLOAD_BYTES } from './limits';

/**
 * Cache controls (issue 5): invalidate (preview → confirm → execute → undo), warm, flush,
 * and the audit log. Every write is re-checked in the core: read-only connections are
 * refused, and an execute needs a preview id plus the confirmation that preview asked for.
 */

const Id = z.string().min(1).max(64);
const JobId = z.string().min(1).max(64);

/** Redis core types a target can be limited to (module types pass through as their TYPE name). */
export const KeyTypeFilter = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, `a Redis type name such as ${KEY_TYPE_NAMES.join(', ')}`);

/** What to invalidate. A prefix is literal: its glob characters are escaped before SCAN MATCH. */
export const ActionTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keys'), keys: z.array(WireBytes).min(1).max(MAX_TARGET_KEYS), type: KeyTypeFilter.optional() }).strict(),
  z.object({ kind: z.literal('prefix'), prefix: WireBytes, type: KeyTypeFilter.optional() }).strict(),
  z.object({ kind: z.literal('pattern'), pattern: WireBytes, type: KeyTypeFilter.optional() }).strict(),
  /** Every key of the connection's db, by SCAN: the fallback when FLUSHDB is renamed or denied. */
  z.object({ kind: z.literal('all'), type: KeyTypeFilter.optional() }).strict(),
]);
export type ActionTarget = z.infer<typeof ActionTarget>;

/** How a user confirms: a click on dev/staging; typing `phrase` (the connection name, or more for FLUSHALL) on prod. */
export interface ConfirmRequirement {
  kind: 'click' | 'type';
  /** What to type for `type`; what the UI sends as `confirmation` for `click`. */
  phrase: string;
  env: EnvTag;
  connectionName: string;
}

export interface ServerReads {
  hits: number;
  misses: number;
}

export interface ActionPreview {
  previewId: string;
  connectionId: string;
  db: number;
  /** The target in words, e.g. `prefix "report:[2024]:" (type hash)`. */
  description: string;
  /** Keys that would be deleted. */
  matched: number;
  /** `exact` for explicit keys and small databases; `counted` for a full SCAN of a large one (SCAN may repeat a key during a rehash). */
  matchedKind: 'exact' | 'counted';
  scanned: number;
  /** A cluster: how many primaries were scanned (absent for one server). */
  nodes?: number;
  /** Up to 20 matching names, bytes-exact. */
  sample: WireBytes[];
  /** Memory to be freed (MEMORY USAGE); null when the server refuses MEMORY USAGE. */
  bytes: number | null;
  bytesKind: 'exact' | 'estimated';
  undoAvailable: boolean;
  undoEstimateBytes: number | null;
  undoLimitBytes: number;
  /** Why undo is not available (over the limit), in words, shown before the user confirms. */
  undoNote?: string;
  confirm: ConfirmRequirement;
  /** Keyspace hits/misses this preview added to the server's counters (TYPE filter reads); recorded in the connection's ledger. */
  serverReads: ServerReads;
  /** A preview is single-use and expires (ms epoch). */
  expiresAt: number;
}

export const JOB_KINDS = ['preview', 'invalidate', 'undo', 'warm-file', 'warm-urls'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobState = 'running' | 'done' | 'cancelled' | 'failed' | 'stopped';

/** A problem with one input line or one key, reported (never hidden) in a job's result. */
export interface ItemError {
  /** 1-based line of the input file, when the item came from a file. */
  line?: number;
  key?: WireBytes;
  reason: string;
}

export interface UrlResult {
  url: string;
  /** HTTP status; null when the request failed (timeout, refused…). */
  status: number | null;
  ms: number;
  error?: string;
}

export interface HitRateWindow {
  hits: number;
  misses: number;
  /** hits / (hits + misses); null with no lookups. */
  hitRate: number | null;
}

/** Progress and, when `state` is not `running`, the result of a job. */
export interface JobProgress {
  jobId: string;
  connectionId: string;
  kind: JobKind;
  state: JobState;
  startedAt: number;
  elapsedMs: number;
  /** Keys (or lines, or URLs) looked at so far. */
  scanned: number;
  /** Known total, for a progress bar (lines of a file, URLs); absent for a SCAN. */
  total?: number;
  /** Keys that matched the target (and its type filter) so far. */
  matched?: number;
  deleted: number;
  written: number;
  skipped: number;
  failed: number;
  keysPerSec: number;
  undoFile?: string;
  /** invalidate, once it ends: what the undo file holds (also after a failure midway). */
  undoSaved?: { entries: number; bytes: number };
  message?: string;
  /** invalidate on a cluster: what happened to the nodes meanwhile (a failover waited for, a part done again), in words. */
  notes?: string[];
  /** A `failed` job's error code (as an envelope's), so a caller can tell a lost server from a bug. */
  code?: ErrorCode;
  /** Up to 100 per-item errors (line number and reason); `failed` is the full count. */
  errors?: ItemError[];
  /** undo: keys not restored because their TTL had run out (counted in `skipped` too). */
  expired?: number;
  /** undo, `stopped`: the line it stopped at and why (the server was lost); run it again to resume. */
  stoppedAt?: { line: number; reason: string };
  /** Up to 20 keys skipped by an undo because they were recreated meanwhile. */
  skippedKeys?: WireBytes[];
  /** warm-urls: every URL's result so far. */
  urls?: UrlResult[];
  /** warm-urls: the server's hit rate (lifetime) before and after, and the lookups during the warm-up. */
  hitRate?: { before: HitRateWindow; after?: HitRateWindow; during?: HitRateWindow };
  serverReads: ServerReads;
}

export interface UndoFileInfo {
  file: string;
  createdAt: number;
  connectionId: string;
  connectionName: string;
  /** host:port the keys were deleted from (the file's header). */
  server: string;
  /** A cluster's nodes when the keys were deleted (the file's header). */
  nodes?: string[];
  db: number;
  description: string;
  entries: number | null;
  bytes: number;
  complete: boolean;
}

/**
 * Where a warm file comes from. Never a path (invariant 12): the renderer either uploads the
 * text, or (desktop) asks the core to show main's open dialog.
 */
export const WarmSource = z.union([
  /** The file's text, uploaded by the page. */
  z.object({ content: z.string().max(MAX_WARM_UPLOAD_BYTES), name: z.string().max(255).optional() }).strict(),
  /** Desktop: the user picks the file in main's open dialog (CANCELLED when they do not). */
  z.object({ dialog: z.literal(true) }).strict(),
]);
export type WarmSource = z.infer<typeof WarmSource>;

export interface WarmFilePreview {
  previewId: string;
  format: 'ndjson' | 'undo';
  /**
   * A backup/undo file's header: where its keys came from (null for NDJSON). Warming it into
   * another server or db is a restore there: `warm.file.execute` refuses it without `intoOtherTarget`.
   */
  origin: { server: string; db: number; description: string; nodes?: string[] } | null;
  lines: number;
  valid: number;
  invalid: number;
  /** Up to 100 bad lines with their number and reason. */
  errors: ItemError[];
  byType: Record<string, number>;
  sample: WireBytes[];
  expiresAt: number;
}

const HttpUrl = z
  .string()
  .max(4096)
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  }, 'an http:// or https:// URL');

export const WarmUrlsOptions = z
  .object({
    urls: z.array(HttpUrl).min(1).max(5000),
    concurrency: z.number().int().min(1).max(64).default(4),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict();

const RecipeName = z.string().trim().min(1).max(100);
const UrlsRecipe = z.object({ name: RecipeName, kind: z.literal('urls'), urls: WarmUrlsOptions.shape.urls, concurrency: WarmUrlsOptions.shape.concurrency, timeoutMs: WarmUrlsOptions.shape.timeoutMs }).strict();

/** A saved recipe, as stored and listed. A file recipe's path was chosen in main's open dialog. */
export const WarmRecipe = z.discriminatedUnion('kind', [UrlsRecipe, z.object({ name: RecipeName, kind: z.literal('file'), path: z.string().min(1).max(4096) }).strict()]);
export type WarmRecipe = z.output<typeof WarmRecipe>;

/**
 * What a client may save: URLs, or "the file of this preview" — only a preview of a file
 * picked in main's dialog has a path to remember; the renderer never names one.
 */
export const WarmRecipeInput = z.discriminatedUnion('kind', [UrlsRecipe, z.object({ name: RecipeName, kind: z.literal('file'), previewId: Id }).strict()]);
export type WarmRecipeInput = z.input<typeof WarmRecipeInput>;

export interface FlushPreview {
  previewId: string;
  all: boolean;
  db: number;
  /** Keys that would go: DBSIZE of the db, or every db's keys for FLUSHALL (summed over the primaries). */
  keys: number;
  /** Primaries the command runs on: 1, or every primary of a cluster. */
  nodes: number;
  /** In words, for the confirmation: "FLUSHDB on 3 primaries: 5,803 keys". */
  summary: string;
  /** `renamed` when the server's command table lacks FLUSHDB/FLUSHALL (rename-command); `unknown` when COMMAND itself is refused. */
  command: 'available' | 'renamed' | 'unknown';
  /** In words: what cannot be done and what to do instead (delete every key by scan, with undo). */
  note?: string;
  confirm: ConfirmRequirement;
  expiresAt: number;
}

export interface FlushResult {
  command: string;
  keysBefore: number;
  /** Primaries it ran on. */
  nodes: number;
  durationMs: number;
}

/**
 * `partial`: done, but some items failed (each reported); `refused`: read-only or not confirmed;
 * `unfinished`: started, and no end was written (still running, or the process died midway).
 */
export const AUDIT_OUTCOMES = ['ok', 'partial', 'failed', 'cancelled', 'stopped', 'refused', 'unfinished'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEntry {
  ts: number;
  osUser: string;
  source: 'desktop' | 'serve' | 'cli';
  connectionId: string;
  connectionName: string;
  /** host:port */
  server: string;
  db: number;
  action: string;
  target: string;
  previewCount: number | null;
  resultCount: number | null;
  durationMs: number | null;
  outcome: AuditOutcome;
  undoFile?: string;
  message?: string;
  /**
   * A long action writes a `started` line when it begins, `progress` checkpoints, then its end
   * line, all with the same id; readers fold them into one entry (an end-less one is `unfinished`).
   */
  id?: string;
  phase?: 'started' | 'progress';
}

export const AuditFilter = z
  .object({
    connectionId: Id.optional(),
    action: z.string().max(64).optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    since: z.number().int().nonnegative().optional(),
    until: z.number().int().nonnegative().optional(),
    /** Case-insensitive substring of target, connection name, user or message. */
    text: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(MAX_AUDIT_ROWS).default(500),
  })
  .strict();

/** Cache-control settings, kept by the core in the user data folder. */
export const ActionSettings = z
  .object({
    /** Largest undo file an invalidation may write; above it the preview says undo is unavailable. 0 = never keep undo. */
    undoLimitBytes: z.number().int().min(0).max(64 * 1024 ** 3),
    /** When a new undo file is written and when the core starts, older ones past this age are deleted (never the newest, never one in use). */
    undoKeepDays: z.number().int().min(1).max(3650),
    /** …then the oldest, while all undo files together take more than this. */
    undoKeepBytes: z.number().int().min(0).max(64 * 1024 ** 4),
  })
  .strict();
export type ActionSettings = z.infer<typeof ActionSettings>;

export const actionCommands = {
  'actions.preview': { args: z.object({ id: Id, target: ActionTarget }).strict(), reply: null as unknown as ActionPreview },
  'actions.execute': {
    args: z
      .object({
        id: Id,
        previewId: Id,
        /** The typed phrase (prod) or the click phrase the preview returned. */
        confirmation: z.string().max(300),
        undo: z.boolean().default(true),
        /**
         * Write the undo file where main's save dialog says (the CLI: its --backup FILE, never
         * overwritten) instead of the undo folder; such a file is the user's: no size limit, no pruning.
         */
        chooseUndoPath: z.boolean().default(false),
        /** At most this many keys examined per second (spaces the SCAN batches). */
        throttle: z.number().int().min(ACTION_THROTTLE.min).max(ACTION_THROTTLE.max).optional(),
      })
      .strict(),
    reply: null as unknown as { jobId: string; undoFile?: string },
  },
  'actions.cancel': { args: z.object({ jobId: JobId }).strict(), reply: null as unknown as { cancelled: boolean } },
  /** The latest progress (or final result) of a job of this session; null when unknown. */
  'actions.job': { args: z.object({ jobId: JobId }).strict(), reply: null as unknown as JobProgress | null },
  /**
   * Restore an undo file (a name from `actions.undoFiles`). Recreated keys are skipped and reported unless `replace`.
   * A file whose header names another server or db than the connection's is refused unless `intoOtherTarget`
   * (the UI asks first, naming both).
   */
  'actions.undo': {
    args: z
      .object({
        id: Id,
        /** A name from `actions.undoFiles`; or, with `chooseFile`, none: */
        undoFile: z.string().min(1).max(255).optional(),
        /** Restore the file main's open dialog picks (the CLI: its --backup FILE) instead of a name in the undo folder. */
        chooseFile: z.boolean().default(false),
        replace: z.boolean().default(false),
        intoOtherTarget: z.boolean().default(false),
      })
      .strict()
      .refine((a) => a.chooseFile !== (a.undoFile !== undefined), 'name an undoFile, or chooseFile, not both'),
    reply: null as unknown as { jobId: string },
  },
  'actions.undoFiles': { args: z.object({ id: Id.optional() }).strict().default({}), reply: null as unknown as UndoFileInfo[] },
  'actions.settings.get': { args: z.object({}).strict().default({}), reply: null as unknown as ActionSettings },
  /** Change some settings; the others keep their values. Replies with all of them. */
  'actions.settings.set': { args: ActionSettings.partial().strict(), reply: null as unknown as ActionSettings },
  'warm.file.preview': { args: z.object({ id: Id, source: WarmSource }).strict(), reply: null as unknown as WarmFilePreview },
  /** A backup/undo file whose header names another server or db than the connection's is refused unless `intoOtherTarget` (as `actions.undo`). */
  'warm.file.execute': { args: z.object({ id: Id, previewId: Id, intoOtherTarget: z.boolean().default(false) }).strict(), reply: null as unknown as { jobId: string } },
  'warm.urls': { args: WarmUrlsOptions.extend({ id: Id }).strict(), reply: null as unknown as { jobId: string } },
  'warm.recipes.list': { args: z.object({ id: Id }).strict(), reply: null as unknown as WarmRecipe[] },
  'warm.recipes.save': { args: z.object({ id: Id, recipe: WarmRecipeInput }).strict(), reply: null as unknown as WarmRecipe[] },
  'warm.recipes.delete': { args: z.object({ id: Id, name: z.string().min(1).max(100) }).strict(), reply: null as unknown as WarmRecipe[] },
  'warm.recipes.run': { args: z.object({ id: Id, name: z.string().min(1).max(100) }).strict(), reply: null as unknown as { jobId: string } },
  'flush.preview': { args: z.object({ id: Id, all: z.boolean().default(false) }).strict(), reply: null as unknown as FlushPreview },
  /** FLUSHDB ASYNC (or FLUSHALL ASYNC). Renamed away → UNSUPPORTED, denied by ACL → NO_PERMISSION, each offering delete-by-scan. */
  'flush.execute': { args: z.object({ id: Id, previewId: Id, confirmation: z.string().max(300) }).strict(), reply: null as unknown as FlushResult },
  'audit.list': { args: AuditFilter.default({ limit: 500 }), reply: null as unknown as { entries: AuditEntry[]; matched: number } },
  'audit.export': {
    args: AuditFilter.extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') }).strict(),
    reply: null as unknown as { filename: string; mime: string; content: string; count: number },
  },
} as const;

export interface ActionStreams {
  'job.progress': JobProgress;
  'audit.appended': AuditEntry;
}
export const ACTION_STREAM_NAMES = ['job.progress', 'audit.appended'] as const;
