import type { ViewDefinition } from '../types';
import { OverviewView } from './OverviewView';

export const overviewView: ViewDefinition = { id: 'overview', label: 'Overview', component: OverviewView };
