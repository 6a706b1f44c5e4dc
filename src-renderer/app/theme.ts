import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'synthlab.theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/** The person's explicit choice, if they made one; otherwise the system's setting applies. */
function storedTheme(): Theme | null {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : null;
}

export function effectiveTheme(): Theme {
  return storedTheme() ?? (darkQuery().matches ? 'dark' : 'light');
}

/** Applied before the first render so the page never flashes the other theme. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

export function useTheme(): { theme: Theme; toggle: () => void } {
  const [theme, setTheme] = useState<Theme>(effectiveTheme);

  useEffect(() => applyTheme(theme), [theme]);

  // Follow the system while the person has not chosen.
  useEffect(() => {
    const query = darkQuery();
    const follow = () => storedTheme() === null && setTheme(query.matches ? 'dark' : 'light');
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);

  const toggle = useCallback(() => {
    setTheme((current) => {
      const next = current === 'dark' ? 'light' : 'dark';
      localStorage.setItem(STORAGE_KEY, next);
      return next;
    });
  }, []);

  return { theme, toggle };
}
