import { createContext, useContext } from 'react';
import type { Actions } from './actions';

export interface AppServices {
  actions: Actions;
  reconnectBridge(): void;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}
