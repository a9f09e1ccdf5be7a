import { useThemeStore, type ResolvedTheme } from '../stores/theme-store';

export type SeriesColor = 'blue' | 'green' | 'amber' | 'red' | 'purple' | 'teal' | 'pink' | 'gray';

/**
 * Chart colours as real values, per theme: SVG presentation attributes and the PNG export
 * cannot resolve CSS variables. Kept in step with app.css by eye (same hues).
 */
export interface ChartTheme {
  background: string;
  grid: string;
  axis: string;
  text: string;
  muted: string;
  gapFill: string;
  marker: string;
  limit: string;
  series: Record<SeriesColor, string>;
}

const DARK: ChartTheme = {
  background: '#181b21',
  grid: '#262b33',
  axis: '#3a414d',
  text: '#e4e7ec',
  muted: '#8b93a1',
  gapFill: '#f85149',
  marker: '#d29922',
  limit: '#f85149',
  series: {
    blue: '#5794f2',
    green: '#73bf69',
    amber: '#f2cc0c',
    red: '#f2495c',
    purple: '#b877d9',
    teal: '#4ec9c3',
    pink: '#ff7eb6',
    gray: '#8b93a1',
  },
};

const LIGHT: ChartTheme = {
  background: '#ffffff',
  grid: '#eceef1',
  axis: '#c5cbd3',
  text: '#1c2128',
  muted: '#5d6673',
  gapFill: '#cf222e',
  marker: '#9a6700',
  limit: '#cf222e',
  series: {
    blue: '#1f60c4',
    green: '#37872d',
    amber: '#c08c00',
    red: '#c4162a',
    purple: '#8f3bb8',
    teal: '#0e8a85',
    pink: '#c2185b',
    gray: '#5d6673',
  },
};

export function chartTheme(theme: ResolvedTheme): ChartTheme {
  return theme === 'light' ? LIGHT : DARK;
}

export function useChartTheme(): ChartTheme {
  return chartTheme(useThemeStore((s) => s.resolved));
}
