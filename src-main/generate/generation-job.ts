/**
 * The 1:3 generation job: one variant per (post, model). State lives in SQLite, one row per
 * finished variant, so after a crash or kill -9 the job resumes with exactly the pairs that
 * are missing; a unique index makes a duplicate impossible.
 *
 * Bad posts do not stop a job: a post whose calls fail (HTTP 4xx/5xx after the backend's retries, a thrown
 * error) gets a failed row with outcome 'error' and the reason, and the job goes on. Only a model failing on
 * `maxFailuresInRow` posts in a row (default 5) stops the job, naming the model and the last error. A resume
 * deletes the 'error' rows and tries those posts again (the endpoint may be back); gate rejections are
 * results and stay.
 */
import {
  GenerationParamsSchema,
  type GenerationParams,
  type GenerationParamsInput,
  type GenerationSummary,
  type JobProgress,
  type ModelFamily,
} from '../contract/schemas.js';
import type { TextGenerator } from '../llm/backend.js';
import { datasetTexts } from '../similarity/open-embedder.js';
import { scoreVariantSimilarity } from '../similarity/score-variants.js';
import { TfidfEmbedder } from '../similarity/tfidf-embedder.js';
import { openModel } from '../llm/open-model.js';
import type { ModelRow } from '../store/models-repo.js';
import type { JobRow } from '../store/jobs-repo.js';
import type { Store } from '../store/store.js';
import { runPool } from './pool.js';
import { ProgressMeter } from './progress-meter.js';
import { rephrasePost, variantRow, type RephraseOutcome } from './rephrase.js';

export const GENERATION_JOB = 'generate';

export class JobError extends Error {
  override name = 'JobError';
}

/**
 * Counts a model's posts whose calls failed in a row (outcome 'error'; gate rejections do not count) and
 * throws a JobError naming the model and the last error once `limit` is reached.
 */
export class FailureStreak {
  private count = 0;
  constructor(
    private readonly model: string,
    private readonly limit: number,
  ) {}

  record(outcome: Pick<RephraseOutcome, 'outcome' | 'failureReason'>): void {
    if (outcome.outcome !== 'error') {
      this.count = 0;
      return;
    }
    if (++this.count >= this.limit) {
      throw new JobError(
        `model "${this.model}" failed on ${this.count} posts in a row, so the job stopped (resume retries them); last error: ${outcome.failureReason}`,
      );
    }
  }
}

/** Why a job stopped early: set as the AbortSignal's reason. */
export type StopReason = 'pause' | 'cancel';

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** Tests and benchmarks may supply generators; by default registered models are opened. */
  open?: (model: ModelRow, params: GenerationParams) => Promise<TextGenerator>;
}

interface PendingPost {
  id: number;
  text: string;
}

export function createGenerationJob(store: Store, input: GenerationParamsInput): JobRow {
  const params = GenerationParamsSchema.parse(input);
  return store.jobs.create(GENERATION_JOB, params.datasetId, params);
}

export function generationParams(job: JobRow): GenerationParams {
  if (job.kind !== GENERATION_JOB) throw new JobError(`job ${job.id} is a ${job.kind} job, not a generation job`);
  return GenerationParamsSchema.parse(JSON.parse(job.params_json));
}

function pendingPosts(store: Store, jobId: number, params: GenerationParams, modelId: number) {
  const total = store.db.prepare<[number, number], number>(
    'SELECT count(*) FROM (SELECT id FROM posts WHERE dataset_id = ? ORDER BY id LIMIT ?)',
  ).pluck();
  const page = store.db.prepare<[number, number, number, number, number], PendingPost>(
    `SELECT p.id, p.text FROM (SELECT id, text FROM posts WHERE dataset_id = ? ORDER BY id LIMIT ?) AS p
     WHERE p.id > ? AND NOT EXISTS (SELECT 1 FROM variants v WHERE v.job_id = ? AND v.post_id = p.id AND v.model_id = ?)
     ORDER BY p.id LIMIT 64`,
  );
  const limit = params.limit ?? -1;
  return {
    total: () => total.get(params.datasetId, limit) ?? 0,
    /** Keyset pages, so a large dataset is never held in memory. */
    async *iterate(): AsyncGenerator<PendingPost> {
      let after = 0;
      for (;;) {
        const rows = page.all(params.datasetId, limit, after, jobId, modelId);
        if (!rows.length) return;
        for (const r of rows) yield r;
        after = rows[rows.length - 1]!.id;
      }
    },
  };
}

