/** Experiments in the workspace: the experiments table and label_retention. */
import type { ExperimentResult, HeadKind, LabelRetention } from '../api/classify-schemas.js';
import type { Db } from '../store/database.js';

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

interface RetentionRow {
  source: string;
  category: string;
  sources: number;
  retained: number;
  source_detected: number;
}

const share = (n: number, of: number) => (of === 0 ? null : n / of);

export class ExperimentRepo {
  private readonly insertStmt;
  private readonly finishStmt;
  private readonly getStmt;
  private readonly insertRetentionStmt;
  private readonly retentionStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<[number, string, string, string, string]>(
      'INSERT INTO experiments (dataset_id, encoder, head, params_json, test_posts_json) VALUES (?, ?, ?, ?, ?)',
    );
    this.finishStmt = db.prepare<[string, number, number]>('UPDATE experiments SET skipped_json = ?, seconds = ? WHERE id = ?');
    this.getStmt = db.prepare<[number], ExperimentRow>('SELECT * FROM experiments WHERE id = ?');
    this.insertRetentionStmt = db.prepare<[number, string, string, number, number, number]>(
      `INSERT INTO label_retention (experiment_id, source, category, sources, retained, source_detected)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.retentionStmt = db.prepare<[number], RetentionRow>(
      `SELECT source, category, sources, retained, source_detected FROM label_retention
       WHERE experiment_id = ? ORDER BY rowid`,
    );
  }

  create(e: { datasetId: number; encoder: string; head: HeadKind; params: unknown; testPosts: readonly number[] }): number {
    return Number(
      this.insertStmt.run(e.datasetId, e.encoder, e.head, JSON.stringify(e.params), JSON.stringify(e.testPosts)).lastInsertRowid,
    );
  }

  finish(id: number, skipped: ExperimentResult['skipped'], seconds: number): void {
    this.finishStmt.run(JSON.stringify(skipped), seconds, id);
  }

  get(id: number): ExperimentRow | undefined {
    return this.getStmt.get(id);
  }

  addRetention(experimentId: number, rows: readonly LabelRetention[]): void {
    this.db.transaction(() => {
      for (const r of rows) this.insertRetentionStmt.run(experimentId, r.source, r.category, r.sources, r.retained, r.source_detected);
    })();
  }

  retention(experimentId: number): LabelRetention[] {
    return this.retentionStmt.all(experimentId).map((r) => ({
      ...r,
      share: share(r.retained, r.sources),
      source_share: share(r.source_detected, r.sources),
    }));
  }
}
