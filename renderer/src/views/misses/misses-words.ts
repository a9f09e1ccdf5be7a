import type { MissesReport, MissNamespace } from '../../../../shared/contract/misses';

/** Events per second over the last `n` whole seconds of the report's series (null: not watched that long). */
export function recentRate(r: MissesReport, pick: (s: MissesReport['series'][number]) => number, n = 10): number | null {
  if (r.seconds < 1) return null;
  const end = r.state === 'watching' ? Date.now() : r.startedAt + r.seconds * 1000;
  const from = Math.max(r.startedAt, end - n * 1000);
  const within = r.series.filter((s) => s.t >= from - 1000);
  const span = (end - from) / 1000;
  return span > 0 ? within.reduce((a, s) => a + pick(s), 0) / span : null;
}

/** The record's window in words: what "cold" means for this report. */
export function windowWords(r: MissesReport): string {
  const mb = (r.record.bytes / 1e6).toFixed(0);
  const holds = r.record.windowSec === null ? 'every removal since watching started' : `the removals of the last ${Math.round(r.record.windowSec)} s`;
  return `Causes come from a record of the last ${r.record.capacity.toLocaleString('en-US')} removed keys (up to ${mb} MB); it now holds ${holds}. A miss on a key removed before that counts as cold.`;
}

export function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)} %` : '—';
}

export const CAUSE_LABELS: [keyof MissNamespace['causes'], string][] = [
  ['cold', 'cold'],
  ['afterExpiry', 'after expiry'],
  ['afterEviction', 'after eviction'],
  ['afterDelete', 'after delete'],
];
