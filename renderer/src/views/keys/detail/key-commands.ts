import type { CommandArgs } from '../../../../../shared/contract';
import type { CachescopeApi } from '../../../../../shared/contract/api';
import type { WireBytes } from '../../../../../shared/contract/keys';

/**
 * The detail pane's commands on one key, by its exact bytes: the next page of its value, the
 * whole value to a file (streamed by main), its TTL. The components keep their own paging state.
 */
export const fetchValuePage = (api: CachescopeApi, args: CommandArgs<'keys.value'>) => api.invoke('keys.value', args);

export const downloadValue = (api: CachescopeApi, id: string, key: WireBytes) => api.invoke('keys.value.download', { id, key });

/** PEXPIRE, or PERSIST with null; the reply carries the key's TTL as the core now reads it. */
export const setKeyTtl = (api: CachescopeApi, id: string, key: WireBytes, ttlMs: number | null) => api.invoke('keys.ttl.set', { id, key, ttlMs });
