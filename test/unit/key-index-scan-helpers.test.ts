import { describe, expect, it } from 'vitest';
import { ProgressClock } from '../../electron/core/scan/progress-clock';
import { adaptCount } from '../../electron/core/scan/scanner';
import { Throttle } from '../../electron/core/scan/throttle';
import { indexPage } from '../../electron/core/scan/index-page';
import { KeyIndex, NO_EXPIRY } from '../../electron/core/scan/key-index';
import type { PageMeta } from '../../electron/core/scan/page-meta';

describe('Throttle', () => {
  it('reserves cost / rate seconds per batch, from now or from the previous reservation (fake clock)', () => {
    let now = 0;
    const t = new Throttle(1000, () => now);
    const reserved = () => (t as unknown as { next: number }).next;
    const skip = AbortSignal.abort(); // the reservation is made; the sleep ends at once
    void t.take(500, skip);
    expect(reserved()).toBe(500); // 500 commands at 1000/s: the next batch starts 500 ms later
    void t.take(500, skip);
    expect(reserved()).toBe(1000);
    void t.take(1000, skip);
    expect(reserved()).toBe(2000);
    now = 5000; // idle for a while: no burst credit piles up
    void t.take(100, skip);
    expect(reserved()).toBe(5100);
  });

  it('does nothing without a budget', async () => {
    const t = new Throttle(null);
    await t.take(1e9);
    expect(t.perSec).toBeNull();
  });
});

describe('ProgressClock', () => {
  it('reads the share walked from reverse-binary SCAN cursors (MATCH scans)', () => {
    const c = new ProgressClock(1000, true, () => 0); // a 1024-bucket table: 10 bits
    // Cursor 0b0000000001 reversed over 10 bits = 0b1000000000 → half the buckets.
    c.noteCursor(1);
    expect(c.fraction(false)).toBeCloseTo(0.5);
    c.noteCursor(3); // reversed 0b1100000000 → 0.75
    expect(c.fraction(false)).toBeCloseTo(0.75);
    c.noteCursor(0);
    expect(c.fraction(false)).toBe(1);
  });

  it('widens the table when a cursor shows a higher bit, and counts keys for plain scans', () => {
    const c = new ProgressClock(10, true, () => 0);
    c.noteCursor(1 << 12); // a 13-bit cursor: the table is larger than DBSIZE suggested
    expect(c.fraction(false)).toBeCloseTo(1 / 8192);
    let now = 0;
    const plain = new ProgressClock(1000, false, () => now);
    plain.scanned = 250;
    now = 1000;
    expect(plain.fraction(false)).toBe(0.25);
    expect(plain.keysPerSec).toBe(250);
    expect(plain.etaSec()).toBeCloseTo(3);
    expect(new ProgressClock(0, false, () => 0).fraction(false)).toBeNull();
  });

  it('over several nodes: each cursor’s share, weighted by the node’s DBSIZE (a cluster’s primaries)', () => {
    const c = new ProgressClock([1000, 3000], true, () => 0);
    expect(c.total).toBe(4000);
    c.noteCursor(0, 0); // the small node is done
    expect(c.fraction(false)).toBeCloseTo(0.25);
    c.noteCursor(1, 1); // the large one (a 4096-bucket table) half-way: cursor 1 reversed over 12 bits = 0.5
    expect(c.fraction(false)).toBeCloseTo(0.25 + 0.75 * 0.5);
    const resumed = c.resumed([3000], 1200);
    expect({ total: resumed.total, scanned: resumed.scanned, fraction: resumed.fraction(false) }).toEqual({ total: 3000, scanned: 1200, fraction: 0 });
  });
});

describe('adaptCount', () => {
  it('grows COUNT when MATCH filters most keys out, shrinks it when pages overflow, within bounds', () => {
    expect(adaptCount(1000, 10, 1000)).toBe(2000);
    expect(adaptCount(16_384, 0, 1000)).toBe(16_384);
    expect(adaptCount(1000, 5000, 1000)).toBe(500);
    expect(adaptCount(100, 5000, 1000)).toBe(100);
    expect(adaptCount(1000, 900, 1000)).toBe(1000);
  });
});

describe('indexPage', () => {
  it('drops vanished keys (TYPE none or PTTL -2), applies the type filter, stores absolute expiry', () => {
    const keys = ['a', 'gone', 'expired-between', 'h'].map((k) => Buffer.from(k));
    const page: PageMeta = {
      keys,
      types: ['string', null, 'string', 'hash'],
      pttl: Float64Array.from([-1, -2, -2, 5000]),
      bytes: Float64Array.from([50, -1, 60, 70]),
      estimated: Uint8Array.from([0, 0, 0, 1]),
      hits: 0,
      calls: 0,
      misses: 0,
      denied: 0,
      unserved: 0,
      memoryDenied: false,
      at: 1_000_000,
    };
    const ix = new KeyIndex();
    expect(indexPage(ix, page, null)).toBe(2);
    expect(ix.expiresAt[ix.find(keys[0]!)]).toBe(NO_EXPIRY);
    expect(ix.expiresAt[ix.find(keys[3]!)]).toBe(1_005_000);
    expect(ix.estimated(ix.find(keys[3]!))).toBe(true);
    const onlyHashes = new KeyIndex();
    expect(indexPage(onlyHashes, page, 'hash')).toBe(1);
  });
});
