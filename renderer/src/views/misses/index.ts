import type { ViewDefinition } from '../types';
import { MissesView } from './MissesView';

export const missesView: ViewDefinition = {
  id: 'misses',
  label: 'Misses',
  component: MissesView,
};
