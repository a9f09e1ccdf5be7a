import { createContext, useContext } from 'react';
import type { CachescopeApi } from '../../../shared/contract/api';
import type { Actions } from './actions';
import type { DashboardActions } from './dashboard-actions';

export interface AppServices {
  actions: Actions;
  dashboard: DashboardActions;
  /** The contract client itself, for views that call their own commands (Keys, Actions…). */
  api: CachescopeApi;
  reconnectBridge(): void;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}
