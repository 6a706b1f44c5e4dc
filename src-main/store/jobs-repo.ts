import type { Db } from './database.js';

export type JobState = 'queued' | 'running' | 'paused' | 'cancelled' | 'failed' | 'done';

export interface JobRow {
  id: number;
  kind: string;
  dataset_id: number | null;
  params_json: string;
  state: JobState;
  progress_done: number;
  progress_total: number;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

export class JobRepo {
  private readonly byId;
  private readonly insertStmt;
  private readonly stateStmt;
  private readonly progressStmt;
  private readonly listStmt;

  constructor(db: Db) {
    this.byId = db.prepare<[number], JobRow>('SELECT * FROM jobs WHERE id = ?');
    this.insertStmt = db.prepare<[string, number | null, string]>(
      'INSERT INTO jobs (kind, dataset_id, params_json) VALUES (?, ?, ?)',
    );
    this.stateStmt = db.prepare<[JobState, string | null, JobState, number]>(
      `UPDATE jobs SET state = ?, error = ?, updated_at = ${NOW},
         finished_at = CASE WHEN ? IN ('done', 'cancelled', 'failed') THEN ${NOW} ELSE NULL END
       WHERE id = ?`,
    );
    this.progressStmt = db.prepare<[number, number, number]>(
      `UPDATE jobs SET progress_done = ?, progress_total = ?, updated_at = ${NOW} WHERE id = ?`,
    );
    this.listStmt = db.prepare<[], JobRow>('SELECT * FROM jobs ORDER BY id DESC');
  }

  create(kind: string, datasetId: number | null, params: unknown): JobRow {
    return this.get(Number(this.insertStmt.run(kind, datasetId, JSON.stringify(params)).lastInsertRowid))!;
  }

  get(id: number): JobRow | undefined {
    return this.byId.get(id);
  }

  list(): JobRow[] {
    return this.listStmt.all();
  }

  setState(id: number, state: JobState, error: string | null = null): void {
    this.stateStmt.run(state, error, state, id);
  }

  setProgress(id: number, done: number, total: number): void {
    this.progressStmt.run(done, total, id);
  }
}
