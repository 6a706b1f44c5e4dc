/**
 * Experiment results as files: the JSON document, or a CSV in long ("tidy") form with one
 * number per row, ready to pivot in a spreadsheet or pandas.
 */
import { stringify } from 'csv-stringify/sync';
import type { ExperimentResult } from '../contract/classify-schemas.js';
import { writeFileAtomic } from '../util/atomic-file.js';

export const EXPERIMENT_CSV_HEADER = [
  'section',
  'experiment',
  'run',
  'train_source',
  'test_source',
  'category',
  'metric',
  'value',
];

const RETENTION_METRICS = [
  'sources',
  'retained',
  'share',
  'source_detected',
  'source_share',
  'others',
  'spurious',
  'spurious_share',
] as const;

/** Aggregates appear with category "(all)". */
export function experimentCsvRows(result: ExperimentResult): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const r of result.runs) {
    const base = ['run', r.experiment, r.run, r.train_source, r.test_source];
    const { categories, not_evaluable, ...aggregates } = r.metrics;
    // An undefined metric is an empty cell, never 0.
    for (const [metric, value] of Object.entries(aggregates)) rows.push([...base, '(all)', metric, value ?? '']);
    rows.push([...base, '(all)', 'not_evaluable', not_evaluable.join(';')]);
    for (const c of categories) {
      for (const metric of ['precision', 'recall', 'f1', 'support', 'train_support'] as const)
        rows.push([...base, c.name, metric, c[metric] ?? '']);
    }
  }
  for (const r of result.retention) {
    const base = ['retention', 'retention', '', 'original', r.source, r.category];
    for (const metric of RETENTION_METRICS) {
      rows.push([...base, metric, r[metric] ?? '']);
    }
  }
  return rows;
}

export function experimentToCsv(result: ExperimentResult): string {
  return stringify([EXPERIMENT_CSV_HEADER, ...experimentCsvRows(result)]);
}

export function experimentToJson(result: ExperimentResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

/** Writes FILE atomically: CSV when it ends in .csv, JSON otherwise. */
export async function writeExperiment(result: ExperimentResult, file: string): Promise<'csv' | 'json'> {
  const format = file.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
  await writeFileAtomic(file, [format === 'csv' ? experimentToCsv(result) : experimentToJson(result)]);
  return format;
}
