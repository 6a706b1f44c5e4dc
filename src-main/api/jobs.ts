/** What each kind of job does when a worker runs it. */
import { z } from 'zod';
import type { JobProgress } from '../contract/schemas.js';
import { runGenerationJob, JobError } from '../generate/generation-job.js';
import { importFile } from '../datasets/importer.js';
import { downloadModel } from '../llm/model-download.js';
import { registerGguf } from '../llm/model-registry.js';
import type { Store } from '../store/store.js';
import { runSweep } from '../sweep/sweep-job.js';
import { runAudit } from '../privacy/audit.js';
import { runExperiment } from '../classify/experiments.js';
import type { ApiEvent } from '../contract/contract.js';
import type { VariantSet } from '../contract/variant-set-schemas.js';

export interface JobRunOptions {
  signal: AbortSignal;
  onProgress: (p: JobProgress) => void;
  /** Other events for the UI (training curves). */
  onEvent?: (e: ApiEvent) => void;
}

export const ImportJobParamsSchema = z.object({
  file: z.string(),
  options: z.object({ dataset: z.string() }).passthrough(),
});

export const DownloadJobParamsSchema = z.object({
  source: z.string(),
  name: z.string(),
  family: z.string(),
  dir: z.string(),
  sha256: z.string().optional(),
});

type Runner = (store: Store, jobId: number, params: unknown, o: JobRunOptions) => Promise<void>;

const progressOf = (jobId: number, state: JobProgress['state'], done: number, total: number): JobProgress => ({
  job: jobId, state, done, total, failed: 0, tokensPerSecond: null, etaSeconds: null,
});

/** Runs a job that finishes in one go (import, download), recording its state and error. */
async function oneShot(store: Store, jobId: number, work: () => Promise<void>): Promise<void> {
  store.jobs.setState(jobId, 'running');
  try {
    await work();
    store.jobs.setState(jobId, 'done');
  } catch (err) {
    store.jobs.setState(jobId, 'failed', (err as Error).message);
    throw err;
  }
}

const runners: Record<string, Runner> = {
  experiment: (store, jobId, params, o) =>
    oneShot(store, jobId, async () => {
      const { dataset, variantSet, ...options } = params as { dataset: string; variantSet?: VariantSet };
      let epochs = 0;
      const r = await runExperiment(
        store,
        dataset,
        options,
        {
          signal: o.signal,
          onEpoch: (report, source) => {
            epochs++;
            store.jobs.setProgress(jobId, epochs, 0);
            o.onEvent?.({ type: 'epoch', kind: 'experiment', job: jobId, source, report });
          },
        },
        variantSet,
      );
      store.db.prepare(`UPDATE jobs SET params_json = json_set(params_json, '$.experiment', ?) WHERE id = ?`).run(r.experiment, jobId);
    }),
  audit: (store, jobId, params, o) =>
    oneShot(store, jobId, async () => {
      const r = await runAudit(store, params as never, (p) => {
        store.jobs.setProgress(jobId, p.done, p.total);
        o.onProgress(progressOf(jobId, 'running', p.done, p.total));
      });
      // The finished audit's id, for the page that started it.
      store.db.prepare(`UPDATE jobs SET params_json = json_set(params_json, '$.audit', ?) WHERE id = ?`).run(r.audit, jobId);
    }),
  generate: async (store, jobId, _params, o) => {
    await runGenerationJob(store, jobId, o);
  },
  sweep: async (store, jobId, _params, o) => {
    await runSweep(store, jobId, o);
  },
  import: (store, jobId, params, o) => {
    const p = ImportJobParamsSchema.parse(params);
    return oneShot(store, jobId, async () => {
      const r = await importFile(store, p.file, p.options as never, (q) => o.onProgress(progressOf(jobId, 'running', q.posts, 0)));
      store.jobs.setProgress(jobId, r.posts, r.posts);
      store.db.prepare('UPDATE jobs SET dataset_id = (SELECT id FROM datasets WHERE name = ?) WHERE id = ?').run(r.dataset, jobId);
    });
  },
  download: (store, jobId, params, o) => {
    const p = DownloadJobParamsSchema.parse(params);
    return oneShot(store, jobId, async () => {
      const got = await downloadModel(p.source, p.dir, {
        signal: o.signal,
        ...(p.sha256 ? { expectedSha256: p.sha256 } : {}),
        onProgress: (d) => {
          store.jobs.setProgress(jobId, d.receivedBytes, d.totalBytes ?? 0);
          o.onProgress(progressOf(jobId, 'running', d.receivedBytes, d.totalBytes ?? 0));
        },
      });
      await registerGguf(store, { name: p.name, family: p.family, file: got.file });
    });
  },
};

/** Registers how a further kind of job runs (the classifier and audit modules add theirs). */
export function registerJobKind(kind: string, runner: Runner): void {
  runners[kind] = runner;
}

export async function runJob(store: Store, jobId: number, o: JobRunOptions): Promise<void> {
  const job = store.jobs.get(jobId);
  if (!job) throw new JobError(`no job ${jobId}`);
  const runner = runners[job.kind];
  if (!runner) throw new JobError(`no runner for ${job.kind} jobs`);
  await runner(store, jobId, JSON.parse(job.params_json), o);
}
