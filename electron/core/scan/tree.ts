import { isIdSegmentIn, tagSegmentEnd } from '../keys/id-segment';
import { indexOfBytes, startsWithBytes } from './byte-hash';
import { matchPath, type FolderPath } from './folder-path';
import { GroupStats } from './group-stats';
import type { KeyIndex } from './key-index';
import { REMOVED } from './key-types';
import { passes, type KeyFilter } from './key-filter';
import { RangeGroups } from './range-groups';

/** The children of one folder: sub-folders (grouped by the next delimiter) and the keys directly in it. */
export interface Children {
  /**
   * Literal sub-folders. Under a literal folder, folder f's absolute prefix is
   * `arena[start[f], start[f] + length[f])` (delimiter included); under a collapsed folder the
   * range is just the segment and its delimiter (the prefix is the parent's glob plus it) —
   * or, for a leaf group, the last segment alone (no delimiter: `profile` of `user:*:`).
   */
  folders: RangeGroups;
  /** The collapsed id folder (`user:*:`), when some child segments are id-like: keys under it and distinct ids. */
  ids: { count: number; distinct: number } | null;
  /** The collapsed hash-tag folder (`user:{*}:`), when some child segments are entity tags (`{u42}`). */
  tags: { count: number; distinct: number } | null;
  /** Slots of the keys directly in the folder. */
  keys: Uint32Array;
  /** Group 0 sums every key under the prefix; group 1 the id folder, 2 the tag folder; literal folder f is group f + 3. */
  stats: GroupStats;
}

export const SUMMARY = 0;
export const ID_FOLDER = 1;
export const TAG_FOLDER = 2;
export const folderStat = (f: number) => f + 3;

export interface TreeShape {
  path: FolderPath;
  delimiter: Uint8Array;
  /** At the root only: an app prefix whose children are shown in its place. */
  fold: Uint8Array | null;
  /**
   * Gather id-like child segments (`42`, UUIDs, tokens — see `isIdSegment`) into one `*` folder,
   * and entity hash tags (`{u42}`, `{user:42}` — see `tagSegmentEnd`) into one `{*}` folder.
   */
  collapseIds: boolean;
}

/**
 * One pass over the index: every live key under the folder (after filters) counts into the
 * summary and into the folder named by its next segment, or is a direct key. At the root, a
 * `fold` prefix (e.g. `skillup:`) is skipped: its children appear as if it were not there
 * (their prefixes stay absolute, so opening one needs no special case). With `collapseIds`,
 * every id-like next segment counts into one id folder instead of a folder per id; at a
 * folded root only the folded keys' ids collapse (one glob cannot name both). Under a
 * collapsed folder a key's last segment is the same across ids (`user:*:` holds `profile` and
 * `settings` for every user): keys named alike gather into a leaf group (`user:*:profile`), so
 * siblings with their own TTLs and sizes stay apart; an id-like last segment stays a key.
 */
export function childrenOf(index: KeyIndex, shape: TreeShape, filter: KeyFilter, now: number): Children {
  const { arena, offsets, types } = index;
  const { path, delimiter, collapseIds } = shape;
  const fold = path.bytes.length === 0 ? shape.fold : null;
  const literal = path.parts === null;
  const stats = new GroupStats(index, now);
  stats.addGroup(); // SUMMARY
  stats.addGroup(); // ID_FOLDER
  stats.addGroup(); // TAG_FOLDER
  const folders = new RangeGroups(arena);
  let ids: RangeGroups | null = null;
  let tags: RangeGroups | null = null;
  let keys = new Uint32Array(64);
  let nKeys = 0;
  for (let i = 0; i < index.count; i++) {
    if (types[i] === REMOVED) continue;
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const m = matchPath(arena, start, end, path, delimiter);
    if (m.end < 0) continue;
    if (!passes(index, filter, i)) continue;
    stats.add(SUMMARY, i);
    const folded = fold !== null && startsWithBytes(arena, start, end, fold);
    const from = folded ? start + fold.length : m.end;
    const collapse = collapseIds && (fold === null || folded);
    const tagEnd = collapse ? tagSegmentEnd(arena, from, end, delimiter) : -1;
    if (tagEnd >= 0) {
      (tags ??= new RangeGroups(arena)).groupOf(from, tagEnd);
      stats.add(TAG_FOLDER, i);
      continue;
    }
    const d = indexOfBytes(arena, from, end, delimiter);
    if (d < 0 && !literal && collapseIds && !path.exact && from < end && !isIdSegmentIn(arena, start, from, end, delimiter)) {
      const before = folders.size;
      const f = folders.groupOf(from, end);
      if (f === before) stats.addGroup();
      stats.add(folderStat(f), i);
      continue;
    }
    if (d < 0) {
      if (nKeys === keys.length) {
        const b = new Uint32Array(keys.length * 2);
        b.set(keys);
        keys = b;
      }
      keys[nKeys++] = i;
      continue;
    }
    if (collapse && isIdSegmentIn(arena, start, from, d, delimiter)) {
      (ids ??= new RangeGroups(arena)).groupOf(from, d);
      stats.add(ID_FOLDER, i);
      continue;
    }
    const before = folders.size;
    const f = folders.groupOf(literal ? start : from, d + delimiter.length);
    if (f === before) stats.addGroup();
    stats.add(folderStat(f), i);
  }
  return {
    folders,
    ids: ids ? { count: stats.keys[ID_FOLDER]!, distinct: ids.size } : null,
    tags: tags ? { count: stats.keys[TAG_FOLDER]!, distinct: tags.size } : null,
    keys: keys.subarray(0, nKeys),
    stats,
  };
}
