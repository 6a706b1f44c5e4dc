/** The shared axis scales (src-main/contract/chart-scales.ts), so the report's axes are fitted the same way. */
export { niceTicks } from '../../src-main/contract/chart-scales';

/** Decimals that show every tick of a step exactly (0.25 → 2, 0.1 → 1, 5 → 0). */
export const tickDecimals = (ticks: number[]): number => (String(ticks[1] ?? 1).split('.')[1] ?? '').length;
