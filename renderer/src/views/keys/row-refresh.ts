import type { CachescopeApi } from '../../../../shared/contract/api';
import type { WireBytes } from '../../../../shared/contract/keys';
import { patchKeyRow } from './patch-rows';
import type { KeysPager } from './rows';

/** Read one key's type, TTL and memory again and put them in its row (no rescan). */
export async function refreshKeyRow(api: CachescopeApi, id: string, pager: KeysPager, key: WireBytes): Promise<void> {
  const r = await api.invoke('keys.lookup', { id, key });
  if (r.ok) patchKeyRow(pager, key, r.value.row ? { type: r.value.row.type, ttlMs: r.value.row.ttlMs, bytes: r.value.row.bytes } : null);
}

/** Read the metadata of every key in rows [start, end) again (at most 100: the ~40 rows on screen). */
export async function refreshKeyRows(api: CachescopeApi, id: string, pager: KeysPager, range: { start: number; end: number }): Promise<void> {
  const keys: WireBytes[] = [];
  for (let i = range.start; i < range.end && keys.length < 100; i++) {
    const row = pager.row(i)?.row;
    if (row?.kind === 'key') keys.push(row.key);
  }
  await Promise.all(keys.map((key) => refreshKeyRow(api, id, pager, key)));
}
