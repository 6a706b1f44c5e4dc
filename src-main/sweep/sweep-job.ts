/**
 * The temperature sweep: on a seeded sample of posts (the same for every model and
 * temperature), k variants per (post, model, temperature), their cosine similarity to the
 * source, and per model the temperature with the lowest mean similarity. A job like
 * generation: one row per finished variant, so it resumes after a crash.
 *
 * Only accepted variants are measured: a point's mean similarity and its 95% CI (clamped to [-1, 1]) are over
 * accepted variants, and its accepted share is over all attempts that got a reply (selection.ts has the rule).
 * Like generation, posts whose calls failed get failed rows with outcome 'error', a model failing on
 * `maxFailuresInRow` posts in a row stops the sweep, and a resume retries the 'error' rows.
 */
import {
  SweepParamsSchema,
  type JobProgress,
  type ModelFamily,
  type SweepParams,
  type SweepParamsInput,
  type SweepPointView,
  type SweepResult,
} from '../contract/schemas.js';
import { FailureStreak, JobError, type RunOptions } from '../generate/generation-job.js';
import { runPool } from '../generate/pool.js';
import { ProgressMeter } from '../generate/progress-meter.js';
import { rephrasePost, variantRow } from '../generate/rephrase.js';
import { openModel } from '../llm/open-model.js';
import type { ModelRow } from '../store/models-repo.js';
import type { Store } from '../store/store.js';
import { parseEmbedderSpec } from '../similarity/embedder.js';
import { openEmbedder } from '../similarity/open-embedder.js';
import { scoreVariantSimilarity } from '../similarity/score-variants.js';
import { seededSample } from './sample.js';
import { selectTemperature, type SweepPoint } from './selection.js';
import { summarise } from './statistics.js';

export const SWEEP_JOB = 'sweep';
/** Seeds of replicate r start at seed + r × REPLICATE_SEED_STRIDE, leaving room for retries. */
const REPLICATE_SEED_STRIDE = 1000;

interface SweepItem {
  postId: number;
  text: string;
  temperature: number;
  replicate: number;
}

export function createSweep(store: Store, input: Omit<SweepParamsInput, 'sweepId'>): { sweepId: number; jobId: number } {
  const params = SweepParamsSchema.parse(input);
  parseEmbedderSpec(params.embedder);
  return store.db.transaction(() => {
    const job = store.jobs.create(SWEEP_JOB, params.datasetId, params);
    const sweepId = Number(
      store.db
        .prepare('INSERT INTO sweeps (dataset_id, job_id, embedder, sample_size, sample_seed, params_json) VALUES (?, ?, ?, ?, ?, ?)')
        .run(params.datasetId, job.id, params.embedder, params.sampleSize, params.seed, JSON.stringify(params)).lastInsertRowid,
    );
    store.db.prepare('UPDATE jobs SET params_json = ? WHERE id = ?').run(JSON.stringify({ ...params, sweepId }), job.id);
    const postIds = store.db.prepare<[number], number>('SELECT id FROM posts WHERE dataset_id = ? ORDER BY id').pluck().all(params.datasetId);
    const insert = store.db.prepare('INSERT INTO sweep_samples (sweep_id, post_id, position) VALUES (?, ?, ?)');
    seededSample(postIds, params.sampleSize, params.seed).forEach((postId, i) => insert.run(sweepId, postId, i));
    return { sweepId, jobId: job.id };
  })();
}

function sweepParams(store: Store, jobId: number): SweepParams & { sweepId: number } {
  const job = store.jobs.get(jobId);
  if (!job) throw new JobError(`no job ${jobId}`);
  if (job.kind !== SWEEP_JOB) throw new JobError(`job ${jobId} is a ${job.kind} job, not a sweep`);
  const params = SweepParamsSchema.parse(JSON.parse(job.params_json));
  if (params.sweepId === undefined) throw new JobError(`job ${jobId} has no sweep`);
  return { ...params, sweepId: params.sweepId };
}

