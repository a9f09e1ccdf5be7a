import { describe, expect, it } from 'vitest';
import { Namespaces } from '../../electron/core/analysis/namespaces';
import { buildReport, firstSorted, MAX_NAMESPACES, type ReportShape } from '../../electron/core/analysis/report';
import { KeyIndex, NO_EXPIRY } from '../../electron/core/scan/key-index';

const NOW = 1_800_000_000_000;
const b = (s: string) => Buffer.from(s, 'utf8');
const text = (w: { utf8: string } | { base64: string }) => ('utf8' in w ? w.utf8 : `b64:${w.base64}`);

/** Keys of every kind the namespaces tell apart: ids, literal segments, glob bytes, a fold, binary, ties. */
function keys(): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < 40; i++) out.push(b(`user:${i}:profile`), b(`skillup:course:${(0xabcdef0000 + i).toString(16).padStart(24, '0')}`));
  for (let i = 0; i < 10; i++) out.push(b(`report:[2024]:${i}:x`), b(`cfg:v${i}`), b(`queue:jobs:${i}`));
  out.push(b('config'), Buffer.from([0xff, 0x3a, 0x00]), b('a*b:1:x'), b('a\\*b:1:x'), b('user:*:profile'));
  return out;
}

/** The index as a scan fills it: pages of keys, namespaces assigned as each page lands; a key removed later. */
function scanned(shape: ReportShape, pageKeys = 7): { index: KeyIndex; spaces: Namespaces } {
  const index = new KeyIndex(4);
  const spaces = new Namespaces(shape);
  const all = keys();
  for (let p = 0; p < all.length; p += pageKeys) {
    const from = index.count;
    all.slice(p, p + pageKeys).forEach((k, j) => index.add(k, j % 3 ? 'string' : 'hash', j % 4 ? NOW + (p + j) * 60_000 : NO_EXPIRY, 100 + ((p + j) % 5)));
    // SCAN may return a key twice: a re-add keeps its slot (and namespace).
    index.add(all[p]!, 'string', NO_EXPIRY, 100);
    for (let i = from; i < index.count; i++) spaces.assign(index, i);
  }
  index.remove(b('cfg:v3'));
  return { index, spaces };
}

const SHAPES: ReportShape[] = [
  { delimiter: ':', depth: 2, fold: null, ttlRules: [] },
  { delimiter: ':', depth: 3, fold: b('skillup:'), ttlRules: [{ pattern: 'user:*', maxTtlSec: 60, requireTtl: true }], collapseIds: true },
  { delimiter: ':', depth: 2, fold: null, ttlRules: [], collapseIds: false },
  { delimiter: '::', depth: 1, fold: null, ttlRules: [] },
];

describe('namespaces assigned during the scan', () => {
  it.each(SHAPES.map((s, i) => [i, s] as const))('give the report the end-of-scan computation gives (shape %i)', (_i, shape) => {
    const { index, spaces } = scanned(shape);
    const after = buildReport(index, shape, NOW);
    const during = buildReport(index, shape, NOW, spaces);
    expect(during).toEqual(after);
    expect(during.totals.keys).toBe(index.live);
  });

  it('number namespaces by first sight and keep a literal prefix apart from a glob of the same bytes', () => {
    const shape: ReportShape = { delimiter: ':', depth: 2, fold: null, ttlRules: [] };
    const index = new KeyIndex();
    const spaces = new Namespaces(shape);
    for (const k of ['user:1:a', 'user:*:b', 'user:2:c', 'plain']) spaces.assign(index, index.add(b(k), 'string', NO_EXPIRY, 1));
    expect([...spaces.of.subarray(0, 4)]).toEqual([0, 1, 0, 2]);
    // `user:1:` collapses to the glob `user:*:`; the key `user:*:b` has the literal bytes `user:*:`.
    expect([spaces.bytes(0).toString(), spaces.isPattern(0)]).toEqual(['user:*:', true]);
    expect([spaces.bytes(1).toString(), spaces.isPattern(1)]).toEqual(['user:*:', false]);
    expect(spaces.compare(0, 1)).toBe(0);
    expect(spaces.bytes(2).toString()).toBe('');
    const r = buildReport(index, shape, NOW, spaces);
    expect(r.namespaces.map((n) => [text(n.prefix), n.pattern ?? false, n.keys])).toEqual([
      ['user:*:', true, 2],
      ['', false, 1], // same memory and keys: by name, the empty prefix first
      ['user:*:', false, 1],
    ]);
  });
});

describe('ranking namespaces', () => {
  it('firstSorted gives the first k of a full sort, ties and all', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
    for (const [count, k] of [[1000, 10], [1000, 999], [1000, 1000], [5, 50], [2000, 1], [0, 3]] as const) {
      const size = Array.from({ length: count }, () => Math.floor(rnd() * 20));
      const cmp = (a: number, b: number) => size[b]! - size[a]! || a - b;
      const full = Array.from({ length: count }, (_, n) => n).sort(cmp).slice(0, k);
      expect(firstSorted(count, k, cmp)).toEqual(full);
    }
  });

  it(`lists the ${MAX_NAMESPACES} largest namespaces in order when there are more, ties broken by name`, () => {
    const index = new KeyIndex();
    const n = MAX_NAMESPACES + 1500;
    // Sizes repeat (ties by memory and keys), names run against the sizes.
    for (let i = 0; i < n; i++) index.add(b(`ns${String(n - i).padStart(6, '0')}:k`), 'string', NO_EXPIRY, 1 + (i % 37));
    const r = buildReport(index, { delimiter: ':', depth: 1, fold: null, ttlRules: [] }, NOW);
    expect(r.namespaces).toHaveLength(MAX_NAMESPACES);
    expect(r.namespacesOmitted).toBe(1500);
    const expected = Array.from({ length: n }, (_, i) => ({ name: `ns${String(n - i).padStart(6, '0')}:`, bytes: 1 + (i % 37) }))
      .sort((a, c) => c.bytes - a.bytes || Buffer.compare(b(a.name), b(c.name)))
      .slice(0, MAX_NAMESPACES)
      .map((x) => x.name);
    expect(r.namespaces.map((x) => text(x.prefix))).toEqual(expected);
  });
});
