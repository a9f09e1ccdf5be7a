import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type Redis from 'ioredis';
import type { ItemError, WarmSource, WireBytes } from '../../../shared/contract';
import { CoreError } from '../errors';
import { toWire } from '../keys/wire-bytes';
import { MAX_REPORTED, runRestore, type RestoreCounters } from './restore';
import { numberedLines, parseHeader, undoEntries, type UndoHeader } from './undo-file';
import { parseWarmLine, type WarmItem } from './warm-line';

const BATCH = 200;
const SAMPLE = 20;

type Lines = AsyncGenerator<{ line: number; text: string }>;

/** The source's lines and its format: an undo/backup file (header line) or NDJSON warm lines. */
export async function openWarmSource(source: WarmSource): Promise<{ format: 'ndjson' | 'undo'; header: UndoHeader | null; lines: Lines }> {
  let input: NodeJS.ReadableStream;
  if ('path' in source) {
    const stream = createReadStream(source.path, { encoding: 'utf8' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (e: NodeJS.ErrnoException) => reject(new CoreError(e.code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_REQUEST', `Cannot read ${source.path}: ${e.message}`)));
    });
    input = stream;
  } else input = Readable.from([source.content]);
  const lines = numberedLines(input);
  const first = await lines.next();
  if (first.done) return { format: 'ndjson', header: null, lines: lines };
  const header = parseHeader(first.value.text);
  if (header) return { format: 'undo', header, lines };
  return { format: 'ndjson', header: null, lines: prepend(first.value, lines) };
}

async function* prepend(first: { line: number; text: string }, rest: Lines): Lines {
  yield first;
  yield* rest;
}

export interface WarmPreviewCounts {
  format: 'ndjson' | 'undo';
  lines: number;
  valid: number;
  invalid: number;
  errors: ItemError[];
  byType: Record<string, number>;
  sample: WireBytes[];
}

/** Read the whole source once, streaming: what would be written and which lines are bad. */
export async function previewWarmSource(source: WarmSource): Promise<WarmPreviewCounts> {
  const { format, lines } = await openWarmSource(source);
  const out: WarmPreviewCounts = { format, lines: format === 'undo' ? 1 : 0, valid: 0, invalid: 0, errors: [], byType: {}, sample: [] };
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
    for await (const item of undoEntries(countLines(lines, out))) {
      if ('error' in item) bad(item.line, item.error);
      else good(item.entry.key, 'dump');
    }
    return out;
  }
  for await (const { line, text } of countLines(lines, out)) {
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

export interface WarmOptions {
  signal?: AbortSignal;
  onProgress?: (c: WarmCounters) => void;
}

/**
 * Write every good line, in pipelined batches; every bad line (parse or server error) is
 * reported with its number and reason. NDJSON lines replace the key (a collection is
 * rewritten inside MULTI so no reader sees it half-built); undo/backup entries are RESTOREd
 * with REPLACE and their remaining TTL.
 */
export async function runWarmFile(client: Redis, source: WarmSource, options: WarmOptions = {}): Promise<{ counters: WarmCounters; cancelled: boolean; format: 'ndjson' | 'undo' }> {
  const { format, lines } = await openWarmSource(source);
  if (format === 'undo') {
    const r = await runRestore(client, undoEntries(lines), { replace: true, ...options, onProgress: (c) => options.onProgress?.(fromRestore(c)) });
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
    const pipe = client.pipeline();
    const ranges: [number, number][] = [];
    let n = 0;
    for (const { item } of batch) n = queue(pipe, item, n, ranges);
    const replies = (await pipe.exec()) ?? [];
    batch.forEach(({ line, item }, i) => {
      const reason = replyError(replies, ranges[i]!);
      if (reason) fail({ line, key: toWire(item.key), reason });
      else counters.written++;
    });
    batch = [];
    options.onProgress?.(counters);
  };
  for await (const { line, text } of lines) {
    if (options.signal?.aborted) return { counters, cancelled: true, format };
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

type Pipe = ReturnType<Redis['pipeline']>;

/** Queue one item's commands; records the range of replies that tell its outcome. */
function queue(pipe: Pipe, item: WarmItem, n: number, ranges: [number, number][]): number {
  if (item.type === 'string') {
    if (item.pttl !== null) pipe.set(item.key, item.value, 'PX', item.pttl);
    else pipe.set(item.key, item.value);
    ranges.push([n, n + 1]);
    return n + 1;
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
  count++;
  ranges.push([n, n + count]);
  return n + count;
}

/** The first error among an item's replies (a queued command's, EXECABORT, or one inside EXEC's array). */
function replyError(replies: [Error | null, unknown][], [from, to]: [number, number]): string | null {
  for (let i = from; i < to; i++) {
    const reply = replies[i];
    if (!reply) return 'no reply from the server';
    const [err, value] = reply;
    if (err) return err.message;
    if (Array.isArray(value)) {
      const inner = value.find((v): v is Error => v instanceof Error);
      if (inner) return inner.message;
    }
  }
  return null;
}
