import { describe, expect, it } from 'vitest';
import { formatAgo, tickFormatter, timeTicks } from '../../renderer/src/charts/time-format';

describe('chart time axis', () => {
  it.each([
    ['5 min', 5 * 60_000],
    ['15 min', 15 * 60_000],
    ['1 h', 60 * 60_000],
    ['24 h', 24 * 60 * 60_000],
  ])('puts a few ticks on round times inside a %s window', (_name, span) => {
    const to = Date.UTC(2025, 0, 1, 13, 7, 23);
    const ticks = timeTicks(to - span, to);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(7);
    for (const t of ticks) {
      expect(t).toBeGreaterThanOrEqual(to - span);
      expect(t).toBeLessThanOrEqual(to);
      expect(new Date(t).getSeconds()).toBe(0);
    }
    const steps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]!));
    expect(steps.size).toBe(1);
  });

  it('has no ticks for an empty window', () => {
    expect(timeTicks(5, 5)).toEqual([]);
  });

  it('says how long ago in words', () => {
    expect(formatAgo(12_000)).toBe('12 s');
    expect(formatAgo(125_000)).toBe('2 min');
    expect(formatAgo(3 * 3600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatAgo(-5)).toBe('0 s');
  });
});

describe('tick labels', () => {
  it('show seconds only when ticks are less than a minute apart', () => {
    const t = new Date(2025, 0, 1, 14, 3, 30).getTime();
    expect(tickFormatter([t, t + 30_000])(t)).toBe('14:03:30');
    expect(tickFormatter([t, t + 60_000])(t)).toBe('14:03');
    expect(tickFormatter([t])(t)).toBe('14:03');
  });
});
