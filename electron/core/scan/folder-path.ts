import { isGlobByte, isIdSegmentIn, tagSegmentEnd } from '../keys/id-segment';
import { escapeGlob } from '../keys/wire-bytes';
import { indexOfBytes, startsWithBytes } from './byte-hash';

/**
 * Where a tree folder is. A literal folder is its absolute prefix (`user:42:`). A collapsed
 * folder (`user:*:`) is a glob in the analysis report's form — id-like segments as an
 * unescaped `*`, every other glob byte escaped with `\` — parsed into literal runs and id
 * wildcards. A wildcard matches exactly one id-like segment (`isIdSegment`), the same rule
 * that made the folder, so a folder holds exactly the keys it was counted from. A `{*}` is a
 * hash-tag wildcard: it matches one entity tag segment (`{u42}`, `{user:42}`: `tagSegmentEnd`).
 * A glob that ends in a name rather than the delimiter (`user:*:profile`, a leaf group of an id
 * folder) is exact: it holds the keys it names, not `user:42:profile_old` or `user:42:profile:x`.
 */
export interface FolderPath {
  /** The bytes the renderer passes back: literal prefix, or the glob when `parts` is set. */
  bytes: Buffer;
  /** Literal runs, id wildcards (null) and tag wildcards (`TAG`) in order; null for a literal folder. */
  parts: (Buffer | null | typeof TAG)[] | null;
  /** A leaf group's glob: a key must end where the glob does. */
  exact?: true;
}

/** The `{*}` of a collapsed hash-tag segment. */
export const TAG = 'tag';

export function literalPath(bytes: Buffer): FolderPath {
  return { bytes, parts: null };
}

/** Parse a collapsed folder's glob. Throws on a glob Cachescope does not produce (`?`, `[…]`, a wildcard not alone in its segment). */
export function patternPath(glob: Buffer, delimiter: Buffer): FolderPath {
  const parts: (Buffer | null | typeof TAG)[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length > 0) parts.push(Buffer.from(run));
    run = [];
  };
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === 0x5c) {
      if (i + 1 >= glob.length) throw new Error('A folder pattern cannot end with a lone backslash.');
      run.push(glob[++i]!);
    } else if (c === 0x2a && run.at(-1) === 0x7b && glob[i + 1] === 0x7d) {
      run.pop();
      flush();
      parts.push(TAG);
      i++;
    } else if (c === 0x2a) {
      flush();
      parts.push(null);
    } else if (isGlobByte(c)) throw new Error(`A folder pattern may only use * for an id segment (found ${String.fromCharCode(c)}).`);
    else run.push(c);
  }
  flush();
  // Each wildcard ends where its segment does: at a delimiter. (It may start right after a fold
  // that does not end with the delimiter, `app_*:`, so the start is not checked.)
  for (let p = 0; p < parts.length; p++) {
    if (parts[p] !== null && parts[p] !== TAG) continue;
    const after = parts[p + 1];
    if (!Buffer.isBuffer(after) || !after.subarray(0, delimiter.length).equals(delimiter)) throw new Error('A folder pattern’s * must be followed by the delimiter.');
  }
  if (parts.every((p) => Buffer.isBuffer(p))) return literalPath(Buffer.concat(parts as Buffer[]));
  const last = parts.at(-1) as Buffer;
  const exact = !last.subarray(last.length - delimiter.length).equals(delimiter);
  return { bytes: glob, parts, ...(exact ? { exact: true as const } : {}) };
}

/** Result of matching a key against a path: -1, or where the rest of the key starts. */
export interface PathMatch {
  end: number;
  /** Where the first wildcard matched (the start of the name shown under a collapsed folder). */
  firstWild: number;
}

const NO_MATCH: PathMatch = { end: -1, firstWild: -1 };

/** Whether `arena[start, end)` lies under `path`. Allocation-free for literal paths. */
export function matchPath(arena: Uint8Array, start: number, end: number, path: FolderPath, delimiter: Uint8Array): PathMatch {
  if (path.parts === null) return startsWithBytes(arena, start, end, path.bytes) ? { end: start + path.bytes.length, firstWild: -1 } : NO_MATCH;
  let at = start;
  let firstWild = -1;
  for (const part of path.parts) {
    if (part === TAG) {
      const d = tagSegmentEnd(arena, at, end, delimiter);
      if (d < 0) return NO_MATCH;
      if (firstWild < 0) firstWild = at;
      at = d;
    } else if (part === null) {
      const d = indexOfBytes(arena, at, end, delimiter);
      if (d < 0 || !isIdSegmentIn(arena, start, at, d, delimiter)) return NO_MATCH;
      if (firstWild < 0) firstWild = at;
      at = d;
    } else {
      if (!startsWithBytes(arena, at, end, part)) return NO_MATCH;
      at += part.length;
    }
  }
  if (path.exact && at !== end) return NO_MATCH;
  return { end: at, firstWild };
}

/** The glob of a child folder: the parent (escaped if literal), then `segment` escaped, `*` for the id folder or `{*}` for the tag folder, then the delimiter. */
export function childGlob(parent: FolderPath, segment: Buffer | null | typeof TAG, delimiter: Buffer): Buffer {
  const own = segment === null ? STAR : segment === TAG ? TAG_STAR : escapeGlob(segment);
  return Buffer.concat([parent.parts === null ? escapeGlob(parent.bytes) : parent.bytes, own, escapeGlob(delimiter)]);
}

/** The glob of a leaf group under a collapsed folder: every key named `leaf` there (`user:*:` + `profile`), with no delimiter after. */
export function leafGlob(parent: FolderPath, leaf: Buffer): Buffer {
  return Buffer.concat([parent.parts === null ? escapeGlob(parent.bytes) : parent.bytes, escapeGlob(leaf)]);
}

const STAR = Buffer.from('*');
const TAG_STAR = Buffer.from('{*}');
