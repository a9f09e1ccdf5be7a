import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Connection } from '../connections/connection';
import { CoreError } from '../errors';
import { keyGone, quoteKey } from './messages';
import { readTransaction, replyAt } from './read-tx';

/** GETRANGE chunk size: main holds one chunk at a time, whatever the value's size. */
export const DOWNLOAD_CHUNK = 1024 * 1024;

async function checkTarget(file: string): Promise<void> {
  if (!path.isAbsolute(file)) throw new CoreError('BAD_REQUEST', `The download path must be absolute: ${file}`);
  const stat = await fs.stat(file).catch(() => null);
  if (stat?.isDirectory()) throw new CoreError('BAD_REQUEST', `${file} is a folder: choose a file name.`);
  const dir = await fs.stat(path.dirname(file)).catch(() => null);
  if (!dir?.isDirectory()) throw new CoreError('BAD_REQUEST', `The folder ${path.dirname(file)} does not exist.`);
}

/**
 * A string's whole value in GETRANGE chunks (each with TYPE and STRLEN in one transaction).
 * The first item always comes (with an empty chunk for an empty value), so a caller learns
 * the total before any byte. A length change midway throws: the bytes would mix two versions.
 */
export async function* valueChunks(connection: Connection, key: Buffer, chunkSize = DOWNLOAD_CHUNK): AsyncGenerator<{ total: number; chunk: Buffer }> {
  let offset = 0;
  let total: number | null = null;
  for (;;) {
    const r = await readTransaction(connection, key, [
      ['STRLEN', key],
      ['GETRANGE', key, offset, offset + chunkSize - 1],
    ]);
    if (r.type === 'none') throw keyGone(key);
    if (r.type !== 'string') throw new CoreError('UNSUPPORTED', `Key ${quoteKey(key)} is a ${r.type}: only string values can be downloaded.`);
    const length = Number(replyAt(connection, r, 0));
    const chunk = replyAt(connection, r, 1) as Buffer;
    if (total === null) total = length;
    else if (length !== total) throw new CoreError('CANCELLED', `Key ${quoteKey(key)} changed while downloading (${total} → ${length} bytes): nothing was saved.`);
    if (offset >= total) {
      if (offset === 0) yield { total, chunk: Buffer.alloc(0) };
      return;
    }
    if (chunk.length === 0) throw new CoreError('INTERNAL', `GETRANGE returned nothing at offset ${offset} of ${total}`);
    yield { total, chunk };
    offset += chunk.length;
    if (offset >= total) return;
  }
}

/** A file name for a key's value: its printable characters, nothing that names a folder. */
export function downloadName(key: Buffer): string {
  const base = key
    .toString('utf8')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .slice(0, 100);
  return `${base || 'value'}.bin`;
}

/**
 * Stream a string's whole value to `file` (chosen in main, never by the renderer). Written to
 * a temp file and renamed, so a failed or aborted download never leaves a partial file under
 * the chosen name.
 */
export async function downloadValue(connection: Connection, key: Buffer, file: string, chunkSize = DOWNLOAD_CHUNK): Promise<{ path: string; bytes: number; chunks: number }> {
  await checkTarget(file);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.part`;
  // Values can hold sessions and tokens: readable by the user only.
  const handle = await fs.open(tmp, 'wx', 0o600);
  let bytes = 0;
  let chunks = 0;
  try {
    for await (const { chunk } of valueChunks(connection, key, chunkSize)) {
      if (chunk.length === 0) continue;
      await handle.write(chunk);
      chunks++;
      bytes += chunk.length;
    }
    await handle.sync();
    await handle.close();
    await fs.rename(tmp, file);
    return { path: file, bytes, chunks };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw error;
  }
}
