/**
 * The whole pipeline, headless, on the sample dataset: sweep, 1:3 generation at the chosen temperatures,
 * privacy audit, classifier experiments and the report.
 *
 * The bulk is made by a bundled rule-based stand-in rephraser (test-models/rule-based-rephraser.ts), NOT an
 * LLM, served by a local OpenAI-compatible server on 127.0.0.1 and reached through the real HTTP backend, so
 * that every page has readable rewrites to judge in seconds. One tiny random-weight GGUF model also runs on
 * a few posts, to show the reply gate rejecting its word salad. The server lives only while the demo runs:
 * generating with the stand-in models later fails with "connection refused".
 */
import fs from 'node:fs';
import path from 'node:path';
import { runExperiment } from '../classify/experiments.js';
import { importFile } from '../datasets/importer.js';
import { createGenerationJob, runGenerationJob } from '../generate/generation-job.js';
import { currentRephraseTemplate } from '../generate/prompt.js';
import { registerEndpoint, registerGguf } from '../llm/model-registry.js';
import { startStandInServer, STAND_IN_MODELS } from '../test-models/stand-in-server.js';
import { ensureTinyModels } from '../test-models/tiny-gguf-models.js';
import { runAudit } from '../privacy/audit.js';
import type { ModelRow } from '../store/models-repo.js';
import { Store } from '../store/store.js';
import { createSweep, runSweep } from '../sweep/sweep-job.js';
import { resourcePath } from '../util/resources.js';
import { writeReport } from './report.js';

export interface DemoOptions {
  out: string;
  /** Sweep sample size (the study's 50 by default). */
  sample?: number;
  threads?: number;
  log?: (line: string) => void;
}

export interface DemoResult {
  database: string;
  report: string;
  seconds: number;
  steps: { step: string; seconds: number }[];
}

// Short answers keep the tiny model's part cheap: it never stops on its own, so every reply is truncated.
const TINY_LIMITS = { maxTokens: 16, maxAttempts: 2 };
/** Posts the tiny random-weight model is given, to show the gate rejecting its output. */
const TINY_POSTS = 5;
/** What the demo's stand-in models are called, each saying what it is. */
export const STAND_IN_NOTE = 'rule-based stand-in, not an LLM';

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const log = o.log ?? (() => {});
  const threads = o.threads ?? 1;
  fs.mkdirSync(o.out, { recursive: true });
  const database = path.join(o.out, 'synthlab-demo.db');
  for (const f of [database, `${database}-wal`, `${database}-shm`]) fs.rmSync(f, { force: true });
  const store = Store.open(database);
  const started = performance.now();
  const steps: DemoResult['steps'] = [];
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    log(`${name}…`);
    const t0 = performance.now();
    const r = await work();
    steps.push({ step: name, seconds: (performance.now() - t0) / 1000 });
    log(`${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };
  try {
    const categories = JSON.parse(fs.readFileSync(resourcePath('sample', 'categories.json'), 'utf8')) as { name: string; description: string }[];
    await step('import the sample dataset', () => importFile(store, resourcePath('sample', 'posts.jsonl'), { dataset: 'sample', categories }));
    const dataset = store.datasets.get('sample')!;
    const template = currentRephraseTemplate(store);
    const server = await startStandInServer();
    try {
      const standIns: ModelRow[] = [];
      for (const id of Object.keys(STAND_IN_MODELS)) {
        const name = id.replace(/ \(not an LLM\)$/, '');
        standIns.push(await registerEndpoint(store, { name, family: 'llama3-instruct', url: server.url, model: id }));
        log(`model ${name}: ${STAND_IN_NOTE}, served at ${server.url}`);
      }
      const files = await ensureTinyModels(path.join(o.out, 'models'));
      const tiny = await registerGguf(store, { name: 'tiny-llama3-instruct', family: 'llama3-instruct', file: files['llama3-instruct'] });
      log(`model ${tiny.name}: tiny random-weight GGUF (word salad), run on ${TINY_POSTS} posts to show the reply gate rejecting it`);

      const sweep = await step('temperature sweep (rule-based stand-ins)', async () => {
        const { jobId } = createSweep(store, {
          dataset: 'sample', datasetId: dataset.id, models: standIns.map((m) => ({ modelId: m.id, name: m.name })),
          sampleSize: o.sample ?? 50, seed: 1, threads, promptTemplateId: template.id,
        });
        return runSweep(store, jobId);
      });
      for (const m of sweep.models) log(`  ${m.model}: ${m.chosen === null ? 'no temperature chosen' : `temperature ${m.chosen}`} (${m.choice?.reason ?? ''})`);
      await step('generation at the chosen temperatures (one variant per post and stand-in)', async () => {
        const job = createGenerationJob(store, {
          dataset: 'sample', datasetId: dataset.id, seed: 1, threads, promptTemplateId: template.id,
          // Where a sweep chose nothing, the default temperature; the sweep page says why.
          models: standIns.map((m) => ({ modelId: m.id, name: m.name, temperature: sweep.models.find((x) => x.model === m.name)?.chosen ?? 0.8 })),
        });
        return runGenerationJob(store, job.id);
      });
      await step(`reply gate on a tiny random-weight model (${TINY_POSTS} posts)`, async () => {
        const job = createGenerationJob(store, {
          dataset: 'sample', datasetId: dataset.id, seed: 1, threads, promptTemplateId: template.id, limit: TINY_POSTS, parallel: 1, ...TINY_LIMITS,
          models: [{ modelId: tiny.id, name: tiny.name, temperature: 0.8 }],
        });
        const summary = await runGenerationJob(store, job.id);
        log(`  ${tiny.name}: ${summary.variants} accepted, ${summary.failed} rejected by the gate`);
        return summary;
      });
    } finally {
      await server.close();
    }
    await step('privacy audit', () => runAudit(store, { dataset: 'sample' }));
    await step('classifier experiments (a)–(e) and label retention', () => runExperiment(store, 'sample', { encoder: 'tfidf', threads }));
    const report = path.join(o.out, 'synthlab-report.html');
    await step('report', () => writeReport(store, 'sample', report));
    return { database, report, seconds: (performance.now() - started) / 1000, steps };
  } finally {
    store.close();
  }
}
