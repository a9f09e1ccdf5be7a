import { create } from 'zustand';

export const CHART_WINDOWS = [
  { id: '5m', label: '5 m', ms: 5 * 60_000 },
  { id: '15m', label: '15 m', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 60 * 60_000 },
  { id: '24h', label: '24 h', ms: 24 * 60 * 60_000 },
] as const;
export type ChartWindowId = (typeof CHART_WINDOWS)[number]['id'];

const KEY = 'cachescope.chartWindow';

function readWindow(): ChartWindowId {
  try {
    const v = localStorage.getItem(KEY);
    return CHART_WINDOWS.find((w) => w.id === v)?.id ?? '5m';
  } catch {
    return '5m';
  }
}

export function windowMs(id: ChartWindowId): number {
  return CHART_WINDOWS.find((w) => w.id === id)!.ms;
}

interface DashboardStore {
  window: ChartWindowId;
  /** ms epoch the charts are frozen at; null = live. The store keeps collecting meanwhile. */
  pausedAt: number | null;
  setWindow(id: ChartWindowId): void;
  pause(at: number): void;
  resume(): void;
}

export const useDashboardStore = create<DashboardStore>()((set) => ({
  window: readWindow(),
  pausedAt: null,
  setWindow: (window) => {
    try {
      localStorage.setItem(KEY, window);
    } catch {
      // Not fatal: the choice holds for this session.
    }
    set({ window });
  },
  pause: (at) => set({ pausedAt: at }),
  resume: () => set({ pausedAt: null }),
}));
