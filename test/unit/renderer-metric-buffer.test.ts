import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract/metrics';
import { MINUTE_MS, samplesInWindow } from '../../shared/downsample';
import { appendSamples, EMPTY_BUFFER, FINE_SPAN_MS, mergeHistory, type MetricBuffer } from '../../renderer/src/stores/metric-buffer';

const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
const s = (ts: number, over: Partial<MetricSample> = {}) => ({ connectionId: 'c', ts, hitsDelta: 3, missesDelta: 1, hitRate: 0.75, ...over }) as MetricSample;

function live(buffer: MetricBuffer, from: number, seconds: number): MetricBuffer {
  let b = buffer;
  for (let i = 0; i < seconds; i++) b = appendSamples(b, [s(from + i * 1000)]);
  return b;
}

describe('renderer metric buffer', () => {
  it('keeps one hour of fine samples and folds older whole minutes into minute aggregates', () => {
    const b = live(EMPTY_BUFFER, T0, 3600 + 600); // 70 minutes at 1 s
    const newest = b.fine[b.fine.length - 1]!.ts;
    expect(newest - b.fine[0]!.ts).toBeLessThanOrEqual(FINE_SPAN_MS + MINUTE_MS);
    expect(b.coarse.length).toBeGreaterThanOrEqual(9);
    for (const c of b.coarse) {
      expect(c.ts % MINUTE_MS).toBe(0);
      expect(c.hitsDelta).toBe(180); // 60 samples × 3
      expect(c.hitRate).toBeCloseTo(0.75, 12);
    }
    // Nothing lost or counted twice across the two parts.
    const all = samplesInWindow(b.fine, b.coarse, 0, Number.MAX_SAFE_INTEGER);
    expect(all.reduce((a, x) => a + (x.hitsDelta ?? 0), 0)).toBe((3600 + 600) * 3);
  });

  it('merges a history reply with the live stream without duplicates', () => {
    let b = live(EMPTY_BUFFER, T0 + 100_000, 5);
    b = mergeHistory(b, { fine: [s(T0 + 98_000), s(T0 + 99_000), s(T0 + 100_000)], coarse: [s(T0), s(T0 + MINUTE_MS)] });
    expect(b.fine.map((x) => x.ts - T0)).toEqual([98_000, 99_000, 100_000, 101_000, 102_000, 103_000, 104_000]);
    expect(b.coarse.map((x) => x.ts - T0)).toEqual([0, MINUTE_MS]);
  });

  it('does not add a minute main already aggregated when the fine samples roll past it', () => {
    const history = { fine: Array.from({ length: 3600 }, (_, i) => s(T0 + i * 1000)), coarse: Array.from({ length: 60 }, (_, i) => s(T0 + i * MINUTE_MS, { hitsDelta: 180, missesDelta: 60 })) };
    let b = mergeHistory(EMPTY_BUFFER, history);
    b = live(b, T0 + 3600_000, 120);
    const minutes = b.coarse.map((c) => c.ts);
    expect(new Set(minutes).size).toBe(minutes.length);
  });

  it('drops minute aggregates older than a day', () => {
    const old = Array.from({ length: 1500 }, (_, i) => s(T0 + i * MINUTE_MS));
    const b = mergeHistory(EMPTY_BUFFER, { fine: [s(T0 + 1500 * MINUTE_MS)], coarse: old });
    expect(b.coarse[0]!.ts).toBeGreaterThanOrEqual(T0 + 1500 * MINUTE_MS - 24 * 60 * MINUTE_MS);
  });
});
