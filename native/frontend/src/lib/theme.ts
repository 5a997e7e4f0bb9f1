// Dark by default, light on request; the choice is a preference kept in localStorage and
// applied as <html data-theme="…">, which the CSS variables in styles.css follow.
import { useCallback, useState } from 'react';

export type Theme = 'dark' | 'light';
const STORAGE_KEY = 'helpdesk.theme';

export function storedTheme(): Theme {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export function useTheme(): { theme: Theme; toggleTheme: () => void } {
  const [theme, setTheme] = useState<Theme>(() => storedTheme());
  const toggleTheme = useCallback(() => {
    setTheme((current) => {
      const next: Theme = current === 'dark' ? 'light' : 'dark';
      applyTheme(next);
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // the choice then lasts for this page only
      }
      return next;
    });
  }, []);
  return { theme, toggleTheme };
}
