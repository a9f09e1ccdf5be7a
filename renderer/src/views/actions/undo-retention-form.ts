import type { ActionSettings } from '../../../../shared/contract/actions';

export type UndoRetentionSettings = Pick<ActionSettings, 'undoKeepDays' | 'undoKeepBytes'>;

export const MIB = 1024 * 1024;
const GIB = 1024 ** 3;
const MAX_LIMIT_MIB = 64 * 1024;
const MAX_DAYS = 3650;
const MAX_GIB = 64 * 1024;

/** GiB with at most two decimals, as shown in the field. */
export function gibText(bytes: number): string {
  return String(Math.round((bytes / GIB) * 100) / 100);
}

/** The form's text as settings, or why it is not valid (the core checks the same bounds). */
export function parseRetention(days: string, gib: string): UndoRetentionSettings | string {
  const d = days.trim();
  const g = gib.trim();
  if (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > MAX_DAYS) return `Days: a whole number from 1 to ${MAX_DAYS}.`;
  if (!/^\d+(\.\d{1,2})?$/.test(g) || Number(g) > MAX_GIB) return `Size: a number of GiB (up to two decimals), 0 to ${MAX_GIB}.`;
  return { undoKeepDays: Number(d), undoKeepBytes: Math.round(Number(g) * GIB) };
}

/** The whole undo form: the per-file limit in MiB (0 = undo off) and the retention, or why not. */
export function parseUndoSettings(limitMib: string, days: string, gib: string): ActionSettings | string {
  const l = limitMib.trim();
  if (!/^\d+$/.test(l) || Number(l) > MAX_LIMIT_MIB) return `Undo file limit: a whole number of MiB, 0 (undo off) to ${MAX_LIMIT_MIB}.`;
  const retention = parseRetention(days, gib);
  return typeof retention === 'string' ? retention : { undoLimitBytes: Number(l) * MIB, ...retention };
}
