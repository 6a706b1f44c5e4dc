/**
 * Axis scales shared by the workbench's charts and the HTML report's, so both fit their axes to
 * the data the same way. Pure; in the contract layer because the renderer may import only it.
 */

/** Steps a reader can add up in their head: 1, 2, 2.5 and 5 times a power of ten. */
const MANTISSAS = [1, 2, 2.5, 5];

/**
 * Axis ticks from 0 to just past `highest` (the last tick is ≥ `highest`, so no bar or point
 * overflows the axis), at a round step and at most `maxIntervals` of them; 0 to 1 in quarters when
 * there is nothing to show. Rounded so 0.1 + 0.2 prints as 0.3.
 */
export function niceTicks(highest: number, maxIntervals = 5): number[] {
  if (!(highest > 0)) return [0, 0.25, 0.5, 0.75, 1];
  let power = 10 ** Math.floor(Math.log10(highest / maxIntervals));
  let step = 0;
  while (!step) {
    step = MANTISSAS.map((m) => m * power).find((s) => highest / s <= maxIntervals) ?? 0;
    power *= 10;
  }
  const intervals = Math.ceil(highest / step - 1e-9);
  return Array.from({ length: intervals + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/**
 * The bins of equal-width histograms (one per series, same bins) worth drawing: from the first bin
 * any series has a count in to the last, with one empty bin of margin on each side where there is
 * one. All empty: every bin.
 *
 * @returns [first, last] bin indexes, inclusive
 */
export function occupiedBins(histograms: readonly (readonly number[])[]): [number, number] {
  const bins = Math.max(0, ...histograms.map((h) => h.length));
  const used = Array.from({ length: bins }, (_, i) => histograms.some((h) => (h[i] ?? 0) > 0));
  const first = used.indexOf(true);
  if (first < 0) return [0, Math.max(0, bins - 1)];
  const last = used.lastIndexOf(true);
  return [Math.max(0, first - 1), Math.min(bins - 1, last + 1)];
}
