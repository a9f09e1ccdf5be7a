import { slotOf } from '../redis/slots';
import type { KeyIndex } from './key-index';

/**
 * Remove from the index every key of these cluster slots (a node's part that is read again
 * after a failover: what it had added may be gone by now). One pass over the index, CRC16 per
 * key — tens of ms for a million keys, on a rare event. Returns how many were removed.
 */
export function dropSlots(index: KeyIndex, slots: readonly (readonly [number, number])[]): number {
  if (slots.length === 0) return 0;
  const hit = new Uint8Array(16384);
  for (const [a, b] of slots) hit.fill(1, a, b + 1);
  const doomed: Buffer[] = [];
  for (let i = 0; i < index.count; i++) if (index.isLive(i) && hit[slotOf(index.nameView(i))] === 1) doomed.push(index.name(i));
  for (const key of doomed) index.remove(key);
  return doomed.length;
}
