import { create } from 'zustand';
import type { AnalysisReport } from '../../../../shared/contract/keyspace';

export interface AnalysisOptions {
  /** Glob of the keys to analyse ('' = the whole keyspace). */
  match: string;
  /** Namespace depth: how many delimiter-separated segments name a namespace. */
  depth: number;
  /** Fold the connection's saved prefix away in namespace names. */
  fold: boolean;
}

export type AnalysisRun =
  | { status: 'idle' }
  | { status: 'scanning'; scanId: string | null }
  | { status: 'building' }
  | { status: 'error'; message: string };

interface AnalysisConnection {
  options: AnalysisOptions;
  run: AnalysisRun;
  report: AnalysisReport | null;
}

const DEFAULT: AnalysisConnection = { options: { match: '', depth: 2, fold: true }, run: { status: 'idle' }, report: null };

interface AnalysisStore {
  conns: Record<string, AnalysisConnection>;
  setOptions(id: string, patch: Partial<AnalysisOptions>): void;
  setRun(id: string, run: AnalysisRun): void;
  setReport(id: string, report: AnalysisReport): void;
}

/** Per connection: the report last built and how the next one is asked for (kept across tab switches). */
export const useAnalysisStore = create<AnalysisStore>()((set) => {
  const patch = (id: string, fn: (c: AnalysisConnection) => Partial<AnalysisConnection>) =>
    set((s) => {
      const cur = s.conns[id] ?? DEFAULT;
      return { conns: { ...s.conns, [id]: { ...cur, ...fn(cur) } } };
    });
  return {
    conns: {},
    setOptions: (id, p) => patch(id, (c) => ({ options: { ...c.options, ...p } })),
    setRun: (id, run) => patch(id, () => ({ run })),
    setReport: (id, report) => patch(id, () => ({ report, run: { status: 'idle' } })),
  };
});

export function useAnalysisConnection(id: string): AnalysisConnection {
  return useAnalysisStore((s) => s.conns[id] ?? DEFAULT);
}
