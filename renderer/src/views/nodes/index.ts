import type { ViewDefinition } from '../types';
import { NodesView } from './NodesView';
import { nodesViewShown } from './shown';

export const nodesView: ViewDefinition = {
  id: 'nodes',
  label: 'Nodes',
  component: NodesView,
  shownFor: nodesViewShown,
};
