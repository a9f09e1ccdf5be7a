import { describe, expect, it } from 'vitest';
import { literalPath, matchPath, patternPath } from '../../electron/core/scan/folder-path';
import { KeyIndex, NO_EXPIRY } from '../../electron/core/scan/key-index';
import { makeFilter } from '../../electron/core/scan/key-filter';
import { IndexViews } from '../../electron/core/scan/views';
import type { FolderRow, KeyRow, KeySort } from '../../shared/contract';

const b = (s: string) => Buffer.from(s, 'utf8');
const NOW = 1_800_000_000_000;
const text = (w: { utf8: string } | { base64: string }) => ('utf8' in w ? w.utf8 : `b64:${w.base64}`);
const colon = b(':');

function indexOf(keys: [string, number][]): KeyIndex {
  const ix = new KeyIndex(4);
  for (const [k, bytes] of keys) ix.add(b(k), 'string', k.includes('session') ? NOW + 60_000 : NO_EXPIRY, bytes);
  return ix;
}

describe('folder paths', () => {
  it('parses the glob of a collapsed folder and matches one id-like segment per *', () => {
    const p = patternPath(b('user:*:orders:*:'), colon);
    expect(p.parts?.map((x) => (x === null ? '*' : x.toString()))).toEqual(['user:', '*', ':orders:', '*', ':']);
    const m = (k: string) => {
      const buf = Buffer.from(`..${k}`);
      const r = matchPath(buf, 2, buf.length, p, colon);
      return r.end < 0 ? null : { rest: buf.subarray(r.end).toString(), name: buf.subarray(r.firstWild).toString() };
    };
    expect(m('user:42:orders:7:total')).toEqual({ rest: 'total', name: '42:orders:7:total' });
    expect(m('user:42:orders:recent:x')).toBeNull(); // `recent` is not an id
    expect(m('user:profile:orders:7:x')).toBeNull();
    expect(m('user:42:orders')).toBeNull();
    expect(m('user:4:2:orders:7:x')).toBeNull(); // a wildcard is exactly one segment
  });

  it('unescapes literal glob bytes, and refuses globs the tree never makes', () => {
    const p = patternPath(b('report:\\[2024\\]:*:'), colon);
    expect(p.parts?.[0]?.toString()).toBe('report:[2024]:');
    expect(patternPath(b('plain:\\*:'), colon)).toEqual(literalPath(b('plain:*:'))); // no wildcard left: literal
    expect(() => patternPath(b('user:?:'), colon)).toThrow(/only use \*/);
    expect(() => patternPath(b('user:*'), colon)).toThrow(/followed by the delimiter/);
    expect(() => patternPath(b('user:**:'), colon)).toThrow(/followed by the delimiter/);
    expect(() => patternPath(b('user:\\'), colon)).toThrow(/backslash/);
  });
});

