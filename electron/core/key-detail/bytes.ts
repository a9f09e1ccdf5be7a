import { ITEM_PREVIEW_BYTES, type ItemBytes } from '../../../shared/contract';
import { toWire } from '../keys/wire-bytes';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Buffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Expected length of a UTF-8 sequence from its lead byte (0 = not a lead byte). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * A prefix of text that was cut mid-character would turn the whole page into base64. When the
 * bytes are UTF-8 except for an incomplete character at the very end, return the length up to
 * that character; otherwise (binary, or already whole) the full length.
 */
export function utf8CutLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const i = bytes.length - back;
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = sequenceLength(b);
    if (need > back && i > 0 && isUtf8(bytes.subarray(0, i))) return i;
    break;
  }
  return bytes.length;
}

/** One element for the renderer: at most `limit` bytes (ending on a character boundary) and its size. */
export function preview(bytes: Buffer, limit = ITEM_PREVIEW_BYTES): ItemBytes {
  if (bytes.length <= limit) return { bytes: toWire(bytes), size: bytes.length, truncated: false };
  const head = bytes.subarray(0, limit);
  return { bytes: toWire(head.subarray(0, utf8CutLength(head))), size: bytes.length, truncated: true };
}
