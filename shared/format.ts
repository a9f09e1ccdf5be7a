/**
 * Pure number formatting shared by the renderer and the CLI. Deterministic (no locale
 * lookups) so tests and screenshots read the same everywhere. `null`/non-finite means
 * "no data" and renders as an em dash — never as a fake 0.
 */

export const NO_DATA = '—';

const isNumber = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/** Digits so the number shows about 3 significant figures: 1.23, 12.3, 123. */
function sig3(n: number): string {
  const abs = Math.abs(n);
  if (abs === 0) return '0';
  if (abs < 10) return n.toFixed(2);
  if (abs < 100) return n.toFixed(1);
  return n.toFixed(0);
}

/** 1234567 → "1,234,567" (integers only; rounds). */
export function formatInteger(n: number | null | undefined): string {
  if (!isNumber(n)) return NO_DATA;
  const rounded = Math.round(n);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Binary units: 1536 → "1.50 KiB", 0 → "0 B". */
export function formatBytes(n: number | null | undefined): string {
  if (!isNumber(n)) return NO_DATA;
  if (n < 0) return '-' + formatBytes(-n);
  if (n < 1024) return `${Math.round(n)} B`;
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.9 KiB would print as "1024 KiB"; carry it to the next unit instead.
  if (Number(sig3(value)) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sig3(value)} ${BYTE_UNITS[unit]}`;
}

/** A fraction 0–1 as a percentage: 0.8123 → "81.2%". Values are not clamped (a ratio above 1 is real). */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (!isNumber(fraction)) return NO_DATA;
  const pct = fraction * 100;
  // 99.96 % of hits must not read as "100.0%" — that claims no miss at all.
  const text = pct.toFixed(digits);
  if (Number(text) === 100 && fraction < 1) return `${(100 - 10 ** -digits).toFixed(digits)}%`;
  if (Number(text) === 0 && fraction > 0) return `<${(10 ** -digits).toFixed(digits)}%`;
  return `${text}%`;
}

const COMPACT_UNITS: [number, string][] = [
  [1e3, 'k'],
  [1e6, 'M'],
  [1e9, 'G'],
  [1e12, 'T'],
];

/** Compact counts: 950 → "950", 12_345 → "12.3k", 4_200_000 → "4.20M". */
export function formatCompact(n: number | null | undefined): string {
  if (!isNumber(n)) return NO_DATA;
  const abs = Math.abs(n);
  if (abs < 1000) return abs < 10 && !Number.isInteger(n) ? n.toFixed(1) : String(Math.round(n));
  // The smallest unit whose rounded mantissa stays below 1000 (999.96k reads "1.00M", not "1000k").
  for (const [size, suffix] of COMPACT_UNITS) {
    const text = sig3(n / size);
    if (Math.abs(Number(text)) < 1000 || size === 1e12) return `${text}${suffix}`;
  }
  return String(n);
}

/** A per-second rate: "0", "0.4", "12", "12.3k" (unit suffix added by the caller). */
export function formatRate(perSec: number | null | undefined): string {
  if (!isNumber(perSec)) return NO_DATA;
  if (perSec === 0) return '0';
  if (Math.abs(perSec) < 10) return perSec.toFixed(1);
  return formatCompact(perSec);
}

/** Round-trip latency: 0.42 → "0.42 ms", 12.3 → "12.3 ms", 1500 → "1.50 s". */
export function formatLatency(ms: number | null | undefined): string {
  if (!isNumber(ms)) return NO_DATA;
  if (ms >= 1000) return `${sig3(ms / 1000)} s`;
  return `${sig3(ms)} ms`;
}

/** Seconds as the two largest units: 42 → "42s", 3725 → "1h 2m", 200000 → "2d 7h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!isNumber(seconds) || seconds < 0) return NO_DATA;
  const s = Math.floor(seconds);
  const parts: [number, string][] = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([v]) => v > 0);
  if (first === -1) return '0s';
  return parts
    .slice(first, first + 2)
    .filter(([v], i) => i === 0 || v > 0)
    .map(([v, u]) => `${v}${u}`)
    .join(' ');
}

/** "used of limit" for the memory tile; a 0 limit is Redis's "no limit", never a division. */
export function formatMemoryUse(used: number, maxMemory: number): { value: string; detail: string } {
  if (!(maxMemory > 0)) return { value: formatBytes(used), detail: 'no limit (maxmemory 0)' };
  return { value: formatBytes(used), detail: `of ${formatBytes(maxMemory)} · ${formatPercent(used / maxMemory)}` };
}
