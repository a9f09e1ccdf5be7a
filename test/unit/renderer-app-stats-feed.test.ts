import { beforeEach, describe, expect, it } from 'vitest';
import type { AppStatsSample } from '../../shared/contract/dashboard';
import { appendAppSample, emptyAppStatsFeed, withAppHistory, withAppWindow, type AppStatsFeed } from '../../renderer/src/stores/app-stats-feed';
import { appStatsSamplesOf, useAppStatsStore } from '../../renderer/src/stores/app-stats-store';
import { FINE_SPAN_MS } from '../../renderer/src/stores/chart-feed';

const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
const MIN = 60_000;
const s = (ts: number, connectionId = 'c'): AppStatsSample => ({ connectionId, ts, values: { hits: 1 }, rates: { hits: 1 }, hitRate: 0.5, hitRateTotal: 0.5 });

function live(feed: AppStatsFeed, from: number, seconds: number, id = 'c'): AppStatsFeed {
  let f = feed;
  for (let i = 0; i < seconds; i++) f = appendAppSample(f, s(from + i * 1000, id));
  return f;
}

describe('renderer app-stats feed (main owns the samples)', () => {
  it('keeps only the chart window of the shown connection, never more than main’s hour', () => {
    expect(live(emptyAppStatsFeed('c', 5 * MIN), T0, 3600).samples.length).toBe(301);
    expect(live(emptyAppStatsFeed('c', 24 * 60 * MIN), T0, 7200).samples.length).toBe(FINE_SPAN_MS / 1000 + 1);
    const f = live(emptyAppStatsFeed('c', 5 * MIN), T0, 3);
    expect(appendAppSample(f, s(T0 + 5000, 'other'))).toBe(f);
    expect(appendAppSample(f, s(T0 + 1000))).toBe(f); // not newer: the stream and a reply overlap
  });

  it('merges main’s history with the live stream, one sample per timestamp', () => {
    const f = live(emptyAppStatsFeed('c', 15 * MIN), T0 + 60_000, 10);
    const history = Array.from({ length: 70 }, (_, i) => s(T0 + i * 1000));
    const merged = withAppHistory(f, history);
    expect(merged.samples.map((x) => x.ts)).toEqual(Array.from({ length: 70 }, (_, i) => T0 + i * 1000));
  });

  it('a narrower window trims at once; a wider one asks main again (up to its hour)', () => {
    const f = live(emptyAppStatsFeed('c', 15 * MIN), T0, 1200);
    const narrow = withAppWindow(f, 5 * MIN);
    expect(narrow.refetch).toBe(false);
    expect(narrow.feed.samples.length).toBe(301);
    expect(withAppWindow(narrow.feed, 60 * MIN).refetch).toBe(true);
    expect(withAppWindow({ ...f, windowMs: 60 * MIN }, 24 * 60 * MIN).refetch).toBe(false);
  });
});

describe('renderer app-stats store', () => {
  beforeEach(() => useAppStatsStore.setState({ config: {}, feed: null }));

  it('holds no samples for connections not shown (the stream carries every open one)', () => {
    const store = useAppStatsStore.getState();
    store.show('a', 5 * MIN);
    for (let i = 0; i < 100; i++) {
      useAppStatsStore.getState().add(s(T0 + i * 1000, 'a'));
      useAppStatsStore.getState().add(s(T0 + i * 1000, 'b'));
    }
    expect(appStatsSamplesOf('a').length).toBe(100);
    expect(appStatsSamplesOf('b')).toEqual([]);
    // Showing b starts empty until main's history arrives; a's samples are let go.
    useAppStatsStore.getState().show('b', 5 * MIN);
    expect(appStatsSamplesOf('a')).toEqual([]);
    useAppStatsStore.getState().mergeHistory('a', [s(T0, 'a')]); // a late reply for a: dropped
    expect(appStatsSamplesOf('b')).toEqual([]);
    useAppStatsStore.getState().mergeHistory('b', [s(T0, 'b'), s(T0 + 1000, 'b')]);
    expect(appStatsSamplesOf('b').length).toBe(2);
    useAppStatsStore.getState().restart('b');
    expect(appStatsSamplesOf('b')).toEqual([]);
  });
});
