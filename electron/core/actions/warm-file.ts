import type { KeyClient } from '../redis/target';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ItemError, WireBytes } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';
import { CoreError } from '../errors';
import { toWire } from '../keys/wire-bytes';
import { restoreTargetMismatch } from '../../../shared/restore-target';
import type { PipelineReply } from '../redis/keyed-pipeline';
import { pipelineThroughFailover, type FailoverWaits } from './failover-waits';
import { MAX_REPORTED, runRestore, type RestoreCounters } from './restore';
import { byteLines, type ByteLine, type LineLimit } from './byte-lines';
import { parseHeader, undoEntries, type UndoHeader, type UndoLine } from './undo-file';
import { parseWarmLine, type WarmItem } from './warm-line';

const BATCH = 200;
const SAMPLE = 20;

/**
 * The longest NDJSON warm line. JSON.parse and the Buffers made from it hold several copies of
 * a line at once (a 60 MB line took 532 MB of RSS): 16 MiB keeps one line's cost near 150 MB,
 * and holds any JSON document a cache sensibly stores. Bigger values belong in a backup
 * (DUMP) file, which has its own limit below.
 */
export const WARM_LINE_MAX_BYTES = 16 * 1024 * 1024;
/**
 * The longest backup/undo line: base64 of a DUMP above the default 256 MiB undo limit, and
 * still below V8's longest string (~512 MiB), past which reading a line throws.
 */
export const UNDO_LINE_MAX_BYTES = 384 * 1024 * 1024;

/**
 * A warm file as the core reads it: uploaded text, or a path — only ever one the CLI user typed
 * or main's open dialog returned, never one from the renderer (the contract has no path).
 */
export type WarmFileSource = { path: string } | { content: string; name?: string };

/** The line limits by format (tests inject small ones). */
export interface WarmLineLimits {
  ndjson: number;
  undo: number;
}
const DEFAULT_LIMITS: WarmLineLimits = { ndjson: WARM_LINE_MAX_BYTES, undo: UNDO_LINE_MAX_BYTES };

type Lines = AsyncGenerator<ByteLine>;

/** What a skipped over-long line is reported as. */
export function tooLongReason(l: { bytes: number }, max: number): string {
  return `longer than the ${formatBytes(max)} line limit (${formatBytes(l.bytes)}): skipped`;
}

/**
 * The source's lines and its format: an undo/backup file (header line) or NDJSON warm lines.
 * Lines are read as bytes and capped (the NDJSON limit, raised to the backup limit after a
 * backup header), never as one unbounded string.
 */
export async function openWarmSource(
  source: WarmFileSource,
  limits: WarmLineLimits = DEFAULT_LIMITS,
): Promise<{ format: 'ndjson' | 'undo'; header: UndoHeader | null; lines: Lines; limit: LineLimit }> {
  let input: NodeJS.ReadableStream;
  if ('path' in source) {
    const stream = createReadStream(source.path);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (e: NodeJS.ErrnoException) => reject(new CoreError(e.code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_REQUEST', `Cannot read ${source.path}: ${e.message}`)));
    });
    input = stream;
  } else input = Readable.from([source.content]);
  const limit: LineLimit = { maxLineBytes: limits.ndjson };
  const lines = byteLines(input as AsyncIterable<Buffer | string>, limit);
  const first = await lines.next();
  if (first.done) return { format: 'ndjson', header: null, lines, limit };
  const header = 'text' in first.value ? parseHeader(first.value.text) : null;
  if (header) {
    limit.maxLineBytes = limits.undo;
    return { format: 'undo', header, lines, limit };
  }
  return { format: 'ndjson', header: null, lines: prepend(first.value, lines), limit };
}

/** An undo/backup file's entries; an over-long line is an entry error like any bad line. */
async function* undoLines(lines: Lines, limit: LineLimit): AsyncGenerator<UndoLine> {
  for await (const l of lines) {
    if ('tooLong' in l) yield { line: l.line, error: tooLongReason(l, limit.maxLineBytes) };
    else yield* undoEntries(once(l));
  }
}

async function* once<T>(item: T): AsyncGenerator<T> {
  yield item;
}

