import type { CachescopeApi } from '../../../../shared/contract/api';
import type { KeyLookup } from '../../../../shared/contract/keyspace';
import type { WireBytes } from '../../../../shared/contract/keys';

/** One key's type, TTL and memory by its exact bytes (keys.lookup: no scan); the error's words when it fails. */
export async function lookupKey(api: CachescopeApi, id: string, key: WireBytes): Promise<KeyLookup | string> {
  const r = await api.invoke('keys.lookup', { id, key });
  return r.ok ? r.value : r.error.message;
}
