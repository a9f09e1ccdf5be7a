import { createReadStream, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import { numberedLines } from '../numbered-lines';

/**
 * Undo (and backup) files: NDJSON, written streaming one batch at a time and read back the
 * same way, so neither side holds more than a batch. Line 1 is a header; every other line
 * is one deleted key: `{"k": key base64, "t": PTTL ms at capture (-1 = none), "d": DUMP
 * base64, "at": capture time ms}`. A `<file>.meta.json` sidecar records the totals at the end.
 */

export const UNDO_MAGIC = 'cachescope-undo';

export interface UndoHeader {
  format: typeof UNDO_MAGIC;
  version: 1;
  createdAt: number;
  connectionId: string;
  connectionName: string;
  server: string;
  db: number;
  description: string;
  /** Every node's address when the keys came from several (a cluster): a restore through any of them is a restore there. */
  nodes?: string[];
}

export interface UndoEntry {
  key: Buffer;
  pttl: number;
  dump: Buffer;
  at: number;
}

export interface UndoMeta {
  entries: number;
  bytes: number;
  complete: boolean;
  finishedAt: number;
}

export function encodeEntry(e: UndoEntry): string {
  return `${JSON.stringify({ k: e.key.toString('base64'), t: e.pttl, d: e.dump.toString('base64'), at: e.at })}\n`;
}

/** Bytes an entry takes in the file (base64 is 4/3 of the bytes, plus the JSON around it). */
export function entrySize(keyBytes: number, dumpBytes: number): number {
  return Math.ceil(keyBytes / 3) * 4 + Math.ceil(dumpBytes / 3) * 4 + 48;
}

export class UndoLimitError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the undo file reached its limit of ${limitBytes} bytes`);
    this.name = 'UndoLimitError';
  }
}

/** Appends batches to a new undo file (never overwrites one), refusing a batch that would pass the limit. */
export class UndoWriter {
  private bytesWritten = 0;
  private count = 0;
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly limitBytes: number,
  ) {}

  static async create(file: string, header: UndoHeader, limitBytes = Infinity): Promise<UndoWriter> {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const handle = await fs.open(file, 'wx', 0o600);
    const writer = new UndoWriter(file, handle, limitBytes);
    await writer.write(`${JSON.stringify(header)}\n`);
    return writer;
  }

  get bytes(): number {
    return this.bytesWritten;
  }

  get entries(): number {
    return this.count;
  }

  /** Write a batch, or throw UndoLimitError before writing any of it when it would not fit. */
  append(entries: UndoEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const text = entries.map(encodeEntry).join('');
    // One batch after another, whoever appends: the limit check must see every earlier batch written.
    const appended = this.queue.then(async () => {
      if (this.bytesWritten + Buffer.byteLength(text) > this.limitBytes) throw new UndoLimitError(this.limitBytes);
      await this.write(text);
      this.count += entries.length;
    });
    this.queue = appended.catch(() => undefined);
    return appended;
  }

  async close(complete: boolean): Promise<UndoMeta> {
    await this.handle.sync();
    await this.handle.close();
    const meta: UndoMeta = { entries: this.count, bytes: this.bytesWritten, complete, finishedAt: Date.now() };
    await writeFileAtomic(metaFile(this.file), JSON.stringify(meta));
    return meta;
  }

  private async write(text: string): Promise<void> {
    const { bytesWritten } = await this.handle.write(text);
    this.bytesWritten += bytesWritten;
  }
}

export function metaFile(file: string): string {
  return `${file}.meta.json`;
}

export type UndoLine = { line: number; entry: UndoEntry } | { line: number; error: string };

/** Longer than any TTL a cache sets: a larger one in a file means the file was edited. */
export const MAX_TTL_MS = 10 * 365 * 24 * 3600 * 1000;

// Buffer.from(s, 'base64') skips what is not base64 and stops at the first '=': a tampered
// key would be restored as other bytes. Only canonical, padded base64 is accepted.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function parseEntry(text: string): UndoEntry | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const o = raw as { k?: unknown; t?: unknown; d?: unknown; at?: unknown };
  if (typeof o.k !== 'string' || typeof o.d !== 'string' || typeof o.t !== 'number' || typeof o.at !== 'number') return 'missing k, t, d or at';
  if (!BASE64.test(o.k)) return 'the key (k) is not valid base64';
  if (!BASE64.test(o.d) || o.d === '') return 'the value (d) is not valid base64';
  if (!Number.isInteger(o.t) || o.t < -1) return `the TTL (t) must be -1 (none) or a positive number of milliseconds, got ${o.t}`;
  if (o.t > MAX_TTL_MS) return `the TTL (t) of ${o.t} ms is over 10 years: not a TTL this file was written with`;
  if (!Number.isFinite(o.at) || o.at <= 0) return `the capture time (at) is not a time: ${o.at}`;
  return { key: Buffer.from(o.k, 'base64'), pttl: o.t, dump: Buffer.from(o.d, 'base64'), at: o.at };
}

export function parseHeader(text: string): UndoHeader | null {
  try {
    const h = JSON.parse(text) as Partial<UndoHeader>;
    return h && h.format === UNDO_MAGIC && h.version === 1 ? (h as UndoHeader) : null;
  } catch {
    return null;
  }
}

/** The entries of an undo file's lines (after its header), each with its line number. */
export async function* undoEntries(lines: AsyncIterable<{ line: number; text: string }>): AsyncGenerator<UndoLine> {
  for await (const { line, text } of lines) {
    if (text.trim() === '') continue;
    const parsed = parseEntry(text);
    yield typeof parsed === 'string' ? { line, error: parsed } : { line, entry: parsed };
  }
}

/** The header of an undo file, or null when the file is not one. Reads only its first line. */
export async function readUndoHeader(file: string): Promise<UndoHeader | null> {
  const stream = createReadStream(file, { encoding: 'utf8', end: 64 * 1024 });
  try {
    for await (const { text } of numberedLines(stream)) return parseHeader(text);
    return null;
  } finally {
    stream.destroy();
  }
}

/** Open an undo file for reading: its header and its entries, streaming. */
export async function openUndoFile(file: string): Promise<{ header: UndoHeader; entries: AsyncGenerator<UndoLine> }> {
  const header = await readUndoHeader(file);
  if (!header) throw new Error(`${file} is not a Cachescope undo file`);
  const lines = numberedLines(createReadStream(file, { encoding: 'utf8' }));
  const first = await lines.next(); // the header
  if (first.done) throw new Error(`${file} is empty`);
  return { header, entries: undoEntries(lines) };
}
