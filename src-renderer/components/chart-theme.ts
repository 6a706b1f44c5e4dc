import { useSyncExternalStore } from 'react';

/** Colours for recharts, which draws SVG attributes where CSS variables do not apply. */
export interface ChartTheme {
  accent: string;
  accentMuted: string;
  text: string;
  muted: string;
  grid: string;
  surface: string;
}

function read(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    accent: v('--accent'),
    accentMuted: v('--accent-muted'),
    text: v('--text'),
    muted: v('--text-muted'),
    grid: v('--border'),
    surface: v('--surface'),
  };
}

let cached: { theme: string | undefined; colours: ChartTheme } | undefined;

function snapshot(): ChartTheme {
  const theme = document.documentElement.dataset.theme;
  if (!cached || cached.theme !== theme) cached = { theme, colours: read() };
  return cached.colours;
}

function onThemeChange(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function useChartTheme(): ChartTheme {
  return useSyncExternalStore(onThemeChange, snapshot);
}