describe('the tree gathers ids into one * folder', () => {
  const keys: [string, number][] = [];
  for (let i = 1; i <= 50; i++) {
    keys.push([`user:${i}:profile`, 100], [`user:${i}:settings`, 10]);
    if (i <= 3) keys.push([`user:${i}:orders:${1000 + i}:total`, 7], [`user:${i}:orders:recent`, 5]);
  }
  keys.push(['user:count', 1], ['user:admins:list', 3], ['session:550e8400-e29b-41d4-a716-446655440000:data', 40], ['session:0f1e2d3c4b5a69788796a5b4c3d2e1f0:data', 40]);
  keys.push(['app:user:9:x', 2], ['app:user:8:x', 2], ['9:top', 1]);
  const ix = indexOf(keys);
  const views = new IndexViews(ix);
  const all = makeFilter(ix, null, null);
  const name: KeySort = { by: 'name', dir: 'asc' };
  const open = (prefix: string, pattern: boolean, o: { collapseIds?: boolean; fold?: string; sort?: KeySort } = {}) =>
    views.tree(
      { path: pattern ? patternPath(b(prefix), colon) : literalPath(b(prefix)), delimiter: colon, fold: o.fold ? b(o.fold) : null, collapseIds: o.collapseIds ?? true, filter: all, sort: o.sort ?? name, offset: 0, limit: 500 },
      NOW,
    );
  const folders = (rows: (FolderRow | KeyRow)[]) => rows.filter((r): r is FolderRow => r.kind === 'folder');

  it('shows one id folder with the keys, memory and distinct ids of every user:<id>:', () => {
    const user = open('user:', false);
    const [ids, ...rest] = folders(user.rows);
    expect(ids).toMatchObject({ prefix: { utf8: 'user:*:' }, name: { utf8: '*' }, pattern: true, ids: 50, keys: 50 * 2 + 3 * 2, bytes: 50 * 110 + 3 * 12 });
    expect(rest.map((f) => text(f.prefix))).toEqual(['user:admins:']);
    expect(rest[0]!.pattern).toBeUndefined();
    expect(user.folders).toBe(2);
    expect(user.rows.filter((r) => r.kind === 'key').map((r) => text(r.name))).toEqual(['count']);
    expect(user.summary.keys).toBe(106 + 2);
  });

  it('opens the id folder: sub-shapes as folders, siblings across ids as leaf groups with their own figures', () => {
    const inside = open('user:*:', true);
    expect(folders(inside.rows).map((f) => [text(f.prefix), text(f.name), f.keys, f.bytes, f.leaf ?? false])).toEqual([
      ['user:*:orders:', 'orders', 6, 36, false],
      ['user:*:profile', 'profile', 50, 5000, true],
      ['user:*:settings', 'settings', 50, 500, true],
    ]);
    expect(inside.rows.filter((r) => r.kind === 'key')).toEqual([]);
    expect(inside.summary.keys).toBe(106);
    // A leaf group opens on its keys, named from their id; its glob is exact.
    const profile = open('user:*:profile', true);
    const keyNames = profile.rows.filter((r): r is KeyRow => r.kind === 'key').map((r) => text(r.name));
    expect(keyNames).toHaveLength(50);
    expect(keyNames).toContain('42:profile');
    // Deeper: the order ids collapse again; `recent` is a leaf group of its own.
    const orders = open('user:*:orders:', true);
    expect(folders(orders.rows).map((f) => [text(f.prefix), f.ids, f.keys])).toEqual([
      ['user:*:orders:*:', 3, 3],
      ['user:*:orders:recent', undefined, 3],
    ]);
    const totals = open('user:*:orders:*:', true);
    expect(folders(totals.rows).map((f) => text(f.prefix))).toEqual(['user:*:orders:*:total']);
    const total = open('user:*:orders:*:total', true);
    expect(total.rows.map((r) => text(r.kind === 'key' ? r.key : r.prefix)).sort()).toEqual(['user:1:orders:1001:total', 'user:2:orders:1002:total', 'user:3:orders:1003:total']);
  });

  it('a leaf group’s glob is exact: a longer name or a deeper key is not in it', () => {
    const ix2 = indexOf([
      ['user:1:profile', 1],
      ['user:2:profile', 1],
      ['user:3:profile_old', 1],
      ['user:4:profile:draft', 1],
    ]);
    const v = new IndexViews(ix2);
    const q = (glob: string) => v.tree({ path: patternPath(b(glob), colon), delimiter: colon, fold: null, collapseIds: true, filter: makeFilter(ix2, null, null), sort: name, offset: 0, limit: 10 }, NOW);
    expect(folders(q('user:*:').rows).map((f) => [text(f.prefix), f.keys])).toEqual([
      ['user:*:profile', 2],
      ['user:*:profile:', 1],
      ['user:*:profile_old', 1],
    ]);
    expect(q('user:*:profile').rows.map((r) => text(r.kind === 'key' ? r.key : r.prefix))).toEqual(['user:1:profile', 'user:2:profile']);
  });

  it('an id-like last segment under an id folder stays a key (no group per id)', () => {
    const ix2 = indexOf([
      ['pair:1:7', 1],
      ['pair:2:8', 1],
    ]);
    const v = new IndexViews(ix2);
    const inside = v.tree({ path: patternPath(b('pair:*:'), colon), delimiter: colon, fold: null, collapseIds: true, filter: makeFilter(ix2, null, null), sort: name, offset: 0, limit: 10 }, NOW);
    expect(inside.rows.map((r) => [r.kind, text(r.name)])).toEqual([
      ['key', '1:7'],
      ['key', '2:8'],
    ]);
  });

  it('page numbers are not ids: page:1..5 stay folders of their own', () => {
    const ix2 = indexOf(Array.from({ length: 10 }, (_, i): [string, number] => [`meeting:list:${1000 + i}:page:${(i % 5) + 1}:limit:20`, 1]));
    const v = new IndexViews(ix2);
    const q = (glob: string) => v.tree({ path: patternPath(b(glob), colon), delimiter: colon, fold: null, collapseIds: true, filter: makeFilter(ix2, null, null), sort: name, offset: 0, limit: 10 }, NOW);
    expect(folders(q('meeting:list:*:page:').rows).map((f) => [text(f.prefix), f.keys])).toEqual([1, 2, 3, 4, 5].map((p) => [`meeting:list:*:page:${p}:`, 2]));
    expect(folders(q('meeting:list:*:page:3:limit:').rows).map((f) => text(f.prefix))).toEqual(['meeting:list:*:page:3:limit:20']);
  });

  it('collapses UUIDs and hex ids, sorts the id folder by its figures like any other', () => {
    const session = open('session:', false);
    expect(folders(session.rows)).toHaveLength(1);
    expect(folders(session.rows)[0]).toMatchObject({ prefix: { utf8: 'session:*:' }, ids: 2, keys: 2, ttlHealth: 'ok' });
    const byMemory = open('user:', false, { sort: { by: 'memory', dir: 'asc' } });
    expect(folders(byMemory.rows).map((f) => text(f.name))).toEqual(['admins', '*']);
  });

  it('keeps the literal folders when collapsing is off', () => {
    const user = open('user:', false, { collapseIds: false });
    expect(folders(user.rows)).toHaveLength(51);
    expect(folders(user.rows).every((f) => f.pattern === undefined)).toBe(true);
  });

  it('a fold that does not end with the delimiter: its ids still gather, and the folder opens', () => {
    const ix2 = indexOf([
      ['app_41:x', 1],
      ['app_42:x', 1],
    ]);
    const v = new IndexViews(ix2);
    const q = (path: ReturnType<typeof literalPath>, fold: Buffer | null) => v.tree({ path, delimiter: colon, fold, collapseIds: true, filter: makeFilter(ix2, null, null), sort: name, offset: 0, limit: 10 }, NOW);
    const idFolder = folders(q(literalPath(b('')), b('app_')).rows)[0]!;
    expect(idFolder).toMatchObject({ prefix: { utf8: 'app_*:' }, ids: 2, keys: 2 });
    expect(q(patternPath(b('app_*:'), colon), null).rows.map((r) => text(r.name))).toEqual(['x']);
    expect(q(patternPath(b('app_*:x'), colon), null).rows.map((r) => text(r.name))).toEqual(['41:x', '42:x']);
  });

  it('at a folded root only the folded keys’ ids collapse, under the fold', () => {
    const root = open('', false, { fold: 'app:' });
    const f = folders(root.rows).map((r) => text(r.prefix));
    expect(f).toContain('app:user:');
    expect(f).toContain('9:'); // not under the fold: stays literal (one glob cannot name both)
    const appUser = open('app:user:', false);
    expect(folders(appUser.rows)[0]).toMatchObject({ prefix: { utf8: 'app:user:*:' }, ids: 2 });
  });

  it('escapes glob bytes of the literal part, and the folder opens again from its prefix', () => {
    const ix2 = indexOf([
      ['report:[2024]:17:x', 1],
      ['report:[2024]:18:x', 1],
    ]);
    const v = new IndexViews(ix2);
    const q = (path: ReturnType<typeof literalPath>) => v.tree({ path, delimiter: colon, fold: null, collapseIds: true, filter: makeFilter(ix2, null, null), sort: name, offset: 0, limit: 10 }, NOW);
    const idFolder = folders(q(literalPath(b('report:[2024]:'))).rows)[0]!;
    expect(text(idFolder.prefix)).toBe('report:\\[2024\\]:*:');
    const inside = q(patternPath(b(text(idFolder.prefix)), colon));
    expect(inside.rows.map((r) => text(r.kind === 'folder' ? r.prefix : r.name))).toEqual(['report:\\[2024\\]:*:x']);
    expect(q(patternPath(b('report:\\[2024\\]:*:x'), colon)).rows.map((r) => text(r.name))).toEqual(['17:x', '18:x']);
  });
});
