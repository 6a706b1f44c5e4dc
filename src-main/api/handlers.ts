/** The engine behind each API procedure. Long work becomes a job run by the JobRunner. */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { exportDataset } from '../datasets/exporter.js';
import { formatFromPath } from '../datasets/importer.js';
import { datasetSummaries, storeInfo } from '../datasets/summary.js';
import { createGenerationJob } from '../generate/generation-job.js';
import { currentRephraseTemplate, saveRephraseTemplate } from '../generate/prompt.js';
import { parseTemperatureSpec, resolveTemperature, type TemperatureSpec } from '../generate/temperatures.js';
import { hardwareReport } from '../llm/llama-runtime.js';
import { runDefaults } from '../llm/thread-policy.js';
import { doctorReport } from '../doctor/doctor.js';
import { modelView, registerEndpoint, registerGguf, removeModel } from '../llm/model-registry.js';
import { ensureTinyModels, TINY_MODEL_FAMILY_IDS } from '../test-models/tiny-gguf-models.js';
import type { JobRow } from '../store/jobs-repo.js';
import type { Store } from '../store/store.js';
import { createSweep, sweepResult } from '../sweep/sweep-job.js';
import { latestChoice } from '../store/sweeps-repo.js';
import { getAudit, listAudits } from '../privacy/audit.js';
import { experimentOptions, loadExperiment } from '../classify/experiments.js';
import { methodName } from '../contract/classify-schemas.js';
import { buildReport, writeReport } from '../report/report.js';
import { writeRelease } from '../report/release.js';
import { decide, reviewAgreement, reviewProgress, reviewQueue } from '../review/reviews.js';
import { reviewDisagreements, variantSetCounts } from '../review/synthetic-set.js';
import { compiledModule } from '../util/resources.js';
import type { JobView, ProcedureName, ProcOutput, VariantView } from '../contract/contract.js';
import type { JobRunner } from './job-runner.js';
import type { Task } from './task-worker.js';

export class ApiError extends Error {
  override name = 'ApiError';
}

export interface ApiContext {
  store: Store;
  runner: JobRunner;
  /** Where downloaded and tiny models are kept. */
  modelsDir: string;
}

export type Handlers = { [K in ProcedureName]: (input: ProcOutputInput<K>) => Promise<ProcOutput<K>> | ProcOutput<K> };
// Handlers receive input after validation and defaults.
type ProcOutputInput<K extends ProcedureName> = import('zod').z.output<import('../contract/contract.js').Api[K]['input']>;

export function jobView(store: Store, j: JobRow): JobView {
  const dataset = j.dataset_id === null ? null : (store.db.prepare<[number], string>('SELECT name FROM datasets WHERE id = ?').pluck().get(j.dataset_id) ?? null);
  return {
    id: j.id,
    kind: j.kind,
    dataset,
    state: j.state,
    done: j.progress_done,
    total: j.progress_total,
    error: j.error,
    createdAt: j.created_at,
    finishedAt: j.finished_at,
    params: JSON.parse(j.params_json) as Record<string, unknown>,
  };
}

function needDataset(store: Store, name: string) {
  const d = store.datasets.get(name);
  if (!d) throw new ApiError(`no dataset named "${name}"`);
  return d;
}

function needJob(store: Store, id: number) {
  const j = store.jobs.get(id);
  if (!j) throw new ApiError(`no job ${id}`);
  return j;
}

interface VariantRowOut {
  id: number; post_id: number; source_id: string; source: string; labels: string; model: string; family: string;
  temperature: number; seed: number; status: 'ok' | 'failed'; text: string | null; failure_reason: string | null;
  attempts: number; tokens_in: number | null; tokens_out: number | null; generation_ms: number | null;
  similarity: number | null; job_id: number | null; created_at: string;
}

/** Runs a short model-loading task in a worker thread, off the thread that answers the UI. */
function runTask<T>(task: Task): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(compiledModule('api/task-worker.js'), { workerData: task });
    worker.once('message', (m: { ok: boolean; result?: T; error?: string }) =>
      m.ok ? resolve(m.result!) : reject(new ApiError(m.error!)),
    );
    worker.once('error', reject);
  });
}

