import type { ScanProgress } from '../../../../shared/contract/keyspace';
import { formatCompact, formatInteger, formatRate } from '../../../../shared/format';

/** "412k of 1.0M scanned · 180k keys/s · script path" — how far a scan is, honestly. */
export function scanLine(p: ScanProgress): string {
  const parts = [`${formatCompact(p.scanned)} of ${formatCompact(p.total)} scanned`];
  // A MATCH scan indexes only its keys: say so, or the tree would look like the whole keyspace.
  if (p.match) parts.push(`MATCH ${'utf8' in p.match ? p.match.utf8 : '(binary)'}`);
  if (p.type) parts.push(`TYPE ${p.type}`);
  if (p.state === 'running') parts.push(`${formatRate(p.keysPerSec)} keys/s`);
  if (p.path) parts.push(`${p.path} path`);
  // A cluster's scan reads several nodes; say how many, and whose (primaries unless replicas).
  if ((p.nodes ?? 1) > 1 || p.fromReplicas) parts.push(`${p.nodes ?? 1} ${p.fromReplicas ? 'replica' : 'primary'} node${(p.nodes ?? 1) === 1 ? '' : 's'}`);
  if (p.state === 'running' && p.etaSec !== null && p.etaSec > 1) parts.push(`about ${Math.ceil(p.etaSec)} s left`);
  return parts.join(' · ');
}

export const SCAN_STATE_WORDS: Record<ScanProgress['state'], string> = {
  running: 'Scanning',
  done: 'Scan complete',
  cancelled: 'Scan cancelled',
  error: 'Scan failed',
  restarted: 'Scan restarted',
};

/** 0–1 for the progress bar; the cursor fraction when MATCH hides the count, else scanned/total. */
export function scanFraction(p: ScanProgress): number | null {
  if (p.state === 'done') return 1;
  if (p.fraction !== null) return Math.min(1, Math.max(0, p.fraction));
  return p.total > 0 ? Math.min(1, p.scanned / p.total) : null;
}

/** Keys per second a scan with sizes reaches in the UI (the bench: ~95k at 1M keys, 2 cores); for estimates only. */
const SCAN_KEYS_PER_SEC = 90_000;

/** "about 5 s" / "about 2 min": how long scanning `keys` keys should take, roughly. */
export function scanEstimate(keys: number): string {
  const s = Math.max(1, Math.ceil(keys / SCAN_KEYS_PER_SEC));
  return s < 90 ? `about ${s} s` : `about ${Math.round(s / 60)} min`;
}

/** The state word of the scan bar; a scan the tab started by itself says so. */
export function scanHeadline(p: ScanProgress, auto: boolean): string {
  if (!auto) return SCAN_STATE_WORDS[p.state];
  if (p.state === 'done') return `Scanned automatically: ${formatInteger(p.scanned)} key${p.scanned === 1 ? '' : 's'}`;
  if (p.state === 'running') return 'Scanning automatically (a small keyspace)';
  return SCAN_STATE_WORDS[p.state];
}
