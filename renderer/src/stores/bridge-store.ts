import { create } from 'zustand';
import type { BridgeStatus } from '../bridge/bridge-status';

interface BridgeStore {
  status: BridgeStatus;
  setStatus(status: BridgeStatus): void;
}

export const useBridgeStore = create<BridgeStore>()((set) => ({
  status: { kind: 'connecting', attempt: 0 },
  setStatus: (status) => set({ status }),
}));
