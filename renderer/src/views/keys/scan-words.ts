import type { ScanProgress } from '../../../../shared/contract/keyspace';
import { formatCompact, formatRate } from '../../../../shared/format';

/** "412k of 1.0M scanned · 180k keys/s · script path" — how far a scan is, honestly. */
export function scanLine(p: ScanProgress): string {
  const parts = [`${formatCompact(p.scanned)} of ${formatCompact(p.total)} scanned`];
  // A MATCH scan indexes only its keys: say so, or the tree would look like the whole keyspace.
  if (p.match) parts.push(`MATCH ${'utf8' in p.match ? p.match.utf8 : '(binary)'}`);
  if (p.type) parts.push(`TYPE ${p.type}`);
  if (p.state === 'running') parts.push(`${formatRate(p.keysPerSec)} keys/s`);
  if (p.path) parts.push(`${p.path} path`);
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
