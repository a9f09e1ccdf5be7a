import { NO_EXPIRY, type KeyIndex } from './key-index';
import type { PageMeta } from './page-meta';

/**
 * Add a page's keys to the index. Keys that vanished between SCAN and TYPE/PTTL (expired,
 * evicted, deleted) are dropped quietly; `type` keeps only keys of that type (filtered here,
 * not with `SCAN … TYPE`, whose per-key lookups would count as hits the ledger cannot see).
 */
export function indexPage(index: KeyIndex, page: PageMeta, type: string | null): number {
  let added = 0;
  for (let i = 0; i < page.keys.length; i++) {
    const t = page.types[i];
    if (t === null || t === undefined) continue;
    if (type !== null && t !== type) continue;
    const pttl = page.pttl[i]!;
    if (pttl === -2) continue;
    index.add(page.keys[i]!, t, pttl >= 0 ? page.at + pttl : NO_EXPIRY, page.bytes[i]!, page.estimated[i] === 1);
    added++;
  }
  return added;
}
