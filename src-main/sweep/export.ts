import { stringify } from 'csv-stringify/sync';
import type { SweepResult } from '../contract/schemas.js';

export const SWEEP_CSV_COLUMNS = ['sweep', 'embedder', 'model', 'temperature', 'mean', 'std', 'ci_lo', 'ci_hi', 'n', 'failed', 'mean_length_ratio', 'chosen', 'attempts', 'accepted_share'];

/** One CSV row per (model, temperature); mean, std and CI are over accepted variants only. */
export function sweepCsv(r: SweepResult): string {
  const rows = r.models.flatMap((m) =>
    m.points.map((p) => [r.sweep, r.embedder, m.model, p.temperature, p.mean ?? '', p.std ?? '', p.ci95?.[0] ?? '', p.ci95?.[1] ?? '', p.n, p.failed, p.mean_length_ratio ?? '', m.chosen === p.temperature ? 1 : 0, p.attempts, p.accepted_share ?? '']),
  );
  return stringify([SWEEP_CSV_COLUMNS, ...rows]);
}
