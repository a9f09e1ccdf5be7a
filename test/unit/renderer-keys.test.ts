import { describe, expect, it } from 'vitest';
import { bytesToWire, displayName, dropPrefix, isBinary, parseEscapes, sameWire } from '../../renderer/src/views/keys/key-names';
import { RowPager, type FetchResult } from '../../renderer/src/views/keys/row-pager';
import { formatTtl, parseTtl } from '../../renderer/src/views/keys/ttl-text';
import { wireToBytes } from '../../shared/value-view';

describe('key names', () => {
  it('shows binary names with \\xNN escapes and text names with visible control characters', () => {
    const binary = bytesToWire(Uint8Array.from([0xff, 0xfe, 0x00, 0x01, 0x3a, 0x80]));
    expect(isBinary(binary)).toBe(true);
    expect(displayName(binary)).toBe('\\xff\\xfe\\x00\\x01:\\x80');
    expect(displayName({ utf8: 'line\nbreak:\r\nkey' })).toBe('line\\nbreak:\\r\\nkey');
    expect(displayName({ utf8: 'ключ:ünïcødé:😀' })).toBe('ключ:ünïcødé:😀');
  });

  it('turns the shown escapes back into the exact bytes, and leaves plain text alone', () => {
    const back = parseEscapes('\\xff\\xfe\\x00\\x01:\\x80')!;
    expect([...wireToBytes(back)]).toEqual([0xff, 0xfe, 0x00, 0x01, 0x3a, 0x80]);
    expect(parseEscapes('line\\nbreak:\\r\\nkey')).toEqual({ utf8: 'line\nbreak:\r\nkey' });
    expect(parseEscapes('report:[2024]:*?')).toBeNull();
    expect(parseEscapes('😀\\x41')).toEqual({ utf8: '😀A' });
  });

  it('compares names by bytes and folds a prefix away', () => {
    expect(sameWire({ utf8: 'a' }, { utf8: 'a' })).toBe(true);
    expect(sameWire({ utf8: 'a' }, { base64: 'YQ==' })).toBe(false);
    expect(dropPrefix({ utf8: 'skillup:course:1' }, { utf8: 'skillup:' })).toEqual({ utf8: 'course:1' });
    expect(dropPrefix({ utf8: 'course:1' }, { utf8: 'skillup:' })).toBeNull();
  });
});

describe('TTL text', () => {
  const max = 1000 * 365 * 86400 * 1000;
  it('reads seconds and units', () => {
    expect(parseTtl('90', max)).toEqual({ ok: true, ms: 90_000 });
    expect(parseTtl('1h30m', max)).toEqual({ ok: true, ms: 5_400_000 });
    expect(parseTtl(' 7d ', max)).toEqual({ ok: true, ms: 604_800_000 });
  });
  it('refuses what is not a TTL', () => {
    expect(parseTtl('soon', max).ok).toBe(false);
    expect(parseTtl('0', max).ok).toBe(false);
    expect(parseTtl('5x', max).ok).toBe(false);
    expect(parseTtl('', max).ok).toBe(false);
  });
  it('counts down in whole seconds, rounding up', () => {
    expect(formatTtl(null)).toBe('no expiry');
    expect(formatTtl(400)).toBe('1s');
    expect(formatTtl(0)).toBe('expired');
    expect(formatTtl(3_725_000)).toBe('1h 2m');
  });
});

