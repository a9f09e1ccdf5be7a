import { create } from 'zustand';
import type { MetricHistory, MetricSample } from '../../../shared/contract/metrics';
import { appendSamples, EMPTY_BUFFER, mergeHistory, type MetricBuffer } from './metric-buffer';

interface MetricsStore {
  /** Per connection id: the last hour of samples plus 24 h of minute aggregates, oldest first. */
  buffers: Record<string, MetricBuffer>;
  /** One live sample: one store update per poll. */
  add(sample: MetricSample): void;
  mergeHistory(id: string, history: Pick<MetricHistory, 'fine' | 'coarse'>): void;
}

const EMPTY: MetricSample[] = [];

export const useMetricsStore = create<MetricsStore>()((set) => ({
  buffers: {},
  add: (sample) =>
    set((s) => ({ buffers: { ...s.buffers, [sample.connectionId]: appendSamples(s.buffers[sample.connectionId] ?? EMPTY_BUFFER, [sample]) } })),
  mergeHistory: (id, history) => set((s) => ({ buffers: { ...s.buffers, [id]: mergeHistory(s.buffers[id] ?? EMPTY_BUFFER, history) } })),
}));

/** The fine samples (last hour + live), oldest first. */
export function useSamples(id: string | null): MetricSample[] {
  return useMetricsStore((s) => (id ? s.buffers[id]?.fine : undefined) ?? EMPTY);
}

export function useMetricBuffer(id: string): MetricBuffer {
  return useMetricsStore((s) => s.buffers[id] ?? EMPTY_BUFFER);
}

/** The newest sample only: components that show "now" re-render once per poll, not more. */
export function useLatestSample(id: string): MetricSample | undefined {
  return useMetricsStore((s) => {
    const fine = s.buffers[id]?.fine;
    return fine?.[fine.length - 1];
  });
}
