import { create } from 'zustand';
import type { ProfileView } from '../../../shared/contract/profiles';

export type DialogState =
  | { kind: 'add' }
  | { kind: 'edit'; profile: ProfileView }
  /** A new profile prefilled from an existing one (the password stays in main: typed again). */
  | { kind: 'duplicate'; profile: ProfileView }
  | null;

/** A target handed from another view to the Actions view's picker (a tree folder's prefix or glob), as text the picker takes. */
export interface ActionsTarget {
  kind: 'prefix' | 'pattern';
  text: string;
}

interface UiStore {
  dialog: DialogState;
  /** The active view (registry id) per connection id; absent = the first view. */
  views: Record<string, string>;
  openAdd(): void;
  openEdit(profile: ProfileView): void;
  openDuplicate(profile: ProfileView): void;
  closeDialog(): void;
  setView(connectionId: string, viewId: string): void;
  /** Per connection: a target waiting for the Actions view to take it (then cleared). */
  actionsTargets: Record<string, ActionsTarget>;
  /** Open the Actions view with this target in the picker (previewed only when the user asks). */
  invalidateFrom(connectionId: string, target: ActionsTarget): void;
  takeActionsTarget(connectionId: string): ActionsTarget | undefined;
}

export const useUiStore = create<UiStore>()((set, get) => ({
  dialog: null,
  views: {},
  openAdd: () => set({ dialog: { kind: 'add' } }),
  openEdit: (profile) => set({ dialog: { kind: 'edit', profile } }),
  openDuplicate: (profile) => set({ dialog: { kind: 'duplicate', profile } }),
  closeDialog: () => set({ dialog: null }),
  setView: (connectionId, viewId) => set((s) => ({ views: { ...s.views, [connectionId]: viewId } })),
  actionsTargets: {},
  invalidateFrom: (connectionId, target) => set((s) => ({ actionsTargets: { ...s.actionsTargets, [connectionId]: target }, views: { ...s.views, [connectionId]: 'actions' } })),
  takeActionsTarget: (connectionId) => {
    const target = get().actionsTargets[connectionId];
    if (target) set((s) => ({ actionsTargets: Object.fromEntries(Object.entries(s.actionsTargets).filter(([k]) => k !== connectionId)) }));
    return target;
  },
}));