function pendingItems(store: Store, params: SweepParams & { sweepId: number }, modelId: number): SweepItem[] {
  const sample = store.db
    .prepare<[number], { id: number; text: string }>(
      'SELECT p.id, p.text FROM sweep_samples s JOIN posts p ON p.id = s.post_id WHERE s.sweep_id = ? ORDER BY s.position',
    )
    .all(params.sweepId);
  const done = new Set(
    store.db
      .prepare<[number, number], string>(
        `SELECT post_id || ':' || temperature || ':' || replicate FROM variants WHERE sweep_id = ? AND model_id = ?`,
      )
      .pluck()
      .all(params.sweepId, modelId),
  );
  const items: SweepItem[] = [];
  for (const temperature of params.temperatures) {
    for (const post of sample) {
      for (let replicate = 0; replicate < params.k; replicate++) {
        if (!done.has(`${post.id}:${temperature}:${replicate}`)) items.push({ postId: post.id, text: post.text, temperature, replicate });
      }
    }
  }
  return items;
}

/** How often, at most, a running sweep scores its new variants and updates its points (ms). */
export const LIVE_POINTS_INTERVAL_MS = 2000;

/**
 * The range a similarity can take: cosine is within [-1, 1], and TF-IDF vectors have no negative
 * weights, so their cosine is within [0, 1]. The 95% intervals are clamped to it.
 */
export function similarityRange(embedder: string): [number, number] {
  return parseEmbedderSpec(embedder).kind === 'tfidf' ? [0, 1] : [-1, 1];
}

/** Attempts per (model, temperature) of a sweep: all of them, accepted ones and call errors. */
function attemptCounts(store: Store, sweepId: number) {
  const rows = store.db
    .prepare<[number], { model_id: number; temperature: number; outcome: string; n: number }>(
      `SELECT v.model_id, v.temperature, a.outcome, count(*) AS n
       FROM variant_attempts a JOIN variants v ON v.id = a.variant_id WHERE v.sweep_id = ? GROUP BY v.model_id, v.temperature, a.outcome`,
    )
    .all(sweepId);
  return (modelId: number, temperature: number) => {
    const here = rows.filter((r) => r.model_id === modelId && Math.abs(r.temperature - temperature) < 1e-9);
    const attempts = here.reduce((a, r) => a + r.n, 0);
    const accepted = here.find((r) => r.outcome === 'accepted')?.n ?? 0;
    const errors = here.find((r) => r.outcome === 'error')?.n ?? 0;
    const rejections = here
      .filter((r) => r.outcome !== 'accepted')
      .map((r) => ({ outcome: r.outcome as SweepPointView['rejections'][number]['outcome'], n: r.n }))
      .sort((a, b) => b.n - a.n || a.outcome.localeCompare(b.outcome));
    return { attempts, acceptedShare: attempts - errors > 0 ? accepted / (attempts - errors) : null, rejections };
  };
}

/**
 * Recomputes the stored points and chosen temperatures of a sweep from its accepted variants. With
 * `choose: false` (while the sweep runs, its points shown live) no temperature is marked chosen: that
 * waits for every variant.
 */
