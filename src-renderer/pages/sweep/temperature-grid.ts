/** The engine accepts temperatures in [0, 2]. */
export const MAX_TEMPERATURE = 2;
/** More points than this makes a sweep slow and its chart unreadable. */
export const MAX_GRID_POINTS = 21;

export type GridResult = { ok: true; temperatures: number[] } | { ok: false; error: string };

/** Rounded so that 0.1 steps give 0.7, not 0.7000000000000001. */
const round = (t: number) => Math.round(t * 1000) / 1000;

/** The temperatures from `from` to `to` (inclusive) every `step`, or why they cannot be. */
export function temperatureGrid(from: number, to: number, step: number): GridResult {
  if (![from, to, step].every(Number.isFinite)) return { ok: false, error: 'enter numbers for from, to and step' };
  if (from < 0 || to > MAX_TEMPERATURE) return { ok: false, error: `temperatures go from 0 to ${MAX_TEMPERATURE}` };
  if (from > to) return { ok: false, error: '“from” must not be above “to”' };
  if (from === to) return { ok: true, temperatures: [round(from)] };
  if (step <= 0) return { ok: false, error: 'the step must be above 0' };
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_GRID_POINTS)
    return { ok: false, error: `that is ${count} temperatures; use a larger step (at most ${MAX_GRID_POINTS})` };
  return { ok: true, temperatures: Array.from({ length: count }, (_, i) => round(from + i * step)) };
}
