import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract/metrics';
import { MINUTE_MS, samplesInWindow } from '../../shared/downsample';
import { MetricHistoryBuffer } from '../../electron/core/metrics/history';
import { appendLive, emptyFeed, FINE_SPAN_MS, MIN_FINE, needsHistory, withHistory, withWindow, type ChartFeed } from '../../renderer/src/stores/chart-feed';

const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
const s = (ts: number, over: Partial<MetricSample> = {}) => ({ connectionId: 'c', ts, hitsDelta: 3, missesDelta: 1, hitRate: 0.75, ...over }) as MetricSample;
const FIVE_MIN = 5 * MINUTE_MS;
const DAY = 24 * 60 * MINUTE_MS;

function live(feed: ChartFeed, from: number, seconds: number): ChartFeed {
  let f = feed;
  for (let i = 0; i < seconds; i++) f = appendLive(f, s(from + i * 1000));
  return f;
}

/** Main's history (the owner) after `seconds` of 1 s polls from T0. */
function mainHistory(seconds: number): MetricHistoryBuffer {
  const h = new MetricHistoryBuffer('c');
  for (let i = 0; i < seconds; i++) h.push(s(T0 + i * 1000));
  return h;
}

describe('renderer chart feed (main owns the history)', () => {
  it('keeps only the chosen window of live samples (at least the trend points), and no aggregates below an hour', () => {
    const f = live(emptyFeed('c', FIVE_MIN), T0, 3600);
    expect(f.fine.length).toBe(301); // 5 min at 1 s, both ends
    expect(f.coarse).toEqual([]);
    // A slow poll still leaves the tiles their trend.
    let slow = emptyFeed('c', FIVE_MIN);
    for (let i = 0; i < 500; i++) slow = appendLive(slow, s(T0 + i * 10_000));
    expect(slow.fine.length).toBe(MIN_FINE);
  });

  it("ignores another connection's samples", () => {
    const f = live(emptyFeed('c', FIVE_MIN), T0, 3);
    expect(appendLive(f, { ...s(T0 + 5000), connectionId: 'other' })).toBe(f);
  });

  it('merges a history reply with the live stream without duplicates, cut to the window', () => {
    let f = live(emptyFeed('c', FIVE_MIN), T0 + 100_000, 5);
    f = withHistory(f, { fine: [s(T0 + 98_000), s(T0 + 99_000), s(T0 + 100_000)], coarse: [s(T0), s(T0 + MINUTE_MS)] });
    expect(f.fine.map((x) => x.ts - T0)).toEqual([98_000, 99_000, 100_000, 101_000, 102_000, 103_000, 104_000]);
    expect(f.coarse).toEqual([]); // 5 min: main's minutes are not needed
  });

  it('a wider window asks main again; a narrower one trims at once', () => {
    const f = live(emptyFeed('c', FIVE_MIN), T0, 600);
    const wider = withWindow(f, FINE_SPAN_MS);
    expect(wider.refetch).toBe(true);
    const narrower = withWindow(withHistory(wider.feed, mainHistory(3600).snapshot()), 15 * MINUTE_MS);
    expect(narrower.refetch).toBe(false);
    expect(narrower.feed.fine.length).toBe(15 * 60 + 1);
  });

  it('the 24 h view draws main’s minutes and the live hour with nothing lost or counted twice, and asks again once the hour slid past them', () => {
    const owner = mainHistory(2 * 3600); // two hours in main
    let f = withHistory(emptyFeed('c', DAY), owner.snapshot());
    const all = samplesInWindow(f.fine, f.coarse, 0, Number.MAX_SAFE_INTEGER);
    expect(all.reduce((a, x) => a + (x.hitsDelta ?? 0), 0)).toBe(2 * 3600 * 3);
    expect(needsHistory(f)).toBe(false);
    // Live for another hour: the fine part slides past main's last minute aggregate…
    let asked = 0;
    for (let i = 0; i < 3600; i++) {
      const next = s(T0 + (2 * 3600 + i) * 1000);
      owner.push(next);
      f = appendLive(f, next);
      if (needsHistory(f)) {
        asked++;
        f = withHistory(f, owner.snapshot());
      }
    }
    // …so main was asked again, about once, and the day is still whole.
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(asked).toBeLessThanOrEqual(2);
    const day = samplesInWindow(f.fine, f.coarse, 0, Number.MAX_SAFE_INTEGER);
    // Main's newest, still-open minute is not aggregated yet: up to a minute of the oldest fine part is in neither.
    expect(day.reduce((a, x) => a + (x.hitsDelta ?? 0), 0)).toBeGreaterThan((3 * 3600 - 60) * 3 - 1);
    expect(f.fine.length).toBeLessThanOrEqual(3601);
  });
});
