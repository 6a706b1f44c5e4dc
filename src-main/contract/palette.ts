/**
 * The one palette of chart series, shared by the workbench (src-renderer) and the HTML report
 * (src-main/report), so a model has the same colour in both. Pure data and a pure lookup; it lives
 * in the contract layer because that is the only engine code the renderer may import.
 *
 * Hues follow Okabe & Ito's colour-blind-safe set ("Color Universal Design", 2008), with one blue
 * only (the set's sky blue sits too close to its blue) and darker/lighter steps for the two themes.
 */

export type PaletteTheme = 'light' | 'dark';

/** Eight hues, the same order in both themes: blue, vermillion, green, purple-pink, ochre, violet, sienna, slate. */
export const SERIES_PALETTE: Readonly<Record<PaletteTheme, readonly string[]>> = {
  light: ['#3456c9', '#d55e00', '#009e73', '#cc79a7', '#b58900', '#7a4fc2', '#9c5a2e', '#5c6675'],
  dark: ['#8fa8ff', '#ff9f5a', '#4fd1a5', '#f09ac8', '#e6c35c', '#b89cff', '#d79a6b', '#a7b0bf'],
};

/** Chance levels and other reference marks: a neutral grey, not a model's colour. */
export const REFERENCE_COLOUR: Readonly<Record<PaletteTheme, string>> = { light: '#8a93a3', dark: '#7d8696' };

/**
 * The palette slot of each model name: its position among the registered models (in the order the
 * registry lists them: by name), so the slot does not depend on which models a chart
 * happens to show. Names not in the registry (a model removed since) take the next free slots in the
 * order given. Slots past the palette's length wrap around.
 *
 * @param names the models a chart shows
 * @param registry every registered model's name, in registry order
 * @returns name → slot (0-based)
 */
export function modelSlots(names: readonly string[], registry: readonly string[]): Map<string, number> {
  const slots = new Map<string, number>();
  registry.forEach((name, i) => slots.set(name, i));
  let next = registry.length;
  for (const name of names) if (!slots.has(name)) slots.set(name, next++);
  return slots;
}

/**
 * The colour of each model in a chart, from `modelSlots`.
 *
 * @returns name → CSS colour (hex)
 */
export function modelColours(
  names: readonly string[],
  registry: readonly string[],
  theme: PaletteTheme = 'light',
): Map<string, string> {
  const palette = SERIES_PALETTE[theme];
  const slots = modelSlots(names, registry);
  return new Map(names.map((n) => [n, palette[slots.get(n)! % palette.length]!]));
}

/** The i-th series colour for series that are not models (categories of bars, experiment sources). */
export const seriesColourAt = (i: number, theme: PaletteTheme = 'light'): string =>
  SERIES_PALETTE[theme][i % SERIES_PALETTE[theme].length]!;

/**
 * The colour of a classifier run (a bar series of the per-category F1 charts), shared by the workbench and the
 * report: a run trained on one model's variants takes that model's colour (`modelColours`); the runs on
 * the originals, on all synthetic variants, and TSTR on all synthetic variants take the palette's last three
 * slots, so they do not borrow a model's colour while at most five models are registered.
 *
 * @param run the run's experiment letter ("a"–"e") and training source ("original", "synthetic:all", "synthetic:MODEL")
 * @param registry every registered model's name, in registry order
 * @returns a CSS colour (hex)
 */
export function runColour(
  run: { experiment: string; train_source: string },
  registry: readonly string[],
  theme: PaletteTheme = 'light',
): string {
  const palette = SERIES_PALETTE[theme];
  const fromEnd = (k: number) => palette[palette.length - 1 - k]!;
  if (run.train_source === 'original') return fromEnd(0);
  if (run.train_source === 'synthetic:all') return run.experiment === 'd' ? fromEnd(2) : fromEnd(1);
  const model = run.train_source.replace(/^synthetic:/, '');
  return modelColours([model], registry, theme).get(model)!;
}
