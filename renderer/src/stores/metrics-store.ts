import { create } from 'zustand';
import type { MetricSample } from '../../../shared/contract/metrics';
import { mergeSamples } from './sample-window';

interface MetricsStore {
  /** Last samples per connection id, oldest first. */
  samples: Record<string, MetricSample[]>;
  add(sample: MetricSample): void;
  merge(id: string, samples: MetricSample[]): void;
}

const EMPTY: MetricSample[] = [];

export const useMetricsStore = create<MetricsStore>()((set) => ({
  samples: {},
  add: (sample) =>
    set((s) => ({ samples: { ...s.samples, [sample.connectionId]: mergeSamples(s.samples[sample.connectionId] ?? EMPTY, [sample]) } })),
  merge: (id, incoming) => set((s) => ({ samples: { ...s.samples, [id]: mergeSamples(s.samples[id] ?? EMPTY, incoming) } })),
}));

export function useSamples(id: string | null): MetricSample[] {
  return useMetricsStore((s) => (id ? s.samples[id] : undefined) ?? EMPTY);
}
