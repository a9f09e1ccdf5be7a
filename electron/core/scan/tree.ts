import { indexOfBytes, startsWithBytes } from './byte-hash';
import { GroupStats } from './group-stats';
import type { KeyIndex } from './key-index';
import { REMOVED } from './key-types';
import { passes, type KeyFilter } from './key-filter';
import { RangeGroups } from './range-groups';

/** The children of one folder: sub-folders (grouped by the next delimiter) and the keys directly in it. */
export interface Children {
  /** Folder f's absolute prefix is `arena[start[f], start[f] + length[f])` (delimiter included). */
  folders: RangeGroups;
  /** Slots of the keys directly in the folder. */
  keys: Uint32Array;
  /** Group 0 sums every key under the prefix; folder f is group f + 1. */
  stats: GroupStats;
}

/**
 * One pass over the index: every live key under `prefix` (after filters) counts into the
 * summary and into the folder named by its next segment, or is a direct key. At the root, a
 * `fold` prefix (e.g. `skillup:`) is skipped: its children appear as if it were not there
 * (their prefixes stay absolute, so opening one needs no special case).
 */
export function childrenOf(index: KeyIndex, prefix: Uint8Array, delimiter: Uint8Array, filter: KeyFilter, now: number, fold: Uint8Array | null = null): Children {
  const { arena, offsets, types } = index;
  const stats = new GroupStats(index, now);
  const summary = stats.addGroup();
  const folders = new RangeGroups(arena);
  let keys = new Uint32Array(64);
  let nKeys = 0;
  const pl = prefix.length;
  for (let i = 0; i < index.count; i++) {
    if (types[i] === REMOVED) continue;
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (pl > 0 && !startsWithBytes(arena, start, end, prefix)) continue;
    if (!passes(index, filter, i)) continue;
    stats.add(summary, i);
    const from = fold !== null && pl === 0 && startsWithBytes(arena, start, end, fold) ? start + fold.length : start + pl;
    const d = indexOfBytes(arena, from, end, delimiter);
    if (d < 0) {
      if (nKeys === keys.length) {
        const b = new Uint32Array(keys.length * 2);
        b.set(keys);
        keys = b;
      }
      keys[nKeys++] = i;
      continue;
    }
    const before = folders.size;
    const f = folders.groupOf(start, d + delimiter.length);
    if (f === before) stats.addGroup();
    stats.add(f + 1, i);
  }
  return { folders, keys: keys.subarray(0, nKeys), stats };
}