/**
 * Runs (or resumes) a generation job to the end, or until the signal stops it. Each model is
 * loaded once and its pending posts are generated `parallelism` at a time.
 */
export async function runGenerationJob(store: Store, jobId: number, o: RunOptions = {}): Promise<GenerationSummary> {
  const job = store.jobs.get(jobId);
  if (!job) throw new JobError(`no job ${jobId}`);
  if (job.state === 'done' || job.state === 'cancelled') throw new JobError(`job ${jobId} is already ${job.state}`);
  const params = generationParams(job);
  // Posts whose calls failed last time are tried again (see the header).
  store.variants.deleteErrored({ jobId });
  const template = store.prompts.get(params.promptTemplateId);
  if (!template) throw new JobError(`job ${jobId}: prompt template ${params.promptTemplateId} no longer exists`);
  const settings = { ...params, templateBody: template.body };
  const open = o.open ?? ((m, p) => openModel(m, { ...(p.threads ? { threads: p.threads } : {}), parallel: p.parallel, gpu: p.gpu }));

  const perModelTotal = pendingPosts(store, jobId, params, params.models[0]!.modelId).total();
  const total = perModelTotal * params.models.length;
  // Counted once, then kept up to date here: a query per variant would grow with the job.
  const tally = store.variants.countsByJob(jobId);
  const counts = () => tally;
  const meter = new ProgressMeter();
  const models: GenerationSummary['models'] = [];
  store.jobs.setState(jobId, 'running');

  const report = (model?: string, hardware?: string) => {
    const c = counts();
    const done = c.ok + c.failed;
    store.jobs.setProgress(jobId, done, total);
    o.onProgress?.({
      job: jobId,
      state: 'running',
      done,
      total,
      failed: c.failed,
      tokensPerSecond: meter.tokensPerSecond,
      etaSeconds: meter.eta(total - done),
      ...(model ? { model } : {}),
      ...(hardware ? { hardware } : {}),
    });
  };

  const finish = (state: GenerationSummary['state'], error: string | null = null): GenerationSummary => {
    store.jobs.setState(jobId, state, error);
    const c = counts();
    store.jobs.setProgress(jobId, c.ok + c.failed, total);
    return { job: jobId, state, variants: c.ok, failed: c.failed, tokens_per_second: meter.tokensPerSecond, seconds: meter.seconds, models };
  };

  try {
    for (const spec of params.models) {
      if (o.signal?.aborted) break;
      const model = store.models.getById(spec.modelId);
      if (!model) throw new JobError(`model "${spec.name}" is no longer registered`);
      const pending = pendingPosts(store, jobId, params, model.id).iterate();
      const generator = await open(model, params);
      models.push({ model: model.name, temperature: spec.temperature, hardware: generator.description });
      report(model.name, generator.description);
      const streak = new FailureStreak(model.name, params.maxFailuresInRow);
      try {
        await runPool(
          generator.parallelism,
          async () => (await pending.next()).value ?? undefined,
          async (post) => {
            const outcome = await rephrasePost(generator, model.family as ModelFamily, post.text, spec.temperature, params.seed, settings, o.signal);
            meter.add(outcome.tokensOut);
            tally[outcome.status]++;
            store.variants.insert(
              variantRow(outcome, { postId: post.id, model, temperature: spec.temperature, templateId: template.id, jobId }),
              outcome.attempts,
            );
            report(model.name, generator.description);
            streak.record(outcome);
          },
          o.signal,
        );
      } finally {
        await generator.close();
      }
    }
  } catch (err) {
    if (o.signal?.aborted) return finish(o.signal.reason === 'cancel' ? 'cancelled' : 'paused');
    const summary = finish('failed', (err as Error).message);
    throw Object.assign(err as Error, { summary });
  }
  if (o.signal?.aborted) return finish(o.signal.reason === 'cancel' ? 'cancelled' : 'paused');
  // Every variant's similarity to its source, with the default embedder (TF-IDF on the originals).
  await scoreVariantSimilarity(store, new TfidfEmbedder(datasetTexts(store, params.datasetId)), { jobId });
  return finish('done');
}
