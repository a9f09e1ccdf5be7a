import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract/metrics';
import { mergeSamples, SAMPLE_WINDOW } from '../../renderer/src/stores/sample-window';

const at = (ts: number, ops: number | null = 1) => ({ connectionId: 'c', ts, opsPerSec: ops }) as MetricSample;
const tss = (xs: MetricSample[]) => xs.map((s) => s.ts);

describe('mergeSamples', () => {
  it('appends a newer live sample', () => {
    expect(tss(mergeSamples([at(1), at(2)], [at(3)]))).toEqual([1, 2, 3]);
  });

  it('merges an overlapping history fetch: ordered, one sample per timestamp, newest copy wins', () => {
    const merged = mergeSamples([at(3, 30), at(4, 40)], [at(1), at(2), at(3, 99)]);
    expect(tss(merged)).toEqual([1, 2, 3, 4]);
    expect(merged[2]!.opsPerSec).toBe(99);
  });

  it('ignores a late duplicate of the last sample instead of appending it', () => {
    expect(tss(mergeSamples([at(1), at(2)], [at(2)]))).toEqual([1, 2]);
  });

  it(`keeps only the last ${SAMPLE_WINDOW} samples`, () => {
    let window: MetricSample[] = [];
    for (let i = 1; i <= SAMPLE_WINDOW + 50; i++) window = mergeSamples(window, [at(i)]);
    expect(window).toHaveLength(SAMPLE_WINDOW);
    expect(window[0]!.ts).toBe(51);
    const history = Array.from({ length: 1000 }, (_, i) => at(i + 1));
    expect(mergeSamples([], history, 10).map((s) => s.ts)).toEqual([991, 992, 993, 994, 995, 996, 997, 998, 999, 1000]);
  });
});
