import type { SweepResult } from '../../../src-main/contract/schemas';

type SweepPoint = SweepResult['models'][number]['points'][number];

/** One temperature of the chart: each model's mean and 95% band there (null where none passed the checks; the band cut at 0). */
export interface SweepRow {
  temperature: number;
  mean: Record<string, number | null>;
  band: Record<string, [number, number] | null>;
  point: Record<string, SweepPoint | undefined>;
}

/** recharts wants one row per x value; models are columns of it. */
export function sweepRows(sweep: SweepResult): SweepRow[] {
  const temperatures = [...new Set(sweep.models.flatMap((m) => m.points.map((p) => p.temperature)))].sort(
    (a, b) => a - b,
  );
  return temperatures.map((temperature) => {
    const row: SweepRow = { temperature, mean: {}, band: {}, point: {} };
    for (const m of sweep.models) {
      const point = m.points.find((p) => p.temperature === temperature);
      row.point[m.model] = point;
      row.mean[m.model] = point?.mean ?? null;
      row.band[m.model] = point?.ci95 ? [Math.max(0, point.ci95[0]), point.ci95[1]] : null;
    }
    return row;
  });
}

/** Points with a mean are the ones drawn; the others had no variant pass the checks. */
export const plottedPoints = (sweep: SweepResult): number =>
  sweep.models.reduce((n, m) => n + m.points.filter((p) => p.mean !== null).length, 0);

/** The highest value the y axis must reach: a mean or the top of its 95% interval. */
export const highestSimilarity = (sweep: SweepResult): number =>
  Math.max(0, ...sweep.models.flatMap((m) => m.points.flatMap((p) => [p.mean ?? 0, p.ci95?.[1] ?? 0])));

/**
 * The 95% interval as distances below and above the mean, as recharts' ErrorBar wants it. Like
 * the band, it stops at 0, the axis' floor: with few samples a t-interval can reach below it,
 * and the exact bounds are in the table under the chart.
 */
export function ciWhisker(point: SweepPoint | undefined): [number, number] | null {
  if (!point?.ci95 || point.mean === null) return null;
  return [point.mean - Math.max(0, point.ci95[0]), point.ci95[1] - point.mean];
}
