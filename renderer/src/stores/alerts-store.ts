import { create } from 'zustand';
import type { ActiveAlert, AlertEvent, AlertRule } from '../../../shared/contract/dashboard';

/** Loaded data, or why it could not be (e.g. an older core without alerts). */
export type Loadable<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

const HISTORY_MAX = 500;

interface AlertsStore {
  /** Firing alerts per connection id. */
  active: Record<string, ActiveAlert[]>;
  /** Fired/cleared events per connection id, newest first. */
  history: Record<string, AlertEvent[]>;
  rules: Record<string, Loadable<AlertRule[]>>;
  setActive(list: ActiveAlert[]): void;
  setHistory(id: string, events: AlertEvent[]): void;
  setRules(id: string, rules: Loadable<AlertRule[]>): void;
  /** One `alert.event` from the stream: updates the firing set and the history together. */
  onEvent(event: AlertEvent): void;
}

const EMPTY_ACTIVE: ActiveAlert[] = [];
const EMPTY_HISTORY: AlertEvent[] = [];

export const useAlertsStore = create<AlertsStore>()((set) => ({
  active: {},
  history: {},
  rules: {},
  setActive: (list) => {
    const active: Record<string, ActiveAlert[]> = {};
    for (const a of list) (active[a.connectionId] ??= []).push(a);
    set({ active });
  },
  setHistory: (id, events) => set((s) => ({ history: { ...s.history, [id]: [...events].sort((a, b) => b.at - a.at).slice(0, HISTORY_MAX) } })),
  setRules: (id, rules) => set((s) => ({ rules: { ...s.rules, [id]: rules } })),
  onEvent: (e) =>
    set((s) => {
      const others = (s.active[e.connectionId] ?? EMPTY_ACTIVE).filter((a) => a.rule !== e.rule);
      const firing =
        e.kind === 'fired' ? [...others, { connectionId: e.connectionId, rule: e.rule, since: e.since, value: e.value, message: e.message }] : others;
      const past = s.history[e.connectionId] ?? EMPTY_HISTORY;
      return {
        active: { ...s.active, [e.connectionId]: firing },
        history: { ...s.history, [e.connectionId]: [e, ...past].slice(0, HISTORY_MAX) },
      };
    }),
}));

export function useActiveAlerts(id: string): ActiveAlert[] {
  return useAlertsStore((s) => s.active[id] ?? EMPTY_ACTIVE);
}

export function useAlertHistory(id: string): AlertEvent[] {
  return useAlertsStore((s) => s.history[id] ?? EMPTY_HISTORY);
}
