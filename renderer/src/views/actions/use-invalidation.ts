import { useMemo } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { CommandReply } from '../../../../shared/contract';
import type { ActionPreview, ActionTarget } from '../../../../shared/contract/actions';
import { useConfirmedAction, type ActionFlowState, type ActionSpec, type ConfirmedAction } from '../../app/confirmed-action';

type ExecuteReply = CommandReply<'actions.execute'>;
export type InvalidationExtra = { throttle?: number };
export type Invalidation = ConfirmedAction<ActionTarget, ActionPreview, ExecuteReply, InvalidationExtra>;
export type InvalidationState = ActionFlowState<ActionPreview, ExecuteReply>;

/** Deleting keys by target (actions.preview / actions.execute) as a confirmed action; undo is kept whenever the preview says it can be. */
export function invalidationSpec(api: CachescopeApi, connectionId: string): ActionSpec<ActionTarget, ActionPreview, ExecuteReply, InvalidationExtra> {
  return {
    preview: (target) => api.invoke('actions.preview', { id: connectionId, target }),
    execute: (p, confirmation, extra) =>
      api.invoke('actions.execute', {
        id: connectionId,
        previewId: p.previewId,
        confirmation,
        undo: p.undoAvailable,
        ...(extra?.throttle !== undefined ? { throttle: extra.throttle } : {}),
      }),
    jobOf: (reply) => reply.jobId,
    undoFileOf: (reply) => reply.undoFile ?? null,
  };
}

/**
 * The invalidation of issue 5: one flow per connection and per caller (`scope`), so the
 * Actions view's flow and another view's do not share state.
 */
export function useInvalidation(api: CachescopeApi, connectionId: string, scope = 'actions'): Invalidation {
  const spec = useMemo(() => invalidationSpec(api, connectionId), [api, connectionId]);
  return useConfirmedAction(api, `${scope}:invalidate:${connectionId}`, spec);
}