/** A server-side list of `n` numbered rows, answering when the test says so. */
function fakeSource(n: () => number) {
  const calls: { offset: number; limit: number; resolve: () => void }[] = [];
  const fetch = (offset: number, limit: number) =>
    new Promise<FetchResult<number, string>>((resolve) => {
      calls.push({
        offset,
        limit,
        resolve: () => {
          const total = n();
          const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i);
          resolve({ ok: true, value: { rows, total, info: `total ${total}` } });
        },
      });
    });
  return { calls, fetch };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('RowPager', () => {
  function manualTimers() {
    let now = 0;
    const timers: { at: number; fn: () => void }[] = [];
    return {
      clock: () => now,
      setTimer: (fn: () => void, ms: number) => {
        const t = { at: now + ms, fn };
        timers.push(t);
        return t;
      },
      clearTimer: (t: unknown) => {
        const i = timers.indexOf(t as (typeof timers)[number]);
        if (i >= 0) timers.splice(i, 1);
      },
      advance(ms: number) {
        now += ms;
        for (const t of timers.filter((x) => x.at <= now)) {
          timers.splice(timers.indexOf(t), 1);
          t.fn();
        }
      },
      pending: () => timers.length,
    };
  }

  it('fetches the first page to learn the total, then only the pages the list shows', async () => {
    const src = fakeSource(() => 1_000_000);
    const pager = new RowPager<number, string>({ pageSize: 100 });
    pager.setSource('q', src.fetch);
    expect(src.calls.map((c) => c.offset)).toEqual([0]);
    src.calls[0]!.resolve();
    await flush();
    expect(pager.total).toBe(1_000_000);
    expect(pager.row(5)?.row).toBe(5);

    pager.setVisible(500_050, 500_180);
    expect(src.calls.slice(1).map((c) => c.offset)).toEqual([500_000, 500_100]);
    src.calls.slice(1).forEach((c) => c.resolve());
    await flush();
    expect(pager.row(500_150)?.row).toBe(500_150);
    // Scrolling back over the same rows costs nothing.
    pager.setVisible(500_060, 500_150);
    expect(src.calls).toHaveLength(3);
  });

  it('refreshes at most once per interval while a scan streams in, and never overlaps refreshes', async () => {
    let n = 10;
    const src = fakeSource(() => n);
    const t = manualTimers();
    const pager = new RowPager<number, string>({ pageSize: 100, minIntervalMs: 300, ...t });
    pager.setSource('q', src.fetch);
    src.calls[0]!.resolve();
    await flush();
    expect(pager.total).toBe(10);

    n = 50;
    pager.invalidate(); // first tick: fetches at once
    expect(src.calls).toHaveLength(2);
    pager.invalidate(); // while that is in flight: remembered, not sent
    pager.invalidate();
    expect(src.calls).toHaveLength(2);
    src.calls[1]!.resolve();
    await flush();
    expect(pager.total).toBe(50);
    // The remembered tick waits for the interval.
    expect(src.calls).toHaveLength(2);
    expect(t.pending()).toBe(1);
    n = 70;
    t.advance(300);
    expect(src.calls).toHaveLength(3);
    src.calls[2]!.resolve();
    await flush();
    expect(pager.total).toBe(70);
    expect(pager.row(69)?.row).toBe(69);
  });

  it('keeps the old rows on screen until the refreshed page lands, and drops pages out of view', async () => {
    const src = fakeSource(() => 1000);
    const t = manualTimers();
    const pager = new RowPager<number, string>({ pageSize: 100, minIntervalMs: 0, ...t });
    pager.setSource('q', src.fetch);
    src.calls[0]!.resolve();
    await flush();
    pager.setVisible(400, 420);
    src.calls[1]!.resolve();
    await flush();
    expect(pager.pagesHeld()).toBe(2);
    pager.invalidate();
    // Page 0 is out of view: dropped; page 4 stays visible while it is fetched again.
    expect(pager.pagesHeld()).toBe(1);
    expect(pager.row(410)?.row).toBe(410);
    expect(src.calls[2]!.offset).toBe(400);
  });

  it('drops replies for a query that was replaced', async () => {
    const a = fakeSource(() => 5);
    const b = fakeSource(() => 3);
    const pager = new RowPager<number, string>({ pageSize: 100 });
    pager.setSource('a', a.fetch);
    pager.setSource('b', b.fetch);
    b.calls[0]!.resolve();
    a.calls[0]!.resolve();
    await flush();
    expect(pager.total).toBe(3);
    expect(pager.info).toBe('total 3');
  });

  it('does not retry a failing page in a loop: the next refresh does', async () => {
    let fail = true;
    let calls = 0;
    const pager = new RowPager<number, string>({ pageSize: 10, minIntervalMs: 0 });
    pager.setSource('q', async (offset) => {
      calls++;
      return fail ? { ok: false, message: 'Connection is not open' } : { ok: true, value: { rows: [offset], total: 1, info: '' } };
    });
    await flush();
    await flush();
    expect(calls).toBe(1);
    expect(pager.error).toBe('Connection is not open');
    fail = false;
    pager.invalidate();
    await flush();
    expect(pager.error).toBeNull();
    expect(pager.total).toBe(1);
  });

  it('patches a row in place (one key read again on demand)', async () => {
    const src = fakeSource(() => 3);
    const pager = new RowPager<number, string>({ pageSize: 100 });
    pager.setSource('q', src.fetch);
    src.calls[0]!.resolve();
    await flush();
    const v = pager.version;
    pager.patch((r) => (r === 1 ? 100 : undefined));
    expect(pager.row(1)?.row).toBe(100);
    expect(pager.version).toBeGreaterThan(v);
  });

  it('a reset for a scan that has read nothing waits for the first tick instead of asking an empty index', async () => {
    let n = 0;
    const src = fakeSource(() => n);
    const pager = new RowPager<number, string>({ pageSize: 100, minIntervalMs: 0 });
    pager.setSource('q', src.fetch, false);
    pager.setVisible(0, 20);
    expect(src.calls).toHaveLength(0);
    n = 42;
    pager.invalidate(); // the first scan.progress with keys
    expect(src.calls).toHaveLength(1);
    src.calls[0]!.resolve();
    await flush();
    expect(pager.total).toBe(42);
  });
});
