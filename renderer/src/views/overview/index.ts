import type { ViewDefinition } from '../types';
import { OverviewView } from './OverviewView';

export const overviewView: ViewDefinition = { id: 'overview', label: 'Overview', component: OverviewView };

/** For the nodes view: the same chart window (choice, pause, markers) and its toolbar, so every chart lines up. */
export { useChartWindow, MAX_POINTS, type ChartWindow } from './use-chart-window';
export { ChartToolbar } from './ChartToolbar';
export { bytes, bytesAxis, perSec, perSecAxis } from './formatters';
