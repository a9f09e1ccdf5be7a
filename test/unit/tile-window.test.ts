import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract';
import { tileWindow, tileWindowLabel } from '../../shared/tile-window';

const T0 = 1_700_000_000_000;

function s(sec: number, over: Partial<MetricSample> = {}): MetricSample {
  return {
    hitsDelta: 90, missesDelta: 10, hitRate: 0.9, opsPerSec: 100, ownOpsPerSec: 7, evictedPerSec: 0, expiredPerSec: 0, latencyMs: 0.3,
    ...over,
    ts: T0 + sec * 1000,
  } as MetricSample;
}

describe('tile window (the overview tiles read the last 10 s, not the last poll)', () => {
  it('reads the hit rate as Σhits / Σlookups and the rates as events over the span of the last 10 s', () => {
    // 20 one-second samples: the last 10 hold 86 % of lookups (one at 100 %) and evictions in two seconds.
    const samples = Array.from({ length: 20 }, (_, i) =>
      i < 10 ? s(i, { hitsDelta: 99, missesDelta: 1 }) : s(i, i === 19 ? { hitsDelta: 100, missesDelta: 0, evictedPerSec: 0 } : { hitsDelta: 84.444, missesDelta: 15.556, evictedPerSec: i % 5 === 0 ? 50 : 0 }),
    );
    const w = tileWindow(samples);
    expect(w.spanMs).toBe(10_000);
    expect(w.hitRate).toBeCloseTo(0.86, 4);
    expect(w.evictedPerSec).toBeCloseTo(10, 6); // 2 × 50 in 10 s; the newest sample alone says 0
    expect(w.opsPerSec).toBeCloseTo(100, 6);
    expect(w.ownOpsPerSec).toBeCloseTo(7, 6);
    expect(tileWindowLabel(w)).toBe('last 10 s');
  });

  it('stops at a gap or reset, says the shorter span, and takes the median round trip', () => {
    const samples = [s(0), s(1), s(2, { gap: true, opsPerSec: null }), s(3, { latencyMs: 9.9 }), s(4, { latencyMs: 0.2 }), s(5, { latencyMs: 0.4 })];
    const w = tileWindow(samples);
    expect(w.spanMs).toBe(3000);
    expect(w.latencyMs).toBeCloseTo(0.35, 6);
    expect(tileWindowLabel(w)).toBe('last 3 s');
    expect(tileWindow([]).hitRate).toBeNull();
  });

  it('a folded sample (no rates) does not shorten the next one\'s span', () => {
    const w = tileWindow([s(0), s(1), s(1.2, { folded: true, opsPerSec: null }), s(2, { opsPerSec: 200 })]);
    expect(w.opsPerSec).toBeCloseTo((100 * 1000 + 200 * 1000) / 2000, 6);
  });
});
