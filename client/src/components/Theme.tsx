// The theme in React: the hook that re-renders when it changes (a pick, the
// system's preference, another tab), and the picker in the top bar.

import { useSyncExternalStore } from 'react';
import { THEME_CHOICES, theme, type Theme, type ThemeChoice } from '../lib/theme';

/** The theme drawn now, re-rendering when it changes. */
export function useTheme(): Theme {
  return useSyncExternalStore(theme.subscribe, theme.getTheme);
}

/** The person's choice: system, light or dark. */
export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(theme.subscribe, theme.getChoice);
}

export function ThemePicker() {
  const choice = useThemeChoice();
  const shown = useTheme();
  return (
    <label className="theme-picker">
      <span className="visually-hidden">Colour theme</span>
      <span aria-hidden="true" className="theme-picker__icon">
        {shown === 'dark' ? '☾' : '☀'}
      </span>
      <select value={choice} onChange={(e) => theme.setChoice(e.target.value as ThemeChoice)} data-testid="theme-picker">
        {THEME_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
