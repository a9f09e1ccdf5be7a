import { describe, expect, it } from 'vitest';
import { Glob } from '../../electron/core/scan/glob';
import { KeyIndex, NO_EXPIRY, UNKNOWN_SIZE } from '../../electron/core/scan/key-index';
import { makeFilter } from '../../electron/core/scan/key-filter';
import { sortByMemory, sortByName, sortByTtl } from '../../electron/core/scan/sort';
import { literalPath } from '../../electron/core/scan/folder-path';
import { IndexViews } from '../../electron/core/scan/views';
import type { FolderRow, KeyRow, KeySort } from '../../shared/contract';

const b = (s: string) => Buffer.from(s, 'utf8');
const NOW = 1_800_000_000_000;
const text = (w: { utf8: string } | { base64: string }) => ('utf8' in w ? w.utf8 : `b64:${w.base64}`);

function indexOf(entries: [string | Buffer, string, number, number][]): KeyIndex {
  const ix = new KeyIndex(4); // tiny, so the tests cross several growths
  for (const [k, t, exp, bytes] of entries) ix.add(typeof k === 'string' ? b(k) : k, t, exp, bytes);
  return ix;
}

describe('KeyIndex', () => {
  it('stores names as exact bytes, dedupes re-adds (latest wins) and finds exact keys', () => {
    const bin = Buffer.from([0xff, 0x00, 0x3a, 0x80]);
    const ix = new KeyIndex(2);
    for (let i = 0; i < 5000; i++) ix.add(b(`user:${i}`), 'string', NO_EXPIRY, i);
    ix.add(bin, 'hash', NOW + 5000, 77);
    ix.add(b('user:42'), 'list', NOW + 1, 999); // SCAN returned it again
    expect(ix.live).toBe(5001);
    expect(ix.count).toBe(5001);
    const at = ix.find(b('user:42'));
    expect(ix.typeName(at)).toBe('list');
    expect(ix.bytes[at]).toBe(999);
    expect(ix.name(ix.find(bin)).equals(bin)).toBe(true);
    expect(ix.find(b('user:5000'))).toBe(-1);
    expect(ix.find(b('user:4'))).toBeGreaterThanOrEqual(0);
    expect(ix.find(b('user:'))).toBe(-1); // a prefix is not a key
  });

  it('removes keys, re-adds them, and keeps every column after compact()', () => {
    const ix = new KeyIndex(2);
    for (let i = 0; i < 100; i++) ix.add(b(`k${i}`), i % 2 ? 'set' : 'zset', i % 3 ? NOW + i : NO_EXPIRY, i * 10, i % 5 === 0);
    expect(ix.remove(b('k7'))).toBe(true);
    expect(ix.remove(b('k7'))).toBe(false);
    expect(ix.find(b('k7'))).toBe(-1);
    expect(ix.live).toBe(99);
    ix.add(b('k7'), 'string', NO_EXPIRY, 1);
    expect(ix.live).toBe(100);
    const before = ix.footprint();
    ix.compact();
    expect(ix.footprint()).toBeLessThan(before);
    for (let i = 0; i < 100; i++) {
      const s = ix.find(b(`k${i}`));
      expect(s).toBeGreaterThanOrEqual(0);
      if (i === 7) continue;
      expect([ix.typeName(s), ix.expiresAt[s], ix.bytes[s], ix.estimated(s)]).toEqual([i % 2 ? 'set' : 'zset', i % 3 ? NOW + i : NO_EXPIRY, i * 10, i % 5 === 0]);
    }
    ix.add(b('after-compact'), 'string', NO_EXPIRY, 3);
    expect(ix.find(b('after-compact'))).toBeGreaterThanOrEqual(0);
  });

  it('gives module types their own codes instead of lumping them together', () => {
    const ix = indexOf([
      ['a', 'ReJSON-RL', NO_EXPIRY, 1],
      ['b', 'TSDB-TYPE', NO_EXPIRY, 1],
      ['c', 'ReJSON-RL', NO_EXPIRY, 1],
    ]);
    expect([0, 1, 2].map((i) => ix.typeName(i))).toEqual(['ReJSON-RL', 'TSDB-TYPE', 'ReJSON-RL']);
    // Past what a byte can code, further names share "other" rather than failing the scan.
    for (let t = 0; t < 300; t++) ix.add(b(`m${t}`), `module-${t}`, NO_EXPIRY, 1);
    expect(ix.typeName(ix.find(b('m299')))).toBe('other');
    expect(ix.typeName(ix.find(b('m10')))).toBe('module-10');
  });

  it('holds 200k keys in a few MB (columns, not objects)', () => {
    const ix = new KeyIndex();
    for (let i = 0; i < 200_000; i++) ix.add(b(`session:sess_${i.toString(36).padStart(8, '0')}`), 'string', NOW + i, 120);
    ix.compact();
    expect(ix.live).toBe(200_000);
    // ~21-byte names + 1 + 4 + 8 + 8 + 1 + 4 bytes of columns + hash table: well under 100 bytes a key.
    expect(ix.footprint() / 200_000).toBeLessThan(100);
  });
});

