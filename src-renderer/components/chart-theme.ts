import { useSyncExternalStore } from 'react';

/** Colours for recharts, which draws SVG attributes where CSS variables do not apply. */
export interface ChartTheme {
  accent: string;
  accentMuted: string;
  text: string;
  muted: string;
  grid: string;
  surface: string;
  /** One colour per series (model, source), in order; told apart in both themes and by colour-blind readers. */
  series: string[];
}

/** How many --series-N colours styles.css defines. */
const SERIES_COLOURS = 6;

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
    series: Array.from({ length: SERIES_COLOURS }, (_, i) => v(`--series-${i + 1}`)),
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

/** The colour of the i-th series, cycling when there are more series than colours. */
export const seriesColour = (colours: ChartTheme, i: number): string => colours.series[i % colours.series.length]!;

/** recharts tooltips in the page's colours. */
export function tooltipStyle(colours: ChartTheme) {
  return { background: colours.surface, borderColor: colours.grid, color: colours.text, borderRadius: 8 };
}
