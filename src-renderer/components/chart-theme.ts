import { useSyncExternalStore } from 'react';
import { REFERENCE_COLOUR, SERIES_PALETTE, modelColours } from '../../src-main/contract/palette';
import { useApi } from '../api/use-api';

/** Colours for recharts, which draws SVG attributes where CSS variables do not apply. */
export interface ChartTheme {
  accent: string;
  accentMuted: string;
  text: string;
  muted: string;
  grid: string;
  surface: string;
  /** Chance levels and other reference marks. */
  reference: string;
  /** The theme the colours are for, to look up model colours in the shared palette. */
  theme: 'light' | 'dark';
  /** One colour per series (model, source), in order; told apart in both themes and by colour-blind readers. */
  series: string[];
}

function read(): ChartTheme {
  const theme = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    accent: v('--accent'),
    accentMuted: v('--accent-muted'),
    text: v('--text'),
    muted: v('--text-muted'),
    grid: v('--border'),
    surface: v('--surface'),
    reference: REFERENCE_COLOUR[theme],
    theme,
    // The shared palette (not CSS), so the report draws each model in the same colour.
    series: [...SERIES_PALETTE[theme]],
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

/**
 * Each model's colour, the same on every page and in the HTML report: its slot among the registered
 * models (src-main/contract/palette.ts). Until the registry has loaded, models take slots in the
 * order given.
 */
export function useModelColours(names: readonly string[]): (name: string) => string {
  const colours = useChartTheme();
  const registry = useApi('models.list', {});
  const byName = modelColours(names, registry.data?.models.map((m) => m.name) ?? [], colours.theme);
  return (name) => byName.get(name) ?? colours.series[0]!;
}
