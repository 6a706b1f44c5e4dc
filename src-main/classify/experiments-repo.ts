/** Experiments in the workspace: the experiments table and label_retention. */
import type { ExperimentResult, HeadKind, LabelRetention } from '../contract/classify-schemas.js';
import type { Db } from '../store/database.js';
import { retentionRow } from './retention.js';

export interface ExperimentRow {
  id: number;
  dataset_id: number;
  encoder: string;
  head: HeadKind;
  params_json: string;
  test_posts_json: string;
  skipped_json: string;
  seconds: number | null;
  created_at: string;
}

export class ExperimentRepo {
  private readonly insertStmt;
  private readonly finishStmt;
  private readonly getStmt;
  private readonly removeStmt;
  private readonly insertRetentionStmt;
  private readonly retentionStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<[number, string, string, string, string]>(
      'INSERT INTO experiments (dataset_id, encoder, head, params_json, test_posts_json) VALUES (?, ?, ?, ?, ?)',
    );
    this.finishStmt = db.prepare<[string, number, number]>(
      'UPDATE experiments SET skipped_json = ?, seconds = ? WHERE id = ?',
    );
    this.getStmt = db.prepare<[number], ExperimentRow>('SELECT * FROM experiments WHERE id = ?');
    this.removeStmt = db.prepare<[number]>('DELETE FROM experiments WHERE id = ?');
    this.insertRetentionStmt = db.prepare(
      `INSERT INTO label_retention (experiment_id, source, category, sources, retained, source_detected, others, spurious)
       VALUES (@experimentId, @source, @category, @sources, @retained, @source_detected, @others, @spurious)`,
    );
    this.retentionStmt = db.prepare<[number], Parameters<typeof retentionRow>[0]>(
      `SELECT source, category, sources, retained, source_detected, others, spurious FROM label_retention
       WHERE experiment_id = ? ORDER BY rowid`,
    );
  }

  create(e: {
    datasetId: number;
    encoder: string;
    head: HeadKind;
    params: unknown;
    testPosts: readonly number[];
  }): number {
    return Number(
      this.insertStmt.run(e.datasetId, e.encoder, e.head, JSON.stringify(e.params), JSON.stringify(e.testPosts))
        .lastInsertRowid,
    );
  }

  finish(id: number, skipped: ExperimentResult['skipped'], seconds: number): void {
    this.finishStmt.run(JSON.stringify(skipped), seconds, id);
  }

  get(id: number): ExperimentRow | undefined {
    return this.getStmt.get(id);
  }

  remove(id: number): void {
    this.removeStmt.run(id);
  }

  addRetention(experimentId: number, rows: readonly LabelRetention[]): void {
    this.db.transaction(() => {
      for (const r of rows) {
        const { source, category, sources, retained, source_detected, others, spurious } = r;
        this.insertRetentionStmt.run({
          experimentId,
          source,
          category,
          sources,
          retained,
          source_detected,
          others,
          spurious,
        });
      }
    })();
  }

  retention(experimentId: number): LabelRetention[] {
    return this.retentionStmt.all(experimentId).map(retentionRow);
  }
}
