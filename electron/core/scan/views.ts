import type { FolderRow, FolderStats, KeyRow, KeySort } from '../../../shared/contract/keyspace';
import { startsWithBytes } from './byte-hash';
import type { KeyIndex } from './key-index';
import { REMOVED } from './key-types';
import { passes, type KeyFilter } from './key-filter';
import { folderRow, keyRow } from './rows';
import { sortByMemory, sortByName, sortByTtl } from './sort';
import { childrenOf, type Children } from './tree';

export interface TreeQuery {
  prefix: Buffer;
  delimiter: Buffer;
  /** At the root only: an app prefix whose children are shown in its place. */
  fold: Buffer | null;
  filter: KeyFilter;
  sort: KeySort;
  offset: number;
  limit: number;
}

export interface TreeResult {
  rows: (FolderRow | KeyRow)[];
  total: number;
  folders: number;
  keys: number;
  summary: FolderStats;
}

export interface ListQuery {
  filter: KeyFilter;
  sort: KeySort;
  offset: number;
  limit: number;
}

interface Timed {
  version: number;
  /** performance.now() when computed, and how long that took. */
  at: number;
  costMs: number;
}

interface TreeEntry extends Timed {
  children: Children;
  orders: Map<string, { folders: Uint32Array; keys: Uint32Array }>;
}

interface ListEntry extends Timed {
  order: Uint32Array;
}

const MAX_CACHED = 16;

/**
 * Whether a cached result may serve although the index changed: only while a scan is still
 * adding keys (the reply says the coverage is partial anyway), and only for a while that
 * grows with what recomputing costs — at a million keys a re-sort on every progress tick
 * would keep main busy for most of the scan.
 */
function fresh(entry: Timed | undefined, version: number, allowStale: boolean): boolean {
  if (!entry) return false;
  if (entry.version === version) return true;
  return allowStale && performance.now() - entry.at < Math.max(250, 5 * entry.costMs);
}

/**
 * The browser's queries over one index, cached per (query, index version): scrolling a
 * virtualised list re-asks for pages of the same ordering, which then costs only the rows.
 */
export class IndexViews {
  private readonly trees = new Map<string, TreeEntry>();
  private readonly lists = new Map<string, ListEntry>();

  constructor(readonly index: KeyIndex) {}

  /** `allowStale`: a scan is running, so a recent result may stand in for a recomputation. */
  tree(q: TreeQuery, now: number, allowStale = false): TreeResult {
    const fold = q.prefix.length === 0 && q.fold && q.fold.length > 0 ? q.fold : null;
    const key = `${q.prefix.toString('base64')}|${q.delimiter.toString('base64')}|${fold?.toString('base64') ?? ''}|${q.filter.id}`;
    let entry = this.trees.get(key);
    if (!fresh(entry, this.index.version, allowStale)) {
      const t0 = performance.now();
      const children = childrenOf(this.index, q.prefix, q.delimiter, q.filter, now, fold);
      entry = { version: this.index.version, at: t0, costMs: performance.now() - t0, children, orders: new Map() };
      remember(this.trees, key, entry);
    }
    entry = entry!;
    const c = entry.children;
    // Where a row's shown name starts: after the folder's prefix, or after the fold.
    const arena = this.index.arena;
    const nameFrom = (start: number, end: number) => (fold && startsWithBytes(arena, start, end, fold) ? fold.length : q.prefix.length);
    const sortKey = `${q.sort.by}|${q.sort.dir}`;
    let order = entry.orders.get(sortKey);
    if (!order) {
      order = { folders: this.orderFolders(c, nameFrom, q.sort), keys: this.orderKeys(c.keys, q.sort, now) };
      entry.orders.set(sortKey, order);
    }
    const rows: (FolderRow | KeyRow)[] = [];
    const total = c.folders.size + c.keys.length;
    const end = Math.min(total, q.offset + q.limit);
    for (let r = q.offset; r < end; r++) {
      if (r < c.folders.size) {
        const f = order.folders[r]!;
        const prefix = c.folders.bytes(f);
        rows.push(folderRow(prefix, nameFrom(c.folders.start[f]!, c.folders.start[f]! + c.folders.length[f]!), q.delimiter.length, c.stats.stats(f + 1)));
      } else {
        const slot = order.keys[r - c.folders.size]!;
        if (this.index.isLive(slot)) rows.push(keyRow(this.index, slot, nameFrom(this.index.start(slot), this.index.end(slot)), now));
      }
    }
    return { rows, total, folders: c.folders.size, keys: c.keys.length, summary: c.stats.stats(0) };
  }

