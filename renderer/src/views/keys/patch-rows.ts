import type { WireBytes } from '../../../../shared/contract/keys';
import { sameWire } from './key-names';
import type { KeyMeta, KeysPager, ViewKeyRow } from './rows';

/**
 * Put a fresh read of one key into the rows on screen (metadata refreshed on demand, not by
 * rescanning). `null` marks the key gone. `readAt` restarts the row's TTL countdown from now.
 */
export function patchKeyRow(pager: KeysPager, key: WireBytes, meta: KeyMeta | null, readAt = Date.now()): void {
  pager.patch((row) => {
    if (row.kind !== 'key' || !sameWire(row.key, key)) return undefined;
    const next: ViewKeyRow = meta ? { ...row, type: meta.type, ttlMs: meta.ttlMs, bytes: meta.bytes ?? row.bytes, gone: false, readAt } : { ...row, gone: true, readAt };
    return next;
  });
}
