/** Steps a reader can add up in their head: 1, 2, 2.5 and 5 times a power of ten. */
const MANTISSAS = [1, 2, 2.5, 5];

/**
 * Axis ticks from 0 to just past `highest`, at a round step and at most `maxIntervals` of them
 * (0 to 1 in quarters when there is nothing to show). Rounded so 0.1 + 0.2 prints as 0.3.
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

/** Decimals that show every tick of a step exactly (0.25 → 2, 0.1 → 1, 5 → 0). */
export const tickDecimals = (ticks: number[]): number => (String(ticks[1] ?? 1).split('.')[1] ?? '').length;
