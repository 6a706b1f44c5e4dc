/** Fixed-bin histograms of similarities over [0, 1]. Pure. */

/**
 * The bin of a similarity among `bins` equal bins over [0, 1]: bin i holds [i/bins, (i+1)/bins),
 * the last one also holds 1. Negative cosines (possible with dense embedders) fall in the first
 * bin and values over 1 (rounding) in the last, so every value is counted.
 */
export function binOf(value: number, bins: number): number {
  if (!(value > 0)) return 0;
  return Math.min(bins - 1, Math.floor(value * bins));
}

export function histogram(values: Iterable<number>, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, not ${bins}`);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[binOf(v, bins)]!++;
  return counts;
}

/** The bins' lower edges and the last upper edge: bins + 1 numbers from 0 to 1. */
export function binEdges(bins: number): number[] {
  return Array.from({ length: bins + 1 }, (_, i) => i / bins);
}
