import { create } from 'zustand';
import type { ProfileView } from '../../../shared/contract/profiles';

export type DialogState =
  | { kind: 'add' }
  | { kind: 'edit'; profile: ProfileView }
  /** A new profile prefilled from an existing one (the password stays in main: typed again). */
  | { kind: 'duplicate'; profile: ProfileView }
  | null;

interface UiStore {
  dialog: DialogState;
  /** The active view (registry id) per connection id; absent = the first view. */
  views: Record<string, string>;
  openAdd(): void;
  openEdit(profile: ProfileView): void;
  openDuplicate(profile: ProfileView): void;
  closeDialog(): void;
  setView(connectionId: string, viewId: string): void;
}

export const useUiStore = create<UiStore>()((set) => ({
  dialog: null,
  views: {},
  openAdd: () => set({ dialog: { kind: 'add' } }),
  openEdit: (profile) => set({ dialog: { kind: 'edit', profile } }),
  openDuplicate: (profile) => set({ dialog: { kind: 'duplicate', profile } }),
  closeDialog: () => set({ dialog: null }),
  setView: (connectionId, viewId) => set((s) => ({ views: { ...s.views, [connectionId]: viewId } })),
}));
