/** Medians and spread of repeated runs. */

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** { median, min, max, n, spreadPct: (max - min) / median in % } */
export function summarize(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  const m = median(v);
  if (m === null) return { median: null, min: null, max: null, n: 0, spreadPct: null };
  const min = Math.min(...v);
  const max = Math.max(...v);
  return { median: m, min, max, n: v.length, spreadPct: m !== 0 ? round(((max - min) / Math.abs(m)) * 100, 1) : null };
}

export function round(x, digits = 0) {
  if (x === null || x === undefined || !Number.isFinite(x)) return x ?? null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Sum of a field over objects, or per-run values of a field. */
export const pluck = (runs, key) => runs.map((r) => (typeof key === 'function' ? key(r) : r[key]));
