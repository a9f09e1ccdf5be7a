import { describe, expect, it } from 'vitest';
import { computeWindow, MAX_SPACER_PX, scrollTopToReveal } from '../../renderer/src/ui/virtual-list/window';

const base = { viewport: 280, rowHeight: 28, overscan: 0 };

describe('computeWindow', () => {
  it('renders only the rows in view, plus the overscan', () => {
    expect(computeWindow({ ...base, scrollTop: 0, count: 1000 })).toEqual({ start: 0, end: 10, spacer: 28_000, shift: 0 });
    expect(computeWindow({ ...base, scrollTop: 280, count: 1000, overscan: 5 })).toEqual({ start: 5, end: 25, spacer: 28_000, shift: 0 });
    // Half a row scrolled: the row cut at the top and the one peeking in at the bottom both render.
    const w = computeWindow({ ...base, scrollTop: 14, count: 1000 });
    expect([w.start, w.end]).toEqual([0, 11]);
  });

  it('never reaches past the last row, and is empty for an empty list', () => {
    expect(computeWindow({ ...base, scrollTop: 1e9, count: 5, overscan: 3 })).toMatchObject({ start: 0, end: 5 });
    expect(computeWindow({ ...base, scrollTop: 0, count: 0 })).toEqual({ start: 0, end: 0, spacer: 0, shift: 0 });
  });

  it('caps the spacer for a million rows and maps the scroll position onto the whole content', () => {
    const count = 1_000_000;
    const top = computeWindow({ ...base, scrollTop: 0, count });
    expect(top.spacer).toBe(MAX_SPACER_PX);
    expect(top.start).toBe(0);
    // Scrolled to the bottom of the spacer: the last rows are drawn, inside the spacer.
    const bottom = computeWindow({ ...base, scrollTop: MAX_SPACER_PX - base.viewport, count });
    expect(bottom.end).toBe(count);
    const drawnAt = (bottom.end - 1) * base.rowHeight - bottom.shift;
    expect(drawnAt).toBeGreaterThanOrEqual(MAX_SPACER_PX - base.viewport);
    expect(drawnAt + base.rowHeight).toBeLessThanOrEqual(MAX_SPACER_PX + 0.001);
    // Half way down the spacer is half way down the content.
    const mid = computeWindow({ ...base, scrollTop: (MAX_SPACER_PX - base.viewport) / 2, count });
    expect(Math.abs(mid.start - (count - 10) / 2)).toBeLessThan(2);
  });
});

describe('scrollTopToReveal', () => {
  const input = { viewport: 280, rowHeight: 28, count: 1000 };
  it('does not move when the row is already fully in view', () => {
    expect(scrollTopToReveal(3, { ...input, scrollTop: 0 })).toBeNull();
  });
  it('scrolls down just enough to show a row below, and up to a row above', () => {
    expect(scrollTopToReveal(10, { ...input, scrollTop: 0 })).toBe(28);
    expect(scrollTopToReveal(2, { ...input, scrollTop: 280 })).toBe(56);
  });
  it('reveals a row of a capped list: the window computed at the new position contains it', () => {
    const big = { ...input, count: 1_000_000 };
    const target = 654_321;
    const top = scrollTopToReveal(target, { ...big, scrollTop: 0 })!;
    const w = computeWindow({ ...big, scrollTop: top, overscan: 0 });
    expect(target).toBeGreaterThanOrEqual(w.start);
    expect(target).toBeLessThan(w.end);
  });
  it('ignores rows that do not exist', () => {
    expect(scrollTopToReveal(-1, { ...input, scrollTop: 0 })).toBeNull();
    expect(scrollTopToReveal(1000, { ...input, scrollTop: 0 })).toBeNull();
  });
});