export function aggregateSweep(store: Store, params: SweepParams & { sweepId: number }, o: { choose?: boolean } = {}): void {
  const range = similarityRange(params.embedder);
  const rows = store.db
    .prepare<[number], { model_id: number; temperature: number; status: string; similarity: number | null; ratio: number | null }>(
      `SELECT v.model_id, v.temperature, v.status, v.similarity,
              CASE WHEN v.status = 'ok' THEN length(v.text) * 1.0 / length(p.text) END AS ratio
       FROM variants v JOIN posts p ON p.id = v.post_id WHERE v.sweep_id = ?`,
    )
    .all(params.sweepId);
  const counts = attemptCounts(store, params.sweepId);
  const insert = store.db.prepare(
    `INSERT INTO sweep_points (sweep_id, model_id, temperature, n, failed, mean, std, ci_lo, ci_hi, mean_length_ratio, chosen)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  store.db.transaction(() => {
    store.db.prepare('DELETE FROM sweep_points WHERE sweep_id = ?').run(params.sweepId);
    for (const m of params.models) {
      const points = params.temperatures.map((temperature) => {
        const here = rows.filter((r) => r.model_id === m.modelId && Math.abs(r.temperature - temperature) < 1e-9);
        // Accepted variants only, and only finite similarities: a NaN never enters a mean.
        const sims = here.filter((r) => r.status === 'ok' && r.similarity !== null && Number.isFinite(r.similarity)).map((r) => r.similarity!);
        const ratios = here.filter((r) => r.ratio !== null).map((r) => r.ratio!);
        return {
          temperature,
          ...summarise(sims, range),
          failed: here.filter((r) => r.status === 'failed').length,
          lengthRatio: summarise(ratios).mean,
          acceptedShare: counts(m.modelId, temperature).acceptedShare,
        };
      });
      const chosen = o.choose === false ? undefined : selectTemperature(points, { minAcceptedShare: params.minAcceptedShare }).chosen;
      for (const p of points) {
        insert.run(params.sweepId, m.modelId, p.temperature, p.n, p.failed, p.mean, p.std, p.ci95?.[0] ?? null, p.ci95?.[1] ?? null, p.lengthRatio, p.temperature === chosen ? 1 : 0);
      }
    }
  })();
}

export function sweepResult(store: Store, sweepId: number): SweepResult {
  const sweep = store.db.prepare<[number], { id: number; job_id: number; embedder: string; sample_size: number; state: string; params_json: string }>('SELECT * FROM sweeps WHERE id = ?').get(sweepId);
  if (!sweep) throw new JobError(`no sweep ${sweepId}`);
  const params = SweepParamsSchema.parse(JSON.parse(sweep.params_json));
  const job = store.jobs.get(sweep.job_id);
  const points = store.db
    .prepare<[number], { model_id: number; temperature: number; n: number; failed: number; mean: number | null; std: number | null; ci_lo: number | null; ci_hi: number | null; mean_length_ratio: number | null; chosen: number }>(
      'SELECT * FROM sweep_points WHERE sweep_id = ? ORDER BY model_id, temperature',
    )
    .all(sweepId);
  const sample = store.db.prepare<[number], number>('SELECT count(*) FROM sweep_samples WHERE sweep_id = ?').pluck().get(sweepId) ?? 0;
  const counts = attemptCounts(store, sweepId);
  return {
    sweep: sweepId,
    job: sweep.job_id,
    state: job?.state ?? 'failed',
    embedder: sweep.embedder,
    sample,
    minAcceptedShare: params.minAcceptedShare,
    models: params.models.map((m) => {
      const mine = points.filter((p) => p.model_id === m.modelId);
      const views: SweepPointView[] = mine.map((p) => {
        const c = counts(m.modelId, p.temperature);
        return {
          temperature: p.temperature,
          mean: p.mean,
          std: p.std,
          ci95: p.ci_lo !== null && p.ci_hi !== null ? ([p.ci_lo, p.ci_hi] as [number, number]) : null,
          n: p.n,
          failed: p.failed,
          mean_length_ratio: p.mean_length_ratio,
          attempts: c.attempts,
          accepted_share: c.acceptedShare,
          rejections: c.rejections,
        };
      });
      // The same pure rule that set `chosen`, for the runner-up and the significance note.
      const choice = mine.length
        ? selectTemperature(
            views.map((v): SweepPoint => ({ temperature: v.temperature, mean: v.mean, ci95: v.ci95, n: v.n, acceptedShare: v.accepted_share })),
            { minAcceptedShare: params.minAcceptedShare },
          )
        : undefined;
      return {
        model: m.name,
        chosen: mine.find((p) => p.chosen)?.temperature ?? null,
        ...(choice ? { choice } : {}),
        points: views,
      };
    }),
  };
}

/** Runs (or resumes) a sweep job to the end, or until the signal stops it. */
export async function runSweep(store: Store, jobId: number, o: Pick<RunOptions, 'signal' | 'onProgress'> & { open?: (m: ModelRow, p: SweepParams) => ReturnType<typeof openModel>; livePointsIntervalMs?: number } = {}): Promise<SweepResult> {
  const params = sweepParams(store, jobId);
  store.variants.deleteErrored({ sweepId: params.sweepId });
  const template = store.prompts.get(params.promptTemplateId);
  if (!template) throw new JobError(`sweep job ${jobId}: prompt template ${params.promptTemplateId} no longer exists`);
  const settings = { ...params, templateBody: template.body };
  const open = o.open ?? ((m, p) => openModel(m, { ...(p.threads ? { threads: p.threads } : {}), parallel: p.parallel, gpu: p.gpu }));
  const sampleSize = store.db.prepare<[number], number>('SELECT count(*) FROM sweep_samples WHERE sweep_id = ?').pluck().get(params.sweepId) ?? 0;
  const total = sampleSize * params.temperatures.length * params.k * params.models.length;
  const doneCount = store.db.prepare<[number], number>('SELECT count(*) FROM variants WHERE sweep_id = ?').pluck();
  const failedCount = store.db.prepare<[number], number>(`SELECT count(*) FROM variants WHERE sweep_id = ? AND status = 'failed'`).pluck();
  const meter = new ProgressMeter();
  const report = (state: JobProgress['state'], model?: string, hardware?: string) => {
    const done = doneCount.get(params.sweepId) ?? 0;
    store.jobs.setProgress(jobId, done, total);
    o.onProgress?.({
      job: jobId, state, done, total, failed: failedCount.get(params.sweepId) ?? 0,
      tokensPerSecond: meter.tokensPerSecond, etaSeconds: meter.eta(total - done),
      ...(model ? { model } : {}), ...(hardware ? { hardware } : {}),
    });
  };
  const stop = () => {
    store.jobs.setState(jobId, o.signal?.reason === 'cancel' ? 'cancelled' : 'paused');
    return sweepResult(store, params.sweepId);
  };

  store.jobs.setState(jobId, 'running');
  // Opened before generating, so the points can be scored while the sweep runs (and a bad
  // embedder path fails the job before any variant is made).
  const embedder = await openEmbedder(store, parseEmbedderSpec(params.embedder), params.datasetId, params.threads);
  let lastLive = Date.now();
  let live: Promise<void> | undefined;
  /** Scores the variants made so far and updates the points, at most every LIVE_POINTS_INTERVAL_MS. */
  const livePoints = async (force = false) => {
    if (live || (!force && Date.now() - lastLive < (o.livePointsIntervalMs ?? LIVE_POINTS_INTERVAL_MS))) return live;
    live = (async () => {
      await scoreVariantSimilarity(store, embedder, { sweepId: params.sweepId });
      aggregateSweep(store, params, { choose: false });
    })().finally(() => {
      lastLive = Date.now();
      live = undefined;
    });
    return live;
  };
  try {
    for (const spec of params.models) {
      if (o.signal?.aborted) return stop();
      const model = store.models.getById(spec.modelId);
      if (!model) throw new JobError(`model "${spec.name}" is no longer registered`);
      const items = pendingItems(store, params, model.id);
      if (!items.length) continue;
      const generator = await open(model, params);
      report('running', model.name, generator.description);
      const streak = new FailureStreak(model.name, params.maxFailuresInRow);
      try {
        let next = 0;
        await runPool(
          generator.parallelism,
          async () => items[next++],
          async (item) => {
            const seed = params.seed + item.replicate * REPLICATE_SEED_STRIDE;
            const outcome = await rephrasePost(generator, model.family as ModelFamily, item.text, item.temperature, seed, settings, o.signal);
            meter.add(outcome.tokensOut);
            store.variants.insert(
              variantRow(outcome, { postId: item.postId, model, temperature: item.temperature, templateId: template.id, jobId, sweepId: params.sweepId, replicate: item.replicate }),
              outcome.attempts,
            );
            report('running', model.name, generator.description);
            // Not awaited: the sequences keep decoding. A failure shows again in the final scoring.
            livePoints().catch(() => undefined);
            streak.record(outcome);
          },
          o.signal,
        );
      } finally {
        await generator.close();
      }
      await live?.catch(() => undefined);
      if (!o.signal?.aborted) await livePoints(true);
    }
    await live?.catch(() => undefined);
    if (o.signal?.aborted) return stop();
    await scoreVariantSimilarity(store, embedder, { sweepId: params.sweepId });
    store.db.prepare('UPDATE sweeps SET embedder = ? WHERE id = ?').run(embedder.id, params.sweepId);
    aggregateSweep(store, params);
    store.db.prepare(`UPDATE sweeps SET state = 'done' WHERE id = ?`).run(params.sweepId);
    store.jobs.setState(jobId, 'done');
    report('done');
    return sweepResult(store, params.sweepId);
  } catch (err) {
    await live?.catch(() => undefined);
    if (o.signal?.aborted) return stop();
    store.jobs.setState(jobId, 'failed', (err as Error).message);
    throw err;
  } finally {
    await embedder.dispose();
  }
}
