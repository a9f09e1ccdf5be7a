import { useThemeStore, type ThemeChoice } from '../stores/theme-store';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

export function ThemeToggle() {
  const { choice, setChoice } = useThemeStore();
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      data-testid="theme-toggle"
      title="Switch theme (system → light → dark)"
      onClick={() => setChoice(NEXT[choice])}
    >
      {LABEL[choice]}
    </button>
  );
}
