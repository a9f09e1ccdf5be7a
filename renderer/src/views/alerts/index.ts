import { useActiveAlerts } from '../../stores/alerts-store';
import type { ViewDefinition } from '../types';
import { AlertsView } from './AlertsView';

export const alertsView: ViewDefinition = {
  id: 'alerts',
  label: 'Alerts',
  component: AlertsView,
  useBadge: (id) => useActiveAlerts(id).length,
};
