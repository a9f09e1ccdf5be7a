import type { WireBytes } from '../../../shared/contract';
import { CoreError } from '../errors';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes → `{ utf8 }` when they are valid UTF-8 (and round-trip exactly), else `{ base64 }`. */
export function toWire(bytes: Buffer): WireBytes {
  try {
    const text = strictUtf8.decode(bytes);
    // A BOM or other sequences that do not re-encode identically must stay base64.
    if (Buffer.from(text, 'utf8').equals(bytes)) return { utf8: text };
  } catch {
    // not UTF-8
  }
  return { base64: bytes.toString('base64') };
}

/** The exact bytes a wire value names. */
export function fromWire(wire: WireBytes): Buffer {
  if ('utf8' in wire) return Buffer.from(wire.utf8, 'utf8');
  const bytes = Buffer.from(wire.base64, 'base64');
  if (bytes.toString('base64') !== wire.base64) throw new CoreError('BAD_REQUEST', 'Invalid base64 in key');
  return bytes;
}

const GLOB_SPECIAL = new Set([0x2a /* * */, 0x3f /* ? */, 0x5b /* [ */, 0x5d /* ] */, 0x5c /* \ */]);

/** Escape glob characters so a literal prefix/key can be used in SCAN MATCH (`report:[2024]:` stays literal). */
export function escapeGlob(bytes: Buffer): Buffer {
  const out: number[] = [];
  for (const b of bytes) {
    if (GLOB_SPECIAL.has(b)) out.push(0x5c);
    out.push(b);
  }
  return Buffer.from(out);
}

/** A MATCH pattern for "every key starting with these exact bytes". */
export function prefixPattern(prefix: Buffer): Buffer {
  return Buffer.concat([escapeGlob(prefix), Buffer.from('*')]);
}

/** Human display of bytes: UTF-8 where valid, `\xNN` escapes for the rest (never lossy-looking). */
export function displayBytes(bytes: Buffer): string {
  const wire = toWire(bytes);
  if ('utf8' in wire) return wire.utf8;
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}
