import { describe, expect, it } from 'vitest';
import type { AppStatsConfig } from '../../shared/contract';
import { deriveAppStats } from '../../electron/core/app-stats/derive';
import { jsonNumber } from '../../electron/core/app-stats/read';

const CONFIG: AppStatsConfig = { kind: 'json', key: 'cache:stats', fields: ['hits', 'misses', 'sets'], hitsField: 'hits', missesField: 'misses' };
const read = (ts: number, values: Record<string, number | null>) => ({ ts, values });

describe('app stats: numbers in JSON', () => {
  it('finds top-level members, dotted paths, members whose name has dots, and numeric strings; nothing else', () => {
    const doc = { hits: 5933, 'cache.hits': 1, cache: { hits: 7, deep: { n: '12' } }, list: [1, 2], flag: true, text: 'many' };
    expect(jsonNumber(doc, 'hits')).toBe(5933);
    expect(jsonNumber(doc, 'cache.hits')).toBe(1); // the member literally named so comes first
    expect(jsonNumber(doc, 'cache.deep.n')).toBe(12);
    expect(jsonNumber(doc, 'list')).toBeNull();
    expect(jsonNumber(doc, 'list.0')).toBeNull();
    expect(jsonNumber(doc, 'flag')).toBeNull();
    expect(jsonNumber(doc, 'text')).toBeNull();
    expect(jsonNumber(doc, 'cache.nope')).toBeNull();
    expect(jsonNumber([1], '0')).toBeNull();
    expect(jsonNumber(42, 'hits')).toBeNull();
  });
});

describe('app stats: a reset is never a negative rate', () => {
  it('counts an increase over the interval', () => {
    const s = deriveAppStats('c', CONFIG, read(2000, { hits: 90, misses: 10, sets: 5 }), read(1000, { hits: 0, misses: 0, sets: 0 }));
    expect(s).toMatchObject({ rates: { hits: 90, misses: 10, sets: 5 }, hitRate: 0.9 });
    expect(s.reset).toBeUndefined();
  });

  it('one counter going down resets every counter of the sample (they are re-initialised together)', () => {
    const s = deriveAppStats('c', CONFIG, read(2000, { hits: 3, misses: 1, sets: 40 }), read(1000, { hits: 100, misses: 20, sets: 30 }));
    expect(s).toMatchObject({ reset: true, rates: { hits: null, misses: null, sets: null }, hitRate: null, hitRateTotal: 0.75 });
  });

  it('a key back after it was missing (expired, re-created) is a reset, even when its numbers are higher', () => {
    const missing = read(1000, { hits: null, misses: null, sets: null });
    const s = deriveAppStats('c', CONFIG, read(2000, { hits: 500, misses: 100, sets: 1 }), missing);
    expect(s).toMatchObject({ reset: true, rates: { hits: null, misses: null, sets: null }, hitRate: null });
    // Still missing: no data, no reset.
    expect(deriveAppStats('c', CONFIG, missing, missing).reset).toBeUndefined();
    // The first read has no baseline: no rates, and no reset either.
    expect(deriveAppStats('c', CONFIG, read(2000, { hits: 5, misses: 1, sets: 0 }), null).reset).toBeUndefined();
  });
});
