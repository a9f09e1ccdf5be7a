/**
 * Seeded randomness for the demo workload and the seeder: the same seed gives the same keys and
 * values, so tests and benchmarks load identical datasets.
 */

/**
 * A 32-bit integer hash (murmur3's finaliser) of up to four inputs: per-key seeds, id digits.
 * Fixed arity on purpose: rest parameters allocate an array per call, and this runs per key.
 */
export function mix32(a: number, b = 0, c = 0, d = 0): number {
  let h = 0x9e3779b9;
  h = fmix(Math.imul(h ^ (a >>> 0), 0x85ebca6b));
  h = fmix(Math.imul(h ^ (b >>> 0), 0x85ebca6b));
  h = fmix(Math.imul(h ^ (c >>> 0), 0x85ebca6b));
  h = fmix(Math.imul(h ^ (d >>> 0), 0x85ebca6b));
  return h >>> 0;
}

function fmix(h: number): number {
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** FNV-1a of a string: a stable number for a spec's name. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast, good enough for synthetic data (not for anything secret). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/**
 * A Zipf-like rank in [0, n): rank r is drawn with probability ≈ 1/(r+1)^s, by inverting the
 * continuous approximation of the CDF — O(1) per draw for any n, which a 1M-key id space needs.
 */
export function zipfRank(u: number, n: number, s = 1): number {
  if (n <= 1) return 0;
  let x: number;
  if (Math.abs(s - 1) < 1e-9) x = Math.pow(n + 1, u);
  else {
    const a = 1 - s;
    x = Math.pow(1 + u * (Math.pow(n + 1, a) - 1), 1 / a);
  }
  return Math.min(n - 1, Math.max(0, Math.floor(x) - 1));
}
