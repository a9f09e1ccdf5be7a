import type { FolderRow, FolderStats, KeyRow, KeySort } from '../../../shared/contract/keyspace';
import { startsWithBytes } from './byte-hash';
import { childGlob, leafGlob, literalPath, matchPath, TAG, type FolderPath } from './folder-path';
import type { KeyIndex } from './key-index';
import { REMOVED } from './key-types';
import { passes, type KeyFilter } from './key-filter';
import { folderRow, keyRow } from './rows';
import { sortByMemory, sortByName, sortByTtl } from './sort';
import { childrenOf, folderStat, ID_FOLDER, SUMMARY, TAG_FOLDER, type Children } from './tree';

export interface TreeQuery {
  path: FolderPath;
  delimiter: Buffer;
  /** At the root only: an app prefix whose children are shown in its place. */
  fold: Buffer | null;
  /** Gather id-like child segments into one `*` folder. */
  collapseIds: boolean;
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
const STAR = Buffer.from('*');
const TAG_STAR = Buffer.from('{*}');

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
    const root = q.path.bytes.length === 0;
    const fold = root && q.fold && q.fold.length > 0 ? q.fold : null;
    const key = `${q.path.parts ? 'g' : 'l'}${q.path.bytes.toString('base64')}|${q.delimiter.toString('base64')}|${fold?.toString('base64') ?? ''}|${q.collapseIds ? 1 : 0}|${q.filter.id}`;
    let entry = this.trees.get(key);
    if (!fresh(entry, this.index.version, allowStale)) {
      const t0 = performance.now();
      const children = childrenOf(this.index, { path: q.path, delimiter: q.delimiter, fold, collapseIds: q.collapseIds }, q.filter, now);
      entry = { version: this.index.version, at: t0, costMs: performance.now() - t0, children, orders: new Map() };
      remember(this.trees, key, entry);
    }
    entry = entry!;
    const c = entry.children;
    const arena = this.index.arena;
    const literal = q.path.parts === null;
    // Where a key's shown name starts: after the folder's prefix or the fold; under a collapsed
    // folder, at its first id (the rest of the prefix is the same for every key).
    const nameFrom = (start: number, end: number) => {
      if (!literal) return matchPath(arena, start, end, q.path, q.delimiter).firstWild - start;
      return fold && startsWithBytes(arena, start, end, fold) ? fold.length : q.path.bytes.length;
    };
    const sortKey = `${q.sort.by}|${q.sort.dir}`;
    let order = entry.orders.get(sortKey);
    if (!order) {
      order = { folders: this.orderFolders(c, literal ? nameFrom : () => 0, q.sort), keys: this.orderKeys(c.keys, q.sort, now) };
      entry.orders.set(sortKey, order);
    }
    const nFolders = order.folders.length;
    const rows: (FolderRow | KeyRow)[] = [];
    const total = nFolders + c.keys.length;
    const end = Math.min(total, q.offset + q.limit);
    for (let r = q.offset; r < end; r++) {
      if (r < nFolders) {
        const f = order.folders[r]!;
        if (f === c.folders.size) {
          // The id folder: its glob extends the folder (or, at a folded root, the fold).
          const parent = fold ? literalPath(fold) : q.path;
          rows.push(folderRow(childGlob(parent, null, q.delimiter), STAR, c.stats.stats(ID_FOLDER), { ids: c.ids!.distinct }));
        } else if (f === c.folders.size + 1) {
          const parent = fold ? literalPath(fold) : q.path;
          rows.push(folderRow(childGlob(parent, TAG, q.delimiter), TAG_STAR, c.stats.stats(TAG_FOLDER), { ids: c.tags!.distinct }));
        } else if (literal) {
          const prefix = c.folders.bytes(f);
          rows.push(folderRow(prefix, prefix.subarray(nameFrom(c.folders.start[f]!, c.folders.start[f]! + c.folders.length[f]!), prefix.length - q.delimiter.length), c.stats.stats(folderStat(f))));
        } else if (isLeafGroup(c.folders.bytes(f), q.delimiter)) {
          const leaf = c.folders.bytes(f);
          rows.push(folderRow(leafGlob(q.path, leaf), leaf, c.stats.stats(folderStat(f)), { leaf: true }));
        } else {
          const segment = c.folders.bytes(f).subarray(0, c.folders.length[f]! - q.delimiter.length);
          rows.push(folderRow(childGlob(q.path, segment, q.delimiter), segment, c.stats.stats(folderStat(f)), {}));
        }
      } else {
        const slot = order.keys[r - nFolders]!;
        if (this.index.isLive(slot)) rows.push(keyRow(this.index, slot, nameFrom(this.index.start(slot), this.index.end(slot)), now));
      }
    }
    return { rows, total, folders: nFolders, keys: c.keys.length, summary: c.stats.stats(SUMMARY) };
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

  /** Folder ids in display order; id `folders.size` is the id folder and `folders.size + 1` the tag folder, which sort first by name. */
  private orderFolders(c: Children, nameFrom: (start: number, end: number) => number, sort: KeySort): Uint32Array {
    const n = c.folders.size;
    const idFolder = c.ids ? n : -1;
    const tagFolder = c.tags ? n + 1 : -1;
    const ids = Uint32Array.from([...Array.from({ length: n }, (_, f) => f), ...(c.ids ? [n] : []), ...(c.tags ? [n + 1] : [])]);
    const arena = this.index.arena;
    const { start, length } = c.folders;
    const from = Uint32Array.from({ length: n }, (_, f) => start[f]! + nameFrom(start[f]!, start[f]! + length[f]!));
    // buf.compare(target, tStart, tEnd, sStart, sEnd) compares the source range (a) to the target's (b).
    // Equal shown names (a folded `user:` beside a plain one) fall back to the whole prefix.
    const special = (f: number) => (f === idFolder ? 1 : f === tagFolder ? 2 : 0);
    const byName = (a: number, b: number) =>
      special(a) || special(b)
        ? (special(a) || 3) - (special(b) || 3)
        : arena.compare(arena, from[b]!, start[b]! + length[b]!, from[a]!, start[a]! + length[a]!) ||
            arena.compare(arena, start[b]!, start[b]! + length[b]!, start[a]!, start[a]! + length[a]!);
    const s = c.stats;
    const g = (f: number) => (f === idFolder ? ID_FOLDER : f === tagFolder ? TAG_FOLDER : folderStat(f));
    const metric =
      sort.by === 'memory'
        ? (f: number) => s.bytes[g(f)]!
        : sort.by === 'keys'
          ? (f: number) => s.keys[g(f)]!
          : sort.by === 'ttl'
            ? (f: number) => -(s.noTtl[g(f)]! / s.keys[g(f)]!) // most keys with TTL first; desc puts the worst first
            : null;
    const sign = sort.dir === 'desc' ? -1 : 1;
    ids.sort((a, b) => {
      const d = metric ? metric(a) - metric(b) : 0;
      return sign * (d !== 0 ? d : byName(a, b));
    });
    return ids;
  }
}

/** Under a collapsed folder, a group without a trailing delimiter is a leaf group (tree.ts). */
function isLeafGroup(range: Buffer, delimiter: Buffer): boolean {
  return !range.subarray(range.length - delimiter.length).equals(delimiter);
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_CACHED) map.delete(map.keys().next().value!);
}
