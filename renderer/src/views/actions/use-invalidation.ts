import { useCallback, useState } from 'react';
import { create } from 'zustand';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ActionPreview, ActionTarget, JobProgress } from '../../../../shared/contract/actions';
import type { ErrorCode } from '../../../../shared/envelope';
import { useJob } from './jobs-store';

export type InvalidationState =
  | { step: 'idle' }
  | { step: 'previewing' }
  | { step: 'previewed'; preview: ActionPreview }
  | { step: 'confirming'; preview: ActionPreview; busy: boolean; error: string | null }
  | { step: 'running'; preview: ActionPreview; jobId: string; undoFile?: string }
  | { step: 'error'; code: ErrorCode; message: string };

export interface Invalidation {
  state: InvalidationState;
  /** The job's progress (and its result once it ends) while `state.step === 'running'`. */
  job: JobProgress | undefined;
  preview(target: ActionTarget): Promise<void>;
  /** previewed → confirming (the dialog opens). */
  askConfirm(): void;
  /** confirming → previewed (the dialog closed without confirming). */
  dismissConfirm(): void;
  /** Send the confirmation; undo is kept whenever the preview says it is available. */
  execute(confirmation: string, options?: { throttle?: number }): Promise<void>;
  cancelJob(): Promise<void>;
  reset(): void;
}

const IDLE: InvalidationState = { step: 'idle' };

/**
 * Per-connection flow state outside React: a long delete keeps running (and its card, Cancel and
 * Undo stay reachable) when the user looks at another tab and comes back.
 */
const useFlows = create<{ flows: Record<string, InvalidationState>; generations: Record<string, number> }>(() => ({ flows: {}, generations: {} }));

function setFlow(id: string, next: InvalidationState | ((s: InvalidationState) => InvalidationState)): void {
  useFlows.setState((all) => {
    const prev = all.flows[id] ?? IDLE;
    return { flows: { ...all.flows, [id]: typeof next === 'function' ? next(prev) : next } };
  });
}

/** A reply that arrives after the user moved on (reset, a new preview) must not land: each request takes a generation. */
function nextGeneration(id: string): number {
  const gen = (useFlows.getState().generations[id] ?? 0) + 1;
  useFlows.setState((all) => ({ generations: { ...all.generations, [id]: gen } }));
  return gen;
}
const isCurrent = (id: string, gen: number) => useFlows.getState().generations[id] === gen;

/**
 * The invalidation steps of issue 5 as one hook: preview → confirm → execute (a job with
 * progress, cancellable) → result. Every refusal of the core (READ_ONLY, an expired preview,
 * a wrong phrase) lands in the state as words. The Keys view can reuse it for "delete this key"
 * with `preview({ kind: 'keys', keys: [name] })` and <ConfirmActionDialog>, under its own
 * `scope` so its flow and the Actions view's do not share state.
 */
export function useInvalidation(api: CachescopeApi, connectionId: string, scope = 'actions'): Invalidation {
  // The flow's key: one per connection and per caller (the Actions view, the Keys view…).
  const flowId = `${scope}:${connectionId}`;
  const state = useFlows((s) => s.flows[flowId] ?? IDLE);
  const job = useJob(api, state.step === 'running' ? state.jobId : null);

  const preview = useCallback(
    async (target: ActionTarget) => {
      const gen = nextGeneration(flowId);
      setFlow(flowId, { step: 'previewing' });
      const r = await api.invoke('actions.preview', { id: connectionId, target });
      if (!isCurrent(flowId, gen)) return;
      setFlow(flowId, r.ok ? { step: 'previewed', preview: r.value } : { step: 'error', code: r.error.code, message: r.error.message });
    },
    [api, connectionId, flowId],
  );

  const askConfirm = useCallback(() => setFlow(flowId, (s) => (s.step === 'previewed' ? { step: 'confirming', preview: s.preview, busy: false, error: null } : s)), [flowId]);
  const dismissConfirm = useCallback(() => setFlow(flowId, (s) => (s.step === 'confirming' && !s.busy ? { step: 'previewed', preview: s.preview } : s)), [flowId]);

  const execute = useCallback(
    async (confirmation: string, options: { throttle?: number } = {}) => {
      if (state.step !== 'confirming' || state.busy) return;
      const { preview: p } = state;
      const gen = nextGeneration(flowId);
      setFlow(flowId, { step: 'confirming', preview: p, busy: true, error: null });
      const r = await api.invoke('actions.execute', {
        id: connectionId,
        previewId: p.previewId,
        confirmation,
        undo: p.undoAvailable,
        ...(options.throttle !== undefined ? { throttle: options.throttle } : {}),
      });
      if (!isCurrent(flowId, gen)) return;
      if (!r.ok) setFlow(flowId, { step: 'confirming', preview: p, busy: false, error: r.error.message });
      else setFlow(flowId, { step: 'running', preview: p, jobId: r.value.jobId, ...(r.value.undoFile ? { undoFile: r.value.undoFile } : {}) });
    },
    [api, connectionId, flowId, state],
  );

  const cancelJob = useCallback(async () => {
    if (state.step === 'running') await api.invoke('actions.cancel', { jobId: state.jobId });
  }, [api, state]);

  const reset = useCallback(() => {
    nextGeneration(flowId);
    setFlow(flowId, IDLE);
  }, [flowId]);

  return { state, job, preview, askConfirm, dismissConfirm, execute, cancelJob, reset };
}

/** Restore an undo file as a job; `replace` overwrites keys recreated since the delete. */
export function useUndoRun(api: CachescopeApi, connectionId: string) {
  const [run, setRun] = useState<{ jobId: string | null; error: string | null; starting: boolean }>({ jobId: null, error: null, starting: false });
  const job = useJob(api, run.jobId);
  const start = useCallback(
    async (undoFile: string, replace: boolean, intoOtherTarget = false) => {
      setRun({ jobId: null, error: null, starting: true });
      const r = await api.invoke('actions.undo', { id: connectionId, undoFile, replace, intoOtherTarget });
      setRun(r.ok ? { jobId: r.value.jobId, error: null, starting: false } : { jobId: null, error: r.error.message, starting: false });
    },
    [api, connectionId],
  );
  const clear = useCallback(() => setRun({ jobId: null, error: null, starting: false }), []);
  return { ...run, job, start, clear };
}
