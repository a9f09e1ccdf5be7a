const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time: "14:03" or "14:03:07". */
export function formatClock(ts: number, withSeconds = true): string {
  const d = new Date(ts);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withSeconds ? `${hm}:${pad(d.getSeconds())}` : hm;
}

/** A date and time for exports and tooltips across days: "2025-01-31 14:03:07". */
export function formatDateTime(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(ts)}`;
}

/** Axis labels: seconds only when the ticks are less than a minute apart ("14:03:30"), else "14:03". */
export function tickFormatter(ticks: readonly number[]): (ts: number) => string {
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : Number.POSITIVE_INFINITY;
  return step < 60_000 ? (ts) => formatClock(ts, true) : (ts) => formatClock(ts, false);
}

/** Evenly spaced tick positions on whole units, so labels read 14:00, 14:05 — not 14:03:17. */
export function timeTicks(from: number, to: number, count = 6): number[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const steps = [10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000];
  const step = steps.find((s) => span / s <= count) ?? 43_200_000;
  // Align to local time (the labels are local): shift by the timezone offset.
  const offset = new Date(from).getTimezoneOffset() * 60_000;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** "3 min ago", "2 h ago" — for "since" labels. */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d`;
}
