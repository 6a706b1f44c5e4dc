import type { Db } from './database.js';

export interface NewVariant {
  post_id: number;
  model_id: number;
  job_id: number | null;
  sweep_id: number | null;
  /** Numbers the k variants a sweep makes per (post, model, temperature); 0 otherwise. */
  replicate: number;
  prompt_template_id: number | null;
  model_sha256: string | null;
  family: string;
  temperature: number;
  seed: number;
  status: 'ok' | 'failed';
  text: string | null;
  failure_reason: string | null;
  attempts: number;
  tokens_in: number | null;
  tokens_out: number | null;
  generation_ms: number | null;
}

export interface VariantRow extends NewVariant {
  id: number;
  similarity: number | null;
  created_at: string;
}

export class VariantRepo {
  private readonly insertStmt;
  private readonly byJobStmt;
  private readonly countStmt;
  private readonly speedStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<NewVariant>(
      `INSERT INTO variants (post_id, model_id, job_id, sweep_id, replicate, prompt_template_id, model_sha256, family,
         temperature, seed, status, text, failure_reason, attempts, tokens_in, tokens_out, generation_ms)
       VALUES (@post_id, @model_id, @job_id, @sweep_id, @replicate, @prompt_template_id, @model_sha256, @family,
         @temperature, @seed, @status, @text, @failure_reason, @attempts, @tokens_in, @tokens_out, @generation_ms)`,
    );
    this.byJobStmt = db.prepare<[number], VariantRow>('SELECT * FROM variants WHERE job_id = ? ORDER BY id');
    this.countStmt = db.prepare<[number], { status: 'ok' | 'failed'; n: number }>(
      'SELECT status, count(*) AS n FROM variants WHERE job_id = ? GROUP BY status',
    );
    this.speedStmt = db.prepare<[number], { tokens: number | null; ms: number | null }>(
      'SELECT sum(tokens_out) AS tokens, sum(generation_ms) AS ms FROM variants WHERE job_id = ? AND generation_ms > 0',
    );
  }

  insert(v: NewVariant): number {
    return Number(this.insertStmt.run(v).lastInsertRowid);
  }

  byJob(jobId: number): VariantRow[] {
    return this.byJobStmt.all(jobId);
  }

  /**
   * Tokens per second of one sequence over a job's variants: their output tokens over their
   * generation time. Not the job's throughput, which parallel sequences multiply. Null before
   * any variant has a time.
   */
  sequenceTokensPerSecond(jobId: number): number | null {
    const { tokens, ms } = this.speedStmt.get(jobId)!;
    return ms ? (tokens ?? 0) / (ms / 1000) : null;
  }

  countsByJob(jobId: number): { ok: number; failed: number } {
    const out = { ok: 0, failed: 0 };
    for (const r of this.countStmt.all(jobId)) out[r.status] = r.n;
    return out;
  }
}
