import type { WireBytes } from '../../../../shared/contract/keys';
import { wireToBytes } from '../../../../shared/value-view';
import { bytesToWire } from './key-names';
import type { Crumb } from './keys-store';

const BACKSLASH = 0x5c;
const STAR = 0x2a;
const GLOB_BYTES = new Set([0x2a, 0x3f, 0x5b, 0x5d, 0x5c]);

const startsWith = (b: Uint8Array, at: number, p: Uint8Array) => p.length > 0 && at + p.length <= b.length && p.every((x, i) => b[at + i] === x);

/**
 * The tree path (crumbs below the root) that opens an analysis namespace — so a row of the
 * report can be browsed. A literal namespace (`user:profile:`) gives one literal crumb per
 * segment; a collapsed one (`user:*:`, glob-escaped as the report and the tree both write it)
 * gives literal crumbs up to its first id, then pattern crumbs carrying the glob so far. Crumbs
 * inside the `fold` (the tree's root) are left out. Null when it cannot be walked: a pattern
 * with a delimiter made of glob characters. A pattern ending in a name, not the delimiter
 * (`user:*:profile`), ends with that leaf group's crumb.
 */
export function namespaceCrumbs(prefix: WireBytes, pattern: boolean, delimiter: string, fold: WireBytes | null): Crumb[] | null {
  const bytes = wireToBytes(prefix);
  const delim = new TextEncoder().encode(delimiter);
  if (delim.length === 0 || (pattern && delim.some((b) => GLOB_BYTES.has(b)))) return null;
  const foldBytes = fold ? wireToBytes(fold) : new Uint8Array(0);
  const crumbs: Crumb[] = [];
  const literal: number[] = []; // the namespace's bytes so far, unescaped
  let segment: number[] = [];
  let segmentFrom = 0; // where the segment starts in `literal`
  let wildSegment = false;
  let wildSeen = false;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (pattern && b === BACKSLASH && i + 1 < bytes.length) {
      literal.push(bytes[i + 1]!);
      segment.push(bytes[i + 1]!);
      i += 2;
    } else if (pattern && b === STAR) {
      wildSegment = true;
      segment.push(b);
      i++;
    } else if (startsWith(bytes, i, delim)) {
      i += delim.length;
      literal.push(...delim);
      wildSeen ||= wildSegment;
      const sofar = Uint8Array.from(literal);
      const folded = startsWith(sofar, 0, foldBytes);
      // The fold is the tree's root: a crumb inside it is no crumb; one that straddles it is named from its end, as the tree names it.
      if (!(startsWith(foldBytes, 0, sofar) && sofar.length <= foldBytes.length)) {
        const name = bytesToWire(folded && segmentFrom < foldBytes.length ? sofar.subarray(foldBytes.length, sofar.length - delim.length) : Uint8Array.from(segment));
        crumbs.push(wildSeen ? { prefix: bytesToWire(bytes.subarray(0, i)), name, pattern: true } : { prefix: bytesToWire(sofar), name });
      }
      segment = [];
      segmentFrom = literal.length;
      wildSegment = false;
    } else {
      literal.push(b);
      segment.push(b);
      i++;
    }
  }
  // A leaf group (`user:*:profile`, the analysis at a depth past a key's last delimiter): its
  // exact glob is the last crumb, as the tree's id folder lists it.
  if (pattern && (wildSeen || wildSegment) && segment.length > 0) crumbs.push({ prefix: bytesToWire(bytes), name: bytesToWire(Uint8Array.from(segment)), pattern: true });
  return crumbs;
}
