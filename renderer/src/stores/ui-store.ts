import { create } from 'zustand';
import type { ProfileView } from '../../../shared/contract/profiles';

export type DialogState = { kind: 'add' } | { kind: 'edit'; profile: ProfileView } | null;

interface UiStore {
  dialog: DialogState;
  openAdd(): void;
  openEdit(profile: ProfileView): void;
  closeDialog(): void;
}

export const useUiStore = create<UiStore>()((set) => ({
  dialog: null,
  openAdd: () => set({ dialog: { kind: 'add' } }),
  openEdit: (profile) => set({ dialog: { kind: 'edit', profile } }),
  closeDialog: () => set({ dialog: null }),
}));
