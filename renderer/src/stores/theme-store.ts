import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
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

function apply(choice: ThemeChoice): void {
  const resolved = choice === 'system' ? (media().matches ? 'dark' : 'light') : choice;
  document.documentElement.dataset.theme = resolved;
}

interface ThemeStore {
  choice: ThemeChoice;
  setChoice(choice: ThemeChoice): void;
}

export const useThemeStore = create<ThemeStore>()((set) => ({
  choice: readChoice(),
  setChoice: (choice) => {
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      // Storage may be unavailable; the choice still applies for this session.
    }
    apply(choice);
    set({ choice });
  },
}));

/** Apply the stored choice now and follow the OS setting while the choice is "system". */
export function initTheme(): void {
  apply(useThemeStore.getState().choice);
  media().addEventListener('change', () => {
    if (useThemeStore.getState().choice === 'system') apply('system');
  });
}