async function* prepend(first: ByteLine, rest: Lines): Lines {
  yield first;
  yield* rest;
}

export interface WarmPreviewCounts {
  format: 'ndjson' | 'undo';
  /** A backup/undo file's header: where its keys came from (null for NDJSON). */
  origin: { server: string; db: number; description: string; nodes?: string[] } | null;
  lines: number;
  valid: number;
  invalid: number;
  errors: ItemError[];
  byType: Record<string, number>;
  sample: WireBytes[];
}

/** Read the whole source once, streaming: what would be written and which lines are bad. */
export async function previewWarmSource(source: WarmFileSource, limits: WarmLineLimits = DEFAULT_LIMITS): Promise<WarmPreviewCounts> {
  const { format, header, lines, limit } = await openWarmSource(source, limits);
  const origin = header ? { server: header.server, db: header.db, description: header.description, ...(header.nodes ? { nodes: header.nodes } : {}) } : null;
  const out: WarmPreviewCounts = { format, origin, lines: format === 'undo' ? 1 : 0, valid: 0, invalid: 0, errors: [], byType: {}, sample: [] };
  const bad = (line: number, reason: string) => {
    out.invalid++;
    if (out.errors.length < MAX_REPORTED) out.errors.push({ line, reason });
  };
  const good = (key: Buffer, type: string) => {
    out.valid++;
    out.byType[type] = (out.byType[type] ?? 0) + 1;
    if (out.sample.length < SAMPLE) out.sample.push(toWire(key));
  };
  if (format === 'undo') {
    for await (const item of undoLines(countLines(lines, out), limit)) {
      if ('error' in item) bad(item.line, item.error);
      else good(item.entry.key, 'dump');
    }
    return out;
  }
  for await (const l of countLines(lines, out)) {
    if ('tooLong' in l) {
      bad(l.line, tooLongReason(l, limit.maxLineBytes));
      continue;
    }
    const { line, text } = l;
    if (text.trim() === '') continue;
    const item = parseWarmLine(text);
    if (typeof item === 'string') bad(line, item);
    else good(item.key, item.type);
  }
  return out;
}

async function* countLines(lines: Lines, out: { lines: number }): Lines {
  for await (const l of lines) {
    out.lines = l.line;
    yield l;
  }
}

export interface WarmCounters {
  scanned: number;
  written: number;
  skipped: number;
  failed: number;
  errors: ItemError[];
}

/**
 * Where a warm file's keys go. A backup/undo file is a restore: written into another server or
 * db than its header names only when the user said so (`intoOtherTarget`), as for `restore`.
 */
export interface WarmInto {
  host: string;
  port: number;
  db: number;
  /** A cluster's other seeds: a backup of the cluster taken through one of them is no other target. */
  seeds?: { host: string; port: number }[];
  intoOtherTarget: boolean;
}

/** Why a backup may not be warmed into `into` (naming both targets), or null when it may. */
export function warmTargetRefusal(origin: Pick<UndoHeader, 'server' | 'db' | 'nodes'> | null, into: WarmInto): string | null {
  if (!origin || into.intoOtherTarget) return null;
  return restoreTargetMismatch(origin, into);
}

export interface WarmOptions {
  signal?: AbortSignal;
  onProgress?: (c: WarmCounters) => void;
  /** The longest line by format (tests inject small ones). */
  lineLimits?: WarmLineLimits;
  /** On a cluster: lines whose primary was lost are written again once every slot has one. */
  failover?: FailoverWaits;
}

/**
 * Write every good line, in pipelined batches; every bad line (parse or server error) is
 * reported with its number and reason. NDJSON lines replace the key (a collection is
 * rewritten inside MULTI so no reader sees it half-built); undo/backup entries are RESTOREd
 * with REPLACE and their remaining TTL. Both replace whole keys, so lines a lost cluster
 * primary did not take are written again once its replica took over (`failover`).
 */
