import type { AttemptOutcome, FinishReason, OutcomeTableRow } from '../contract/schemas.js';
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
  /** The final outcome: 'accepted', the last attempt's gate outcome, or 'error' when the calls failed; null (the default) for rows not made by a job. */
  outcome?: AttemptOutcome | null;
}

/** One model call made for a variant (table variant_attempts). */
export interface NewAttempt {
  attempt: number;
  seed: number;
  max_tokens: number | null;
  /** The reply as the model gave it, before any cleaning; null when the call failed. */
  raw_reply: string | null;
  finish_reason: FinishReason;
  outcome: AttemptOutcome;
  detail: string;
  tokens_in: number | null;
  tokens_out: number | null;
  ms: number | null;
}

export interface AttemptRow extends NewAttempt {
  variant_id: number;
}

/** Which variants an outcome table covers: one generation job's or one sweep's. */
export type OutcomeScope = { jobId: number } | { sweepId: number };

export interface VariantRow extends Omit<NewVariant, 'outcome'> {
  outcome: AttemptOutcome | null;
  id: number;
  similarity: number | null;
  created_at: string;
}

export class VariantRepo {
  private readonly insertStmt;
  private readonly byJobStmt;
  private readonly countStmt;
  private readonly speedStmt;
  private readonly attemptStmt;
  private readonly attemptsStmt;
  private readonly insertAll;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<NewVariant>(
      `INSERT INTO variants (post_id, model_id, job_id, sweep_id, replicate, prompt_template_id, model_sha256, family,
         temperature, seed, status, text, failure_reason, attempts, tokens_in, tokens_out, generation_ms, outcome)
       VALUES (@post_id, @model_id, @job_id, @sweep_id, @replicate, @prompt_template_id, @model_sha256, @family,
         @temperature, @seed, @status, @text, @failure_reason, @attempts, @tokens_in, @tokens_out, @generation_ms, @outcome)`,
    );
    this.attemptStmt = db.prepare<AttemptRow>(
      `INSERT INTO variant_attempts (variant_id, attempt, seed, max_tokens, raw_reply, finish_reason, outcome, detail, tokens_in, tokens_out, ms)
       VALUES (@variant_id, @attempt, @seed, @max_tokens, @raw_reply, @finish_reason, @outcome, @detail, @tokens_in, @tokens_out, @ms)`,
    );
    this.attemptsStmt = db.prepare<[number], AttemptRow>('SELECT * FROM variant_attempts WHERE variant_id = ? ORDER BY attempt');
    // One transaction per variant and its attempts: a crash leaves both or neither, and SQLite syncs once.
    this.insertAll = db.transaction((v: NewVariant, attempts: readonly NewAttempt[]) => {
      const id = Number(this.insertStmt.run({ ...v, outcome: v.outcome ?? null }).lastInsertRowid);
      for (const a of attempts) this.attemptStmt.run({ ...a, variant_id: id });
      return id;
    });
    this.byJobStmt = db.prepare<[number], VariantRow>('SELECT * FROM variants WHERE job_id = ? ORDER BY id');
    this.countStmt = db.prepare<[number], { status: 'ok' | 'failed'; n: number }>(
      'SELECT status, count(*) AS n FROM variants WHERE job_id = ? GROUP BY status',
    );
    this.speedStmt = db.prepare<[number], { tokens: number | null; ms: number | null }>(
      'SELECT sum(tokens_out) AS tokens, sum(generation_ms) AS ms FROM variants WHERE job_id = ? AND generation_ms > 0 AND tokens_out IS NOT NULL',
    );
  }

  /** Inserts a variant with the attempts that made it, in one transaction; returns the variant's id. */
  insert(v: NewVariant, attempts: readonly NewAttempt[] = []): number {
    return this.insertAll(v, attempts);
  }

  attempts(variantId: number): AttemptRow[] {
    return this.attemptsStmt.all(variantId);
  }

  /**
   * Deletes a job's (or sweep's) variants whose calls failed ('error'), with their attempts, so that a resume
   * tries those posts again. Gate rejections stay: they are results. Returns how many were deleted.
   */
  deleteErrored(scope: OutcomeScope): number {
    const [column, id] = 'jobId' in scope ? ['job_id', scope.jobId] : ['sweep_id', scope.sweepId];
    return this.db.prepare(`DELETE FROM variants WHERE ${column} = ? AND outcome = 'error'`).run(id).changes;
  }

  /**
   * Attempts per (model, temperature) by outcome for one job or sweep, with the variants' totals; rows by
   * model name, then temperature.
   */
  outcomeTable(scope: OutcomeScope): OutcomeTableRow[] {
    const [column, id] = 'jobId' in scope ? ['job_id', scope.jobId] : ['sweep_id', scope.sweepId];
    const attempts = this.db
      .prepare<[number], { model: string; temperature: number; outcome: AttemptOutcome; n: number }>(
        `SELECT m.name AS model, v.temperature, a.outcome, count(*) AS n
         FROM variant_attempts a JOIN variants v ON v.id = a.variant_id JOIN models m ON m.id = v.model_id
         WHERE v.${column} = ? GROUP BY m.name, v.temperature, a.outcome`,
      )
      .all(id);
    const variants = this.db
      .prepare<[number], { model: string; temperature: number; n: number; failed: number }>(
        `SELECT m.name AS model, v.temperature, count(*) AS n, sum(v.status = 'failed') AS failed
         FROM variants v JOIN models m ON m.id = v.model_id WHERE v.${column} = ? GROUP BY m.name, v.temperature`,
      )
      .all(id);
    const rows = new Map<string, OutcomeTableRow>();
    const row = (model: string, temperature: number) => {
      const key = `${model}\u0000${temperature}`;
      let r = rows.get(key);
      if (!r) {
        r = { model, temperature, attempts: 0, accepted: 0, errors: 0, acceptedShare: null, variants: 0, failedVariants: 0, outcomes: [] };
        rows.set(key, r);
      }
      return r;
    };
    for (const v of variants) Object.assign(row(v.model, v.temperature), { variants: v.n, failedVariants: v.failed });
    for (const a of attempts) {
      const r = row(a.model, a.temperature);
      r.attempts += a.n;
      if (a.outcome === 'accepted') r.accepted += a.n;
      if (a.outcome === 'error') r.errors += a.n;
      r.outcomes.push({ outcome: a.outcome, n: a.n });
    }
    for (const r of rows.values()) {
      const judged = r.attempts - r.errors;
      r.acceptedShare = judged > 0 ? r.accepted / judged : null;
      r.outcomes.sort((a, b) => b.n - a.n || a.outcome.localeCompare(b.outcome));
    }
    return [...rows.values()].sort((a, b) => a.model.localeCompare(b.model) || a.temperature - b.temperature);
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
