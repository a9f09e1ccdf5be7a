import type { ViewDefinition } from '../types';
import { AnalysisView } from './AnalysisView';

export const analysisView: ViewDefinition = {
  id: 'analysis',
  label: 'Analysis',
  component: AnalysisView,
};
