import { formatDuration } from '../../../../shared/format';

/**
 * TTLs as people type and read them. Input: a number of seconds, or units (`90s`, `30m`,
 * `2h`, `7d`, `1h30m`). Output: a countdown with the two largest units.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export type TtlParse = { ok: true; ms: number } | { ok: false; message: string };

export function parseTtl(input: string, maxMs: number): TtlParse {
  const text = input.trim().toLowerCase().replace(/\s+/g, '');
  if (text === '') return { ok: false, message: 'Type a TTL, e.g. 300, 30m, 2h or 7d.' };
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
      return { ok: false, message: `“${input.trim()}” is not a TTL: use seconds or units like 90s, 30m, 2h, 7d.` };
    }
    ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
  }
  ms = Math.round(ms);
  if (!(ms >= 1)) return { ok: false, message: 'A TTL must be at least 1 ms; use Persist to remove the expiry.' };
  if (ms > maxMs) return { ok: false, message: 'That TTL is longer than Redis accepts.' };
  return { ok: true, ms };
}

/** Remaining TTL now, from a value read `ageMs` ago. Null stays null (no expiry). */
export function remainingTtl(ttlMs: number | null, ageMs: number): number | null {
  return ttlMs === null ? null : ttlMs - Math.max(0, ageMs);
}

/** "29m 59s", "2d 7h", "expired", "no expiry". */
export function formatTtl(ms: number | null): string {
  if (ms === null) return 'no expiry';
  if (ms <= 0) return 'expired';
  // Count down in whole seconds, rounding up: a key with 400 ms left still shows 1s.
  return formatDuration(Math.ceil(ms / 1000));
}

/** A short form for narrow columns: "59s", "29m", "2h", "7d". */
export function formatTtlShort(ms: number | null): string {
  if (ms === null) return '∞';
  if (ms <= 0) return 'expired';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}