  list(q: ListQuery, now: number, allowStale = false): { rows: KeyRow[]; total: number } {
    const key = `${q.filter.id}|${q.sort.by}|${q.sort.dir}`;
    let entry = this.lists.get(key);
    if (!fresh(entry, this.index.version, allowStale)) {
      const t0 = performance.now();
      const order = this.orderKeys(this.matching(q.filter), q.sort, now);
      entry = { version: this.index.version, at: t0, costMs: performance.now() - t0, order };
      remember(this.lists, key, entry);
    }
    entry = entry!;
    const rows: KeyRow[] = [];
    const end = Math.min(entry.order.length, q.offset + q.limit);
    for (let r = q.offset; r < end; r++) {
      const slot = entry.order[r]!;
      if (this.index.isLive(slot)) rows.push(keyRow(this.index, slot, 0, now));
    }
    return { rows, total: entry.order.length };
  }

  private matching(filter: KeyFilter): Uint32Array {
    const ix = this.index;
    const out = new Uint32Array(ix.live);
    let n = 0;
    for (let i = 0; i < ix.count; i++) if (ix.types[i] !== REMOVED && passes(ix, filter, i)) out[n++] = i;
    return out.subarray(0, n);
  }

  private orderKeys(slots: Uint32Array, sort: KeySort, now: number): Uint32Array {
    const out = Uint32Array.from(slots);
    if (sort.by === 'memory') sortByMemory(this.index, out);
    else if (sort.by === 'ttl') sortByTtl(this.index, out, now);
    else sortByName(this.index, out);
    if (sort.dir === 'desc') out.reverse();
    return out;
  }

  private orderFolders(c: Children, nameFrom: (start: number, end: number) => number, sort: KeySort): Uint32Array {
    const n = c.folders.size;
    const ids = new Uint32Array(n);
    for (let f = 0; f < n; f++) ids[f] = f;
    const arena = this.index.arena;
    const { start, length } = c.folders;
    const from = Uint32Array.from({ length: n }, (_, f) => start[f]! + nameFrom(start[f]!, start[f]! + length[f]!));
    // buf.compare(target, tStart, tEnd, sStart, sEnd) compares the source range (a) to the target's (b).
    // Equal shown names (a folded `user:` beside a plain one) fall back to the whole prefix.
    const byName = (a: number, b: number) =>
      arena.compare(arena, from[b]!, start[b]! + length[b]!, from[a]!, start[a]! + length[a]!) ||
      arena.compare(arena, start[b]!, start[b]! + length[b]!, start[a]!, start[a]! + length[a]!);
    const s = c.stats;
    const metric =
      sort.by === 'memory'
        ? (f: number) => s.bytes[f + 1]!
        : sort.by === 'keys'
          ? (f: number) => s.keys[f + 1]!
          : sort.by === 'ttl'
            ? (f: number) => -(s.noTtl[f + 1]! / s.keys[f + 1]!) // most keys with TTL first; desc puts the worst first
            : null;
    const sign = sort.dir === 'desc' ? -1 : 1;
    ids.sort((a, b) => {
      const d = metric ? metric(a) - metric(b) : 0;
      return sign * (d !== 0 ? d : byName(a, b));
    });
    return ids;
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_CACHED) map.delete(map.keys().next().value!);
}
