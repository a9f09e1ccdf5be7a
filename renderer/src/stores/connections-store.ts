import { create } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import type { ConnectionState, ProfileView } from '../../../shared/contract/profiles';

interface ConnectionsStore {
  profiles: ProfileView[];
  /** False until the first profiles.list answered. */
  loaded: boolean;
  /** Why the list could not be loaded, in words. */
  loadError: string | null;
  states: Record<string, ConnectionState>;
  /** Where the core runs and where its default profile came from (REDIS_URL…). */
  appInfo: AppInfo | null;
  selectedId: string | null;
  setProfiles(profiles: ProfileView[]): void;
  setLoadError(message: string | null): void;
  setState(state: ConnectionState): void;
  select(id: string | null): void;
  setAppInfo(info: AppInfo): void;
}

export const useConnectionsStore = create<ConnectionsStore>()((set) => ({
  profiles: [],
  loaded: false,
  loadError: null,
  states: {},
  appInfo: null,
  selectedId: null,
  setProfiles: (profiles) => set({ profiles, loaded: true, loadError: null }),
  setLoadError: (loadError) => set({ loadError }),
  setState: (state) => set((s) => ({ states: { ...s.states, [state.id]: state } })),
  select: (selectedId) => set({ selectedId }),
  setAppInfo: (appInfo) => set({ appInfo }),
}));
