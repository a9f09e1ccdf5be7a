import { describe, expect, it } from 'vitest';
import { KeyIndex, NO_EXPIRY } from '../../electron/core/scan/key-index';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('KeyIndex.reserve', () => {
  it('makes room once: no growth while the announced keys arrive, every key found, compact keeps them', () => {
    const ix = new KeyIndex(16);
    ix.add(b('first'), 'string', NO_EXPIRY, 1);
    ix.reserve(10_000, 10_000 * 12);
    const { capacity, arena, types } = ix;
    expect(capacity).toBe(10_000);
    for (let i = 1; i < 10_000; i++) ix.add(b(`key:${i}`), i % 2 ? 'hash' : 'string', NO_EXPIRY, i);
    // Same columns and arena as right after reserve(): nothing was re-allocated on the way.
    expect([ix.capacity, ix.arena === arena, ix.types === types]).toEqual([10_000, true, true]);
    ix.compact();
    expect(ix.live).toBe(10_000);
    expect(ix.find(b('first'))).toBe(0);
    for (const i of [1, 2, 4999, 9999]) expect(ix.bytes[ix.find(b(`key:${i}`))]).toBe(i);
    expect(ix.find(b('key:10000'))).toBe(-1);
    // Still growable afterwards.
    ix.add(b('late'), 'string', NO_EXPIRY, 7);
    expect(ix.bytes[ix.find(b('late'))]).toBe(7);
  });

  it('never shrinks, and compact() after growth keeps lookups right when the table keeps its size', () => {
    const ix = new KeyIndex(1000);
    for (let i = 0; i < 600; i++) ix.add(b(`k${i}`), 'string', NO_EXPIRY, i);
    ix.reserve(10);
    expect(ix.capacity).toBe(1000);
    expect(ix.nameBytes).toBe(ix.end(599));
    ix.remove(b('k5'));
    ix.compact(); // 600 slots get the 2048-entry table 1000 had: it is kept, not rebuilt
    expect(ix.capacity).toBe(600);
    for (let i = 0; i < 600; i++) expect(ix.find(b(`k${i}`))).toBe(i === 5 ? -1 : i);
  });
});
