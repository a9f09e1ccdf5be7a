import { create } from 'zustand';
import type { AppStatsConfig, AppStatsSample } from '../../../shared/contract/dashboard';
import type { Loadable } from './alerts-store';

/** One hour at a 1 s cadence; what the panel draws is downsampled from this. */
const SAMPLES_MAX = 3600;

interface AppStatsStore {
  /** The chosen source per connection (null = none chosen yet). */
  config: Record<string, Loadable<AppStatsConfig | null>>;
  samples: Record<string, AppStatsSample[]>;
  setConfig(id: string, config: Loadable<AppStatsConfig | null>): void;
  /** Replace the samples (history reply, or a new source: old samples chart other counters). */
  setSamples(id: string, samples: AppStatsSample[]): void;
  add(sample: AppStatsSample): void;
}

const EMPTY: AppStatsSample[] = [];

export const useAppStatsStore = create<AppStatsStore>()((set) => ({
  config: {},
  samples: {},
  setConfig: (id, config) => set((s) => ({ config: { ...s.config, [id]: config } })),
  setSamples: (id, samples) => set((s) => ({ samples: { ...s.samples, [id]: [...samples].sort((a, b) => a.ts - b.ts).slice(-SAMPLES_MAX) } })),
  add: (sample) =>
    set((s) => {
      const current = s.samples[sample.connectionId] ?? EMPTY;
      const last = current[current.length - 1];
      if (last && sample.ts <= last.ts) return s;
      const next = current.length >= SAMPLES_MAX ? [...current.slice(current.length - SAMPLES_MAX + 1), sample] : [...current, sample];
      return { samples: { ...s.samples, [sample.connectionId]: next } };
    }),
}));
