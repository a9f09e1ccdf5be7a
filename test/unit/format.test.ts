import { describe, expect, it } from 'vitest';
import {
  NO_DATA,
  formatBytes,
  formatCompact,
  formatDuration,
  formatInteger,
  formatLatency,
  formatMemoryUse,
  formatPercent,
  formatRate,
} from '../../shared/format';

describe('formatBytes', () => {
  it('uses binary units with about three significant figures', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(10.5 * 1024 * 1024)).toBe('10.5 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
  });

  it('carries a value that rounds up to 1024 into the next unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.00 MiB');
  });

  it('says no data for null / NaN instead of 0', () => {
    expect(formatBytes(null)).toBe(NO_DATA);
    expect(formatBytes(Number.NaN)).toBe(NO_DATA);
  });
});

describe('formatPercent', () => {
  it('formats a fraction', () => {
    expect(formatPercent(0.8)).toBe('80.0%');
    expect(formatPercent(0.8123)).toBe('81.2%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(0.5, 0)).toBe('50%');
  });

  it('never rounds a near-perfect or near-zero ratio to an absolute claim', () => {
    expect(formatPercent(0.99996)).toBe('99.9%');
    expect(formatPercent(0.00001)).toBe('<0.1%');
  });

  it('null is no data, not 0 %', () => {
    expect(formatPercent(null)).toBe(NO_DATA);
    expect(formatPercent(undefined)).toBe(NO_DATA);
  });
});

describe('formatInteger / formatCompact / formatRate', () => {
  it('groups thousands', () => {
    expect(formatInteger(0)).toBe('0');
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(-1234)).toBe('-1,234');
    expect(formatInteger(null)).toBe(NO_DATA);
  });

  it('compacts large counts', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(12_345)).toBe('12.3k');
    expect(formatCompact(4_200_000)).toBe('4.20M');
    expect(formatCompact(999_960)).toBe('1.00M');
    expect(formatCompact(2.5e9)).toBe('2.50G');
  });

  it('keeps one decimal for small rates and 0 for a true zero', () => {
    expect(formatRate(0)).toBe('0');
    expect(formatRate(0.44)).toBe('0.4');
    expect(formatRate(99.6)).toBe('100');
    expect(formatRate(1520)).toBe('1.52k');
    expect(formatRate(null)).toBe(NO_DATA);
  });
});

describe('formatLatency / formatDuration', () => {
  it('formats latency in ms or s', () => {
    expect(formatLatency(0.4213)).toBe('0.42 ms');
    expect(formatLatency(12.34)).toBe('12.3 ms');
    expect(formatLatency(1500)).toBe('1.50 s');
    expect(formatLatency(null)).toBe(NO_DATA);
  });

  it('formats durations as the two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(3725)).toBe('1h 2m');
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(200_000)).toBe('2d 7h');
    expect(formatDuration(-1)).toBe(NO_DATA);
  });
});

describe('formatMemoryUse', () => {
  it('says "no limit" instead of dividing by a zero maxmemory', () => {
    const m = formatMemoryUse(2 * 1024 * 1024, 0);
    expect(m.value).toBe('2.00 MiB');
    expect(m.detail).toContain('no limit');
    expect(m.detail).not.toMatch(/Infinity|NaN/);
  });

  it('shows used of limit with the fraction', () => {
    expect(formatMemoryUse(512 * 1024, 1024 * 1024)).toEqual({ value: '512 KiB', detail: 'of 1.00 MiB · 50.0%' });
  });
});
