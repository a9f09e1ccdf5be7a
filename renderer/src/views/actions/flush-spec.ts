import type { CachescopeApi } from '../../../../shared/contract/api';
import type { FlushPreview, FlushResult } from '../../../../shared/contract/actions';
import type { ErrorCode } from '../../../../shared/envelope';
import type { ActionSpec } from '../../app/confirmed-action';

/** Errors after which deleting by scan is the way: the command is renamed away or the ACL denies it. */
export const BY_SCAN_CODES: ErrorCode[] = ['UNSUPPORTED', 'NO_PERMISSION'];

/** FLUSHDB / FLUSHALL as a confirmed action: no job, the reply is the result; no undo. */
export function flushSpec(api: CachescopeApi, id: string): ActionSpec<boolean, FlushPreview, FlushResult> {
  return {
    preview: (all) => api.invoke('flush.preview', { id, all }),
    execute: (p, confirmation) => api.invoke('flush.execute', { id, previewId: p.previewId, confirmation }),
    jobOf: () => null,
    fatal: BY_SCAN_CODES,
  };
}