describe('sorting slots', () => {
  it('orders names by bytes (memcmp, shorter first), including non-UTF-8 and common prefixes', () => {
    const names = ['b', 'a', 'ab', 'a:b', '', 'user:10', 'user:9', 'user:1', 'user:100', 'Z', 'é', 'user:1:x'];
    const bufs = [...names.map(b), Buffer.from([0xff]), Buffer.from([0x00]), Buffer.from([0x80, 0x01])];
    const ix = new KeyIndex(2);
    for (const k of bufs) ix.add(k, 'string', NO_EXPIRY, 1);
    // Plus many with a long shared prefix, so the quicksort (not only insertion sort) runs.
    for (let i = 0; i < 500; i++) ix.add(b(`meeting:list:42:page:${(i * 7919) % 1000}:limit:20`), 'string', NO_EXPIRY, 1);
    const slots = Uint32Array.from({ length: ix.count }, (_, i) => i);
    sortByName(ix, slots);
    const got = [...slots].map((s) => ix.name(s));
    const want = [...got].sort(Buffer.compare);
    expect(got.map((x) => x.toString('hex'))).toEqual(want.map((x) => x.toString('hex')));
  });

  it('orders by memory and by remaining TTL (no expiry last)', () => {
    const ix = indexOf([
      ['a', 'string', NOW + 50_000, 300],
      ['b', 'string', NO_EXPIRY, 5_000_000_000], // > 4 GB still sorts as largest
      ['c', 'string', NOW + 1_000, UNKNOWN_SIZE],
      ['d', 'string', NOW + 10 * 86_400_000, 20],
    ]);
    const all = () => Uint32Array.from([0, 1, 2, 3]);
    const m = all();
    sortByMemory(ix, m);
    expect([...m].map((s) => ix.name(s).toString())).toEqual(['c', 'd', 'a', 'b']);
    const t = all();
    sortByTtl(ix, t, NOW);
    expect([...t].map((s) => ix.name(s).toString())).toEqual(['c', 'a', 'd', 'b']);
  });
});

describe('Glob (Redis stringmatchlen semantics)', () => {
  const cases: [string, string, boolean][] = [
    ['user:*', 'user:42', true],
    ['user:*', 'users:42', false],
    ['*:42', 'meeting:details:42', true],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-c]llo', 'hbllo', true],
    ['h[c-a]llo', 'hbllo', true], // reversed range
    ['report:\\[2024\\]:*', 'report:[2024]:x', true],
    ['report:[2024]:*', 'report:[2024]:x', false], // [2024] is a class of one character
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['*', '', true],
    ['*a*b*c*', 'xxaxxbxxcxx', true],
    ['*a*b*c*', 'xxaxxcxxbxx', false],
    ['[', '[', false], // unterminated class
    ['x[ab', 'xa', true],
  ];
  it.each(cases)('%s ~ %j → %s', (pattern, s, want) => {
    expect(new Glob(b(pattern)).matches(b(s))).toBe(want);
  });

  it('matches bytes that are not UTF-8, and newlines', () => {
    expect(new Glob(Buffer.from([0x2a, 0xff])).matches(Buffer.from([0x00, 0xff]))).toBe(true);
    expect(new Glob(b('line?break*')).matches(b('line\nbreak:\r\n'))).toBe(true);
  });
});

