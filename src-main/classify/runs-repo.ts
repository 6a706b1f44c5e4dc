/** Classifier runs in the workspace: classifier_runs (metrics, trained head) and classifier_category_metrics. */
import { z } from 'zod';
import {
  ClassifierMetricsSchema,
  EpochReportSchema,
  RunProvenanceSchema,
  type ExperimentKind,
  type HeadKind,
} from '../contract/classify-schemas.js';
import type { Db } from '../store/database.js';

/** What metrics_json holds: the test metrics and how the run got them. */
export const RunMetricsSchema = ClassifierMetricsSchema.extend({
  ...RunProvenanceSchema.shape,
  train_size: z.number().int(),
  validation_size: z.number().int(),
  test_size: z.number().int(),
  thresholds: z.array(z.number()),
  history: z.array(EpochReportSchema),
});
export type RunMetrics = z.infer<typeof RunMetricsSchema>;

export interface NewClassifierRun {
  datasetId: number | null;
  experimentId: number | null;
  experiment: ExperimentKind | null;
  trainSource: string;
  testSource: string;
  encoder: string;
  head: HeadKind;
  params: unknown;
  metrics: RunMetrics;
  /** The trained classifier (model-blob.ts); null when the run evaluates the head of `headRunId`. */
  modelBlob: Buffer | null;
  headRunId: number | null;
  seconds: number;
}

export interface ClassifierRunRow {
  id: number;
  dataset_id: number | null;
  experiment_id: number | null;
  experiment: ExperimentKind | null;
  train_source: string;
  test_source: string;
  encoder: string;
  head: HeadKind;
  params_json: string;
  metrics_json: string;
  head_run_id: number | null;
  seconds: number;
  created_at: string;
}

const RUN_COLUMNS = `id, dataset_id, experiment_id, experiment, train_source, test_source, encoder, head,
  params_json, metrics_json, head_run_id, seconds, created_at`;

export class ClassifierRunRepo {
  private readonly insertStmt;
  private readonly insertCategoryStmt;
  private readonly getStmt;
  private readonly byExperimentStmt;
  private readonly blobStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO classifier_runs (dataset_id, experiment_id, experiment, train_source, test_source, encoder, head,
         params_json, metrics_json, model_blob, head_run_id, seconds)
       VALUES (@datasetId, @experimentId, @experiment, @trainSource, @testSource, @encoder, @head,
         @params, @metrics, @modelBlob, @headRunId, @seconds)`,
    );
    this.insertCategoryStmt = db.prepare<[number, string, number | null, number | null, number | null, number]>(
      'INSERT INTO classifier_category_metrics (run_id, category, precision, recall, f1, support) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.getStmt = db.prepare<[number], ClassifierRunRow>(`SELECT ${RUN_COLUMNS} FROM classifier_runs WHERE id = ?`);
    this.byExperimentStmt = db.prepare<[number], ClassifierRunRow>(
      `SELECT ${RUN_COLUMNS} FROM classifier_runs WHERE experiment_id = ? ORDER BY id`,
    );
    this.blobStmt = db.prepare<[number], { model_blob: Buffer | null; head_run_id: number | null }>(
      'SELECT model_blob, head_run_id FROM classifier_runs WHERE id = ?',
    );
  }

  /** Inserts a run with its per-category metrics, in one transaction; returns its id. */
  insert(run: NewClassifierRun): number {
    if ((run.modelBlob === null) === (run.headRunId === null))
      throw new Error('a run either stores its head or names the run that does');
    return this.db.transaction(() => {
      const id = Number(
        this.insertStmt.run({
          ...run,
          params: JSON.stringify(run.params),
          metrics: JSON.stringify(run.metrics),
        }).lastInsertRowid,
      );
      for (const c of run.metrics.categories)
        this.insertCategoryStmt.run(id, c.name, c.precision, c.recall, c.f1, c.support);
      return id;
    })();
  }

  get(id: number): ClassifierRunRow | undefined {
    return this.getStmt.get(id);
  }

  metrics(row: ClassifierRunRow): RunMetrics {
    return RunMetricsSchema.parse(JSON.parse(row.metrics_json));
  }

  byExperiment(experimentId: number): ClassifierRunRow[] {
    return this.byExperimentStmt.all(experimentId);
  }

  /** The stored classifier a run predicts with: its own, or that of the run whose head it reuses. */
  modelBlob(id: number): Buffer | undefined {
    const row = this.blobStmt.get(id);
    if (!row) return undefined;
    return row.model_blob ?? (row.head_run_id !== null ? this.modelBlob(row.head_run_id) : undefined);
  }
}
