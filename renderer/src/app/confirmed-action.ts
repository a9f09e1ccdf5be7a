import { useCallback, useEffect } from 'react';
import { create } from 'zustand';
import type { CachescopeApi } from '../../../shared/contract/api';
import type { JobProgress, JobState } from '../../../shared/contract/actions';
import type { Envelope, ErrorCode } from '../../../shared/envelope';
import { cancelJob, ensureJobFeed, useJob } from './jobs-store';

/**
 * The one confirmed-action flow every destructive action goes through (DESIGN.md invariant 6):
 * preview → confirm (<ConfirmActionDialog>) → execute → progress → done / failed / cancelled →
 * the undo offer. Invalidate, flush and "delete this key" differ only in their `ActionSpec`:
 * which commands preview and execute, whether the execute reply names a job, and which refusals
 * end the flow. A job's progress and end come from the one jobs store.
 */

export type ActionFlowState<P, R> =
  | { step: 'idle' }
  | { step: 'previewing' }
  | { step: 'previewed'; preview: P }
  | { step: 'confirming'; preview: P; busy: boolean; error: string | null }
  /** Accepted by the core: `jobId` is followed in the jobs store; null = `result` is the whole answer. */
  | { step: 'started'; preview: P; result: R; jobId: string | null }
  | { step: 'error'; code: ErrorCode; message: string };

export interface ActionSpec<A, P, R, X = void> {
  preview(args: A): Promise<Envelope<P>>;
  execute(preview: P, confirmation: string, extra: X | undefined): Promise<Envelope<R>>;
  /** The job an accepted execute started (progress follows), or null when the reply is the result. */
  jobOf(result: R): string | null;
  /** The undo file the execute reply names, if any. */
  undoFileOf?(result: R): string | null;
  /**
   * Refusals after which confirming again cannot help (the command is renamed away, the ACL
   * denies it): the flow ends in an error. Any other refusal stays in the dialog, in words.
   */
  fatal?: readonly ErrorCode[];
}

export interface ConfirmedAction<A, P, R, X = void> {
  state: ActionFlowState<P, R>;
  /** The started job's progress (undefined before its first event, or when there is no job). */
  job: JobProgress | undefined;
  /** null until started; then the job's state ('done' at once when the reply was the result). */
  outcome: JobState | null;
  /** The undo file of a started action, when one was kept. */
  undoFile: string | null;
  /** `confirm`: open the dialog as soon as the preview arrives (one-step actions like "delete this key"). */
  preview(args: A, options?: { confirm?: boolean }): Promise<void>;
  /** previewed → confirming (the dialog opens). */
  askConfirm(): void;
  /** confirming → previewed (the dialog closed without confirming). */
  dismissConfirm(): void;
  execute(confirmation: string, extra?: X): Promise<void>;
  cancel(): Promise<void>;
  reset(): void;
}

type AnyState = ActionFlowState<unknown, unknown>;
const IDLE: AnyState = { step: 'idle' };

/**
 * Flow state outside React, by flow id: a long delete keeps running (and its card, Cancel and
 * Undo stay reachable) when the user looks at another tab and comes back. An idle flow holds
 * no entry, so per-key flows do not pile up.
 */
const useFlows = create<{ flows: Record<string, AnyState>; generations: Record<string, number> }>(() => ({ flows: {}, generations: {} }));

function setFlow(id: string, next: AnyState | ((s: AnyState) => AnyState)): void {
  useFlows.setState((all) => {
    const value = typeof next === 'function' ? next(all.flows[id] ?? IDLE) : next;
    const flows = { ...all.flows };
    if (value.step === 'idle') delete flows[id];
    else flows[id] = value;
    return { flows };
  });
}

/** A reply that arrives after the user moved on (reset, a new preview) must not land: each request takes a generation. */
function nextGeneration(id: string): number {
  const gen = (useFlows.getState().generations[id] ?? 0) + 1;
  useFlows.setState((all) => ({ generations: { ...all.generations, [id]: gen } }));
  return gen;
}
const isCurrent = (id: string, gen: number) => useFlows.getState().generations[id] === gen;

/** The flow's current state, read outside React (execute, cancel) so callbacks stay stable. */
function current<P, R>(id: string): ActionFlowState<P, R> {
  return (useFlows.getState().flows[id] ?? IDLE) as ActionFlowState<P, R>;
}

/**
 * One flow, keyed by `flowId` (e.g. `invalidate:<connection>`): callers sharing an id share the
 * flow. `spec` must be stable (useMemo). An open dialog does not outlive the component that
 * shows it: unmounting closes it (the flow itself, and a running job, stay).
 */
export function useConfirmedAction<A, P, R, X = void>(api: CachescopeApi, flowId: string, spec: ActionSpec<A, P, R, X>): ConfirmedAction<A, P, R, X> {
  ensureJobFeed(api);
  const state = useFlows((s) => s.flows[flowId] ?? IDLE) as ActionFlowState<P, R>;
  const jobId = state.step === 'started' ? state.jobId : null;
  const job = useJob(api, jobId);

  const preview = useCallback(
    async (args: A, options: { confirm?: boolean } = {}) => {
      const gen = nextGeneration(flowId);
      setFlow(flowId, { step: 'previewing' });
      const r = await spec.preview(args);
      if (!isCurrent(flowId, gen)) return;
      if (!r.ok) setFlow(flowId, { step: 'error', code: r.error.code, message: r.error.message });
      else setFlow(flowId, options.confirm ? { step: 'confirming', preview: r.value, busy: false, error: null } : { step: 'previewed', preview: r.value });
    },
    [flowId, spec],
  );

  const askConfirm = useCallback(() => setFlow(flowId, (s) => (s.step === 'previewed' ? { step: 'confirming', preview: s.preview, busy: false, error: null } : s)), [flowId]);
  const dismissConfirm = useCallback(() => setFlow(flowId, (s) => (s.step === 'confirming' && !s.busy ? { step: 'previewed', preview: s.preview } : s)), [flowId]);

  const execute = useCallback(
    async (confirmation: string, extra?: X) => {
      const s = current<P, R>(flowId);
      if (s.step !== 'confirming' || s.busy) return;
      const { preview: p } = s;
      const gen = nextGeneration(flowId);
      setFlow(flowId, { step: 'confirming', preview: p, busy: true, error: null });
      const r = await spec.execute(p, confirmation, extra);
      if (!isCurrent(flowId, gen)) return;
      if (r.ok) setFlow(flowId, { step: 'started', preview: p, result: r.value, jobId: spec.jobOf(r.value) });
      else if (spec.fatal?.includes(r.error.code)) setFlow(flowId, { step: 'error', code: r.error.code, message: r.error.message });
      else setFlow(flowId, { step: 'confirming', preview: p, busy: false, error: r.error.message });
    },
    [flowId, spec],
  );

  const cancel = useCallback(async () => {
    const s = current<P, R>(flowId);
    if (s.step === 'started' && s.jobId) await cancelJob(api, s.jobId);
  }, [api, flowId]);

  const reset = useCallback(() => {
    nextGeneration(flowId);
    setFlow(flowId, IDLE);
  }, [flowId]);

  useEffect(() => () => dismissConfirm(), [dismissConfirm]);

  const outcome: JobState | null = state.step !== 'started' ? null : state.jobId === null ? 'done' : (job?.state ?? 'running');
  const undoFile = state.step === 'started' ? (spec.undoFileOf?.(state.result) ?? null) : null;
  return { state, job, outcome, undoFile, preview, askConfirm, dismissConfirm, execute, cancel, reset };
}
