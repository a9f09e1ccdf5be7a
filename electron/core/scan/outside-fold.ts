import { startsWithBytes } from './byte-hash';
import type { KeyIndex } from './key-index';
import { REMOVED } from './key-types';
import { passes, type KeyFilter } from './key-filter';

const memo = new WeakMap<KeyIndex, { version: number; id: string; count: number }>();

/**
 * How many keys (after the filters) do not carry the folded prefix: a folded tree shows them
 * beside the prefix's children, and says how many they are, so a tree that reads like "the
 * app's keys" does not hide the others (another app's, a stray `cache:stats`, a key written
 * without ioredis's keyPrefix). One pass, remembered per index version, fold and filter.
 */
export function countOutsideFold(index: KeyIndex, fold: Uint8Array, filter: KeyFilter): number {
  const id = `${Buffer.from(fold).toString('base64')}|${filter.id}`;
  const known = memo.get(index);
  if (known && known.version === index.version && known.id === id) return known.count;
  const { arena, offsets, types } = index;
  let count = 0;
  for (let i = 0; i < index.count; i++) {
    if (types[i] === REMOVED || !passes(index, filter, i)) continue;
    if (!startsWithBytes(arena, offsets[i]!, offsets[i + 1]!, fold)) count++;
  }
  memo.set(index, { version: index.version, id, count });
  return count;
}