describe('IndexViews', () => {
  const ix = indexOf([
    ['user:1', 'string', NOW + 60_000 * 30, 100],
    ['user:2', 'string', NO_EXPIRY, 100],
    ['user:1:profile', 'string', NOW + 86_400_000, 300],
    ['user:2:profile', 'hash', NOW + 86_400_000, 700],
    ['skillup:course:1', 'string', NOW + 3_600_000 - 1, 50],
    ['skillup:user:1', 'string', NOW + 1_000, 60],
    ['config', 'string', NO_EXPIRY, 10],
    [Buffer.from([0xff, 0x3a, 0x01]), 'string', NO_EXPIRY, 5],
  ]);
  const views = new IndexViews(ix);
  const all = makeFilter(ix, null, null);
  const tree = (prefix: string, sort: KeySort = { by: 'name', dir: 'asc' }, filter = all, delimiter = ':', fold: string | null = null) =>
    views.tree({ path: literalPath(b(prefix)), delimiter: b(delimiter), fold: fold === null ? null : b(fold), collapseIds: false, filter, sort, offset: 0, limit: 100 }, NOW);

  it('lists folders with aggregates, then direct keys; sums cover everything under the prefix', () => {
    const root = tree('');
    expect(root.folders).toBe(3);
    expect(root.keys).toBe(1);
    const folders = root.rows.filter((r): r is FolderRow => r.kind === 'folder');
    expect(folders.map((f) => text(f.prefix))).toEqual(['skillup:', 'user:', `b64:${Buffer.from([0xff, 0x3a]).toString('base64')}`]);
    const user = folders.find((f) => text(f.prefix) === 'user:')!;
    expect(user).toMatchObject({ keys: 4, bytes: 1200, noTtl: 1, ttlHealth: 'partial', types: { string: 3, hash: 1 } });
    expect(user.ttlBuckets).toEqual({ none: 1, lt1m: 0, lt1h: 1, lt1d: 0, lt7d: 2, gte7d: 0 });
    expect(text(user.name)).toBe('user');
    expect(root.summary.keys).toBe(8);
    expect(root.rows.at(-1)).toMatchObject({ kind: 'key', key: { utf8: 'config' }, ttlMs: null, bytes: 10 });
  });

  it('opens a folder: sub-folders by the next segment, keys named relative to the folder', () => {
    const user = tree('user:');
    expect(user.rows.map((r) => `${r.kind}:${text(r.name)}`)).toEqual(['folder:1', 'folder:2', 'key:1', 'key:2']);
    const k = user.rows.find((r): r is KeyRow => r.kind === 'key' && text(r.name) === '1')!;
    expect(k.key).toEqual({ utf8: 'user:1' });
    expect(k.ttlMs).toBe(60_000 * 30);
    expect(tree('user:1:').rows.map((r) => text(r.kind === 'key' ? r.key : r.prefix))).toEqual(['user:1:profile']);
  });

  it('sorts folders and keys by memory, and filters by glob and type', () => {
    const byMem = tree('', { by: 'memory', dir: 'desc' });
    expect(byMem.rows.filter((r) => r.kind === 'folder').map((r) => text(r.name))).toEqual(['user', 'skillup', b64(Buffer.from([0xff]))]);
    const hashes = tree('', undefined, makeFilter(ix, null, 'hash'));
    expect(hashes.summary.keys).toBe(1);
    expect(hashes.rows).toHaveLength(1);
    const globbed = tree('', undefined, makeFilter(ix, b('*:profile'), null));
    expect(globbed.summary.keys).toBe(2);
    expect(tree('', undefined, makeFilter(ix, null, 'no-such-type')).total).toBe(0);
  });

  it('pages the flat list over a cached ordering and sees later adds', () => {
    const list = (offset: number, limit: number) => views.list({ filter: all, sort: { by: 'name', dir: 'asc' }, offset, limit }, NOW);
    expect(list(0, 3).rows.map((r) => text(r.key))).toEqual(['config', 'skillup:course:1', 'skillup:user:1']);
    expect(list(3, 100).rows).toHaveLength(5);
    expect(list(0, 1).total).toBe(8);
    ix.add(b('aaa'), 'string', NO_EXPIRY, 1);
    expect(list(0, 1).rows[0]!.key).toEqual({ utf8: 'aaa' });
    ix.remove(b('aaa'));
    expect(list(0, 1).total).toBe(8);
  });

  it('folds an app prefix away at the root: its children appear in its place, with absolute prefixes', () => {
    const folded = tree('', undefined, all, ':', 'skillup:');
    const folders = folded.rows.filter((r): r is FolderRow => r.kind === 'folder');
    expect(folders.map((f) => `${text(f.name)}=${text(f.prefix)}`)).toEqual(['course=skillup:course:', 'user=skillup:user:', 'user=user:', `${b64(Buffer.from([0xff]))}=${b64(Buffer.from([0xff, 0x3a]))}`]);
    expect(folded.summary.keys).toBe(8);
    // Opening a folded folder is an ordinary prefix query.
    expect(tree('skillup:user:').rows.map((r) => text(r.name))).toEqual(['1']);
  });

  it('splits on any delimiter', () => {
    const dashes = tree('', undefined, all, 'er:');
    expect(dashes.rows.filter((r) => r.kind === 'folder').map((r) => text(r.name))).toEqual(['skillup:us', 'us']);
  });
});

function b64(x: Buffer): string {
  return `b64:${x.toString('base64')}`;
}
