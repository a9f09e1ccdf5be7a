import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';
const KEY = 'cachescope.theme';

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const media = () => window.matchMedia('(prefers-color-scheme: dark)');

function resolve(choice: ThemeChoice): ResolvedTheme {
  return choice === 'system' ? (media().matches ? 'dark' : 'light') : choice;
}

function apply(choice: ThemeChoice): ResolvedTheme {
  const resolved = resolve(choice);
  document.documentElement.dataset.theme = resolved;
  return resolved;
}

interface ThemeStore {
  choice: ThemeChoice;
  /** What is on screen now; charts need real colours (SVG export cannot resolve CSS variables). */
  resolved: ResolvedTheme;
  setChoice(choice: ThemeChoice): void;
}

export const useThemeStore = create<ThemeStore>()((set) => ({
  choice: readChoice(),
  resolved: 'dark',
  setChoice: (choice) => {
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      // Storage may be unavailable; the choice still applies for this session.
    }
    set({ choice, resolved: apply(choice) });
  },
}));

/** Apply the stored choice now and follow the OS setting while the choice is "system". */
export function initTheme(): void {
  useThemeStore.setState({ resolved: apply(useThemeStore.getState().choice) });
  media().addEventListener('change', () => {
    if (useThemeStore.getState().choice === 'system') useThemeStore.setState({ resolved: apply('system') });
  });
}
