import type { TtlRule } from '../../../../shared/contract/keyspace';
import { parseTtl } from '../keys/ttl-text';

/** The TTL policy editor's rows as typed, and their conversion to and from saved rules (pure). */

export interface DraftRule {
  pattern: string;
  /** Max TTL as typed ('' = no upper bound). */
  max: string;
  requireTtl: boolean;
  note: string;
}

const TEN_YEARS_MS = 10 * 365 * 86400 * 1000;

/** Seconds as every non-zero unit ("1d1h1m1s"): exact, so saving a rule unchanged keeps it. */
function secondsText(sec: number): string {
  const parts: [number, string][] = [
    [Math.floor(sec / 86400), 'd'],
    [Math.floor((sec % 86400) / 3600), 'h'],
    [Math.floor((sec % 3600) / 60), 'm'],
    [sec % 60, 's'],
  ];
  return parts.filter(([v]) => v > 0).map(([v, u]) => `${v}${u}`).join('') || '0s';
}

export const toDraft = (r: TtlRule): DraftRule => ({ pattern: r.pattern, max: r.maxTtlSec === null ? '' : secondsText(r.maxTtlSec), requireTtl: r.requireTtl, note: r.note ?? '' });

/** Draft rows → rules, or the first problem in words (with its row number). */
export function toRules(drafts: DraftRule[]): { ok: true; rules: TtlRule[] } | { ok: false; message: string } {
  const rules: TtlRule[] = [];
  for (const [i, d] of drafts.entries()) {
    const pattern = d.pattern.trim();
    if (pattern === '') return { ok: false, message: `Rule ${i + 1}: type a key pattern, e.g. user:*` };
    let maxTtlSec: number | null = null;
    if (d.max.trim() !== '') {
      const p = parseTtl(d.max, TEN_YEARS_MS);
      if (!p.ok) return { ok: false, message: `Rule ${i + 1}: ${p.message}` };
      maxTtlSec = Math.max(1, Math.round(p.ms / 1000));
    }
    rules.push({ pattern, maxTtlSec, requireTtl: d.requireTtl, ...(d.note.trim() ? { note: d.note.trim().slice(0, 200) } : {}) });
  }
  return { ok: true, rules };
}
