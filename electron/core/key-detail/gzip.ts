import zlib from 'node:zlib';
import { GZIP_INFLATE_MAX, type GzipView } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';
import { toWire } from '../keys/wire-bytes';
import { utf8CutLength } from './bytes';

export function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export interface Inflated {
  bytes: Buffer;
  /** The output reached `cap` and inflation stopped there. */
  capped: boolean;
  /** The gzip stream ended normally (only meaningful when the whole input was given). */
  ended: boolean;
  error?: string;
}

/**
 * Inflate gzip bytes, stopping at `cap` bytes of output (a small prefix can inflate enormously).
 * `whole: false` means `input` is only a prefix: Z_SYNC_FLUSH yields what it holds instead of
 * failing on the missing end.
 */
export function inflatePrefix(input: Buffer, opts: { cap: number; whole: boolean }): Promise<Inflated> {
  return new Promise((resolve) => {
    const gunzip = zlib.createGunzip({ finishFlush: opts.whole ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: Omit<Inflated, 'bytes'>) => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      resolve({ bytes: Buffer.concat(chunks).subarray(0, opts.cap), ...r });
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= opts.cap) finish({ capped: true, ended: false });
    });
    gunzip.on('end', () => finish({ capped: false, ended: true }));
    gunzip.on('error', (e: Error) => finish({ capped: false, ended: false, error: e.message }));
    gunzip.end(input);
  });
}

/** The gzip view of a string's first page: `fetched` is that page's bytes, `total` the STRLEN. */
export async function gzipView(fetched: Buffer, total: number, cap = GZIP_INFLATE_MAX): Promise<GzipView> {
  const whole = fetched.length >= total;
  const r = await inflatePrefix(fetched, { cap, whole });
  if (r.error && r.bytes.length === 0) {
    return {
      inflatedSize: 0,
      complete: false,
      note: `Starts with the gzip signature (1f 8b) but does not inflate (${r.error}): showing the raw bytes.`,
    };
  }
  const complete = whole && r.ended && !r.capped && !r.error;
  const shown = complete ? r.bytes : r.bytes.subarray(0, utf8CutLength(r.bytes));
  let note: string;
  if (complete) note = `Stored gzip-compressed (bytes start 1f 8b): ${formatBytes(total)} inflated to ${formatBytes(shown.length)}.`;
  else if (r.error) note = `Stored gzip-compressed (bytes start 1f 8b), but the data is damaged (${r.error}): showing the first ${formatBytes(shown.length)} that inflated.`;
  else
    note = `Stored gzip-compressed (bytes start 1f 8b): showing the first ${formatBytes(shown.length)} inflated from the first ${formatBytes(fetched.length)} of ${formatBytes(total)} compressed. Download the value for all of it.`;
  return { inflated: toWire(shown), inflatedSize: shown.length, complete, note };
}