export function createHandlers(ctx: ApiContext): Handlers {
  const { store, runner } = ctx;
  const startJob = (job: JobRow) => {
    runner.start(job.id);
    return { job: job.id };
  };
  return {
    'info.get': () => storeInfo(store),
    'datasets.list': () => datasetSummaries(store),
    'datasets.posts': (q) => {
      const d = needDataset(store, q.dataset);
      const matches = `(? IS NULL OR p.text LIKE '%' || ? || '%' ESCAPE '\\' OR p.external_id = ?)
        AND (? IS NULL OR EXISTS (SELECT 1 FROM post_labels l JOIN categories c ON c.id = l.category_id WHERE l.post_id = p.id AND c.name = ?))`;
      const search = q.search?.trim() ? q.search.trim().replace(/[\\%_]/g, (m) => `\\${m}`) : null;
      const args = [d.id, search, search, q.search?.trim() || null, q.category ?? null, q.category ?? null] as const;
      const total = store.db.prepare(`SELECT count(*) FROM posts p WHERE p.dataset_id = ? AND ${matches}`).pluck().get(...args) as number;
      // "+p.dataset_id" keeps SQLite off the (dataset_id, text_hash) index: its order would make it sort every
      // matching row, labels and all, before the OFFSET (2.7 s at offset 50,000 of 100,000). Scanning in id
      // order costs what the page skips instead (25 ms there).
      const rows = store.db
        .prepare(
          `SELECT p.id, p.external_id, p.text,
             (SELECT json_group_array(c.name) FROM (SELECT c.name FROM post_labels l JOIN categories c ON c.id = l.category_id WHERE l.post_id = p.id ORDER BY c.id) c) AS labels
           FROM posts p WHERE +p.dataset_id = ? AND ${matches} ORDER BY p.id LIMIT ? OFFSET ?`,
        )
        .all(...args, q.limit, q.offset) as { id: number; external_id: string; text: string; labels: string }[];
      return { total, items: rows.map((r) => ({ id: r.id, externalId: r.external_id, text: r.text, labels: JSON.parse(r.labels) as string[] })) };
    },
    'datasets.import': (i) => {
      if (!fs.existsSync(i.file)) throw new ApiError(`${i.file}: file not found`);
      if (!i.format && !formatFromPath(i.file)) throw new ApiError(`${path.basename(i.file)}: unknown file type: use a .jsonl, .ndjson, .csv, .tsv, .json, .js or .parquet file`);
      const { file, ...options } = i;
      return startJob(store.jobs.create('import', store.datasets.get(i.dataset)?.id ?? null, { file, options }));
    },
    'datasets.export': (i) =>
      exportDataset(store, { dataset: i.dataset, format: i.format, kind: i.kind, ...(i.variantSet ? { variantSet: i.variantSet } : {}) }, i.file),

    'models.list': async () => ({ models: store.models.list().map(modelView), hardware: await hardwareReport() }),
    'models.addGguf': async (i) => modelView(await registerGguf(store, i)),
    'models.addEndpoint': async (i) => modelView(await registerEndpoint(store, i)),
    'models.addTiny': async () => {
      const files = await ensureTinyModels(path.join(ctx.modelsDir, 'tiny'));
      const rows = [];
      for (const family of TINY_MODEL_FAMILY_IDS) {
        const name = `tiny-${family}`;
        rows.push(store.models.get(name) ?? (await registerGguf(store, { name, family, file: files[family] })));
      }
      return rows.map(modelView);
    },
    'models.remove': (i) => {
      removeModel(store, i.name);
      return { removed: i.name };
    },
    'models.download': (i) => {
      if (store.models.get(i.name)) throw new ApiError(`a model named "${i.name}" is already registered`);
      return startJob(store.jobs.create('download', null, { ...i, dir: ctx.modelsDir }));
    },
    'models.testPrompt': (i) => runTask<ProcOutput<'models.testPrompt'>>({ kind: 'test-prompt', dbPath: store.file, ...i }),

    'generate.start': (i) => {
      const d = needDataset(store, i.dataset);
      const spec: TemperatureSpec | undefined =
        i.temperature === undefined ? undefined
        : i.temperature === 'auto' ? parseTemperatureSpec('auto')
        : typeof i.temperature === 'number' ? { kind: 'all', value: i.temperature }
        : { kind: 'per-model', values: new Map(Object.entries(i.temperature)) };
      const models = i.models.map((name) => {
        const row = store.models.get(name);
        if (!row) throw new ApiError(`no model named "${name}"`);
        return { modelId: row.id, name, temperature: resolveTemperature(store, spec, d.id, row) };
      });
      const { dataset: _dataset, models: _models, temperature: _t, ...rest } = i;
      return startJob(createGenerationJob(store, { dataset: d.name, datasetId: d.id, models, promptTemplateId: currentRephraseTemplate(store).id, ...rest }));
    },

    'jobs.list': (q) =>
      store.jobs
        .list()
        .filter((j) => !q.kind || j.kind === q.kind)
        .map((j) => jobView(store, j))
        .filter((j) => !q.dataset || j.dataset === q.dataset),
    'jobs.get': (i) => jobView(store, needJob(store, i.id)),
    'jobs.pause': (i) => {
      const j = needJob(store, i.id);
      if (!runner.stop(j.id, 'pause') && j.state === 'running') store.jobs.setState(j.id, 'paused');
      return jobView(store, needJob(store, i.id));
    },
    'jobs.resume': (i) => {
      const j = needJob(store, i.id);
      if (j.state === 'done' || j.state === 'cancelled') throw new ApiError(`job ${j.id} is ${j.state} and cannot resume`);
      if (!runner.isRunning(j.id)) runner.start(j.id);
      return jobView(store, needJob(store, i.id));
    },
    'jobs.cancel': (i) => {
      const j = needJob(store, i.id);
      if (j.state === 'done') throw new ApiError(`job ${j.id} is already done`);
      if (!runner.stop(j.id, 'cancel')) store.jobs.setState(j.id, 'cancelled');
      return jobView(store, needJob(store, i.id));
    },
    'classifier.predict': (i) =>
      runTask<ProcOutput<'classifier.predict'>>({ kind: 'predict', dbPath: store.file, run: i.run, texts: i.texts }),

    'jobs.summary': (i) => {
      const j = needJob(store, i.id);
      const c = store.variants.countsByJob(j.id);
      const speed = store.variants.sequenceTokensPerSecond(j.id);
      return {
        job: j.id,
        state: j.state,
        variants: c.ok,
        failed: c.failed,
        ...(speed !== null ? { sequence_tokens_per_second: speed } : {}),
      };
    },

    'generate.outcomes': (i) => {
      if ('job' in i) return store.variants.outcomeTable({ jobId: needJob(store, i.job).id });
      if (!store.db.prepare('SELECT 1 FROM sweeps WHERE id = ?').get(i.sweep)) throw new ApiError(`no sweep ${i.sweep}`);
      return store.variants.outcomeTable({ sweepId: i.sweep });
    },

    'variants.list': (q) => {
      const d = needDataset(store, q.dataset);
      const where = `p.dataset_id = ? AND v.sweep_id IS NULL AND (? IS NULL OR v.job_id = ?) AND (? IS NULL OR m.name = ?) AND (? IS NULL OR v.status = ?)`;
      const args = [d.id, q.job ?? null, q.job ?? null, q.model ?? null, q.model ?? null, q.status ?? null, q.status ?? null] as const;
      const from = 'FROM variants v JOIN posts p ON p.id = v.post_id JOIN models m ON m.id = v.model_id';
      const total = store.db.prepare(`SELECT count(*) ${from} WHERE ${where}`).pluck().get(...args) as number;
      const rows = store.db
        .prepare(
          `SELECT v.*, p.external_id AS source_id, p.text AS source, m.name AS model,
             (SELECT json_group_array(c.name) FROM (SELECT c.name FROM post_labels l JOIN categories c ON c.id = l.category_id WHERE l.post_id = p.id ORDER BY c.id) c) AS labels
           ${from} WHERE ${where} ORDER BY v.id DESC LIMIT ? OFFSET ?`,
        )
        .all(...args, q.limit, q.offset) as VariantRowOut[];
      const items: VariantView[] = rows.map((r) => ({
        id: r.id, postId: r.post_id, sourceId: r.source_id, source: r.source, labels: JSON.parse(r.labels) as string[],
        model: r.model, family: r.family, temperature: r.temperature, seed: r.seed, status: r.status, text: r.text,
        failureReason: r.failure_reason, attempts: r.attempts, tokensIn: r.tokens_in, tokensOut: r.tokens_out,
        ms: r.generation_ms, similarity: r.similarity, jobId: r.job_id, createdAt: r.created_at,
      }));
      return { total, items };
    },

    'prompts.get': () => {
      const t = currentRephraseTemplate(store);
      return { id: t.id, version: t.version, body: t.body };
    },
    'prompts.save': (i) => {
      const t = saveRephraseTemplate(store, i.body);
      return { id: t.id, version: t.version, body: t.body };
    },

    'sweeps.list': (q) => {
      const d = needDataset(store, q.dataset);
      const ids = store.db.prepare<[number], number>('SELECT id FROM sweeps WHERE dataset_id = ? ORDER BY id DESC').pluck().all(d.id);
      return ids.map((id) => sweepResult(store, id));
    },
    'sweeps.start': (i) => {
      const d = needDataset(store, i.dataset);
      const models = i.models.map((name) => {
        const row = store.models.get(name);
        if (!row) throw new ApiError(`no model named "${name}"`);
        return { modelId: row.id, name };
      });
      const { dataset: _d, models: _m, ...rest } = i;
      const { jobId } = createSweep(store, { dataset: d.name, datasetId: d.id, models, promptTemplateId: currentRephraseTemplate(store).id, ...rest });
      runner.start(jobId);
      return { job: jobId };
    },
    'sweeps.chosen': (q) => {
      const d = needDataset(store, q.dataset);
      return store.models.list().flatMap((m) => {
        const c = latestChoice(store.db, d.id, m.id);
        return c ? [{ model: m.name, ...c }] : [];
      });
    },
    'sweeps.point': (i) => {
      const model = store.models.get(i.model);
      if (!model) throw new ApiError(`no model named "${i.model}"`);
      const rows = store.db
        .prepare(
          // A failed variant shows its last raw reply, so that what the gate rejected can be seen.
          `SELECT v.post_id, p.external_id AS source_id, p.text AS source, v.status, v.similarity, v.failure_reason,
             coalesce(v.text, (SELECT a.raw_reply FROM variant_attempts a WHERE a.variant_id = v.id ORDER BY a.attempt DESC LIMIT 1)) AS variant
           FROM variants v JOIN posts p ON p.id = v.post_id
           WHERE v.sweep_id = ? AND v.model_id = ? AND abs(v.temperature - ?) < 1e-9 ORDER BY v.post_id, v.replicate`,
        )
        .all(i.sweep, model.id, i.temperature) as { post_id: number; source_id: string; source: string; variant: string | null; status: 'ok' | 'failed'; similarity: number | null; failure_reason: string | null }[];
      return rows.map((r) => ({ postId: r.post_id, sourceId: r.source_id, source: r.source, variant: r.variant, status: r.status, similarity: r.similarity, failureReason: r.failure_reason }));
    },

    'review.queue': (q) => reviewQueue(store, q),
    'review.decide': (d) => decide(store, d),
    'review.progress': (q) => reviewProgress(store, q.dataset, q.annotator),
    'review.agreement': (q) => reviewAgreement(store, q.dataset),
    'review.disagreements': (q) => reviewDisagreements(store, q.dataset),
    'synthetic.counts': (q) => {
      const { dataset, ...choice } = q;
      return variantSetCounts(store, dataset, choice);
    },
    'release.create': (i) => {
      needDataset(store, i.dataset);
      const dir = i.dir ?? path.join(path.dirname(store.file), 'releases', `${i.dataset}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      return writeRelease(store, { dataset: i.dataset, out: dir });
    },

    'experiments.start': (i) => {
      const d = needDataset(store, i.dataset);
      return startJob(store.jobs.create('experiment', d.id, i));
    },
    'experiments.list': (q) => {
      const d = needDataset(store, q.dataset);
      return (store.db.prepare('SELECT id, encoder, head, params_json, created_at FROM experiments WHERE dataset_id = ? ORDER BY id DESC').all(d.id) as { id: number; encoder: string; head: string; params_json: string; created_at: string }[]).map((r) => ({
        id: r.id, encoder: r.encoder, head: r.head, method: methodName(experimentOptions(r.params_json)), createdAt: r.created_at,
      }));
    },
    'experiments.get': (i) => loadExperiment(store, i.id),
    'reports.create': (i) => {
      needDataset(store, i.dataset);
      const file = i.file ?? path.join(path.dirname(store.file), 'reports', `${i.dataset}-${new Date().toISOString().replace(/[:.]/g, '-')}.html`);
      return writeReport(store, i.dataset, file, { sweep: i.sweep, experiment: i.experiment, audit: i.audit });
    },
    'reports.preview': (i) => {
      needDataset(store, i.dataset);
      return { html: buildReport(store, i.dataset, { sweep: i.sweep, experiment: i.experiment, audit: i.audit }) };
    },

    'audits.start': (o) => {
      const d = needDataset(store, o.dataset);
      return startJob(store.jobs.create('audit', d.id, o));
    },
    'audits.list': (q) => listAudits(store, q.dataset),
    'audits.get': (i) => {
      const a = getAudit(store, i.id);
      if (!a) throw new ApiError(`no audit ${i.id}`);
      return a;
    },

    'machine.defaults': () => runDefaults(),
    'machine.doctor': () => doctorReport({ workspace: store.file, modelsDir: ctx.modelsDir, models: store.models.list() }),
  };
}
