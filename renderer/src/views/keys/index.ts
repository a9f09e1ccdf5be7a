import type { ViewDefinition } from '../types';
import { KeysView } from './KeysView';

export const keysView: ViewDefinition = {
  id: 'keys',
  label: 'Keys',
  component: KeysView,
};