export async function runWarmFile(
  client: KeyClient,
  source: WarmFileSource,
  into: WarmInto,
  options: WarmOptions = {},
): Promise<{ counters: WarmCounters; cancelled: boolean; format: 'ndjson' | 'undo' }> {
  const { format, header, lines, limit } = await openWarmSource(source, options.lineLimits);
  // Checked on the file as it is now (it may have changed since its preview), before any write.
  const refusal = warmTargetRefusal(header, into);
  if (refusal) {
    await lines.return(undefined);
    throw new CoreError('BAD_REQUEST', `${refusal} Confirm to write there (intoOtherTarget).`);
  }
  if (format === 'undo') {
    const r = await runRestore(client, undoLines(lines, limit), { replace: true, ...options, onProgress: (c) => options.onProgress?.(fromRestore(c)) });
    const counters = fromRestore(r.counters);
    // A lost connection ends the run: one error says where, not one per remaining line.
    if (r.stopped) {
      counters.failed++;
      if (counters.errors.length < MAX_REPORTED) counters.errors.push({ line: r.stopped.line, reason: `stopped here, the connection was lost: ${r.stopped.error.message}` });
    }
    return { counters, cancelled: r.cancelled, format };
  }
  const counters: WarmCounters = { scanned: 0, written: 0, skipped: 0, failed: 0, errors: [] };
  const fail = (e: ItemError) => {
    counters.failed++;
    if (counters.errors.length < MAX_REPORTED) counters.errors.push(e);
  };
  let batch: { line: number; item: WarmItem }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    // One pipeline per node on a cluster (never one spanning nodes), sent together.
    const { replies } = await pipelineThroughFailover(
      client,
      batch,
      ({ item }) => item.key,
      (pipe, { item }) => queue(pipe, item),
      options.failover,
    );
    batch.forEach(({ line, item }, i) => {
      const reason = replyError(replies[i]!);
      if (reason) fail({ line, key: toWire(item.key), reason });
      else counters.written++;
    });
    batch = [];
    options.onProgress?.(counters);
  };
  for await (const l of lines) {
    if (options.signal?.aborted) return { counters, cancelled: true, format };
    if ('tooLong' in l) {
      counters.scanned++;
      fail({ line: l.line, reason: tooLongReason(l, limit.maxLineBytes) });
      continue;
    }
    const { line, text } = l;
    if (text.trim() === '') continue;
    counters.scanned++;
    const item = parseWarmLine(text);
    if (typeof item === 'string') fail({ line, reason: item });
    else batch.push({ line, item });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return { counters, cancelled: false, format };
}

function fromRestore(c: RestoreCounters): WarmCounters {
  // With REPLACE nothing is skipped as recreated; expired entries are skipped.
  return { scanned: c.scanned, written: c.written, skipped: c.skipped + c.expired, failed: c.failed, errors: c.errors };
}

type Pipe = ReturnType<KeyClient['pipeline']>;

/** Queue one item's commands (all on its one key: one slot); returns how many replies tell its outcome. */
function queue(pipe: Pipe, item: WarmItem): number {
  if (item.type === 'string') {
    if (item.pttl !== null) pipe.set(item.key, item.value, 'PX', item.pttl);
    else pipe.set(item.key, item.value);
    return 1;
  }
  // MULTI/EXEC as plain commands: a reader never sees the collection half-rewritten.
  pipe.call('MULTI');
  pipe.del(item.key);
  switch (item.type) {
    case 'hash':
      pipe.hset(item.key, ...item.value.flat());
      break;
    case 'list':
      pipe.rpush(item.key, ...item.value);
      break;
    case 'set':
      pipe.sadd(item.key, ...item.value);
      break;
    case 'zset':
      pipe.zadd(item.key, ...item.value.flatMap(([member, score]) => [String(score), member]));
      break;
  }
  let count = 3; // MULTI, DEL, the write
  if (item.pttl !== null) {
    pipe.pexpire(item.key, item.pttl);
    count++;
  }
  pipe.call('EXEC');
  return count + 1;
}

/** The first error among an item's replies (a queued command's, EXECABORT, or one inside EXEC's array). */
function replyError(replies: PipelineReply[]): string | null {
  for (const reply of replies) {
    const [err, value] = reply;
    if (err) return err.message;
    if (Array.isArray(value)) {
      const inner = value.find((v): v is Error => v instanceof Error);
      if (inner) return inner.message;
    }
  }
  return null;
}
