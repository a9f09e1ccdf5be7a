import type { ViewDefinition } from '../types';
import { DiagnosticsView } from './DiagnosticsView';

export const diagnosticsView: ViewDefinition = {
  id: 'diagnostics',
  label: 'Diagnostics',
  component: DiagnosticsView,
};
