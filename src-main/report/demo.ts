/**
 * The whole pipeline, headless, on the sample dataset with the tiny generated models: sweep,
 * 1:3 generation at the chosen temperatures, privacy audit, classifier experiments and the
 * report. The tiny models produce gibberish: the demo shows the workflow, not findings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MODEL_FAMILIES } from '../contract/schemas.js';
import { runExperiment } from '../classify/experiments.js';
import { importFile } from '../datasets/importer.js';
import { createGenerationJob, runGenerationJob } from '../generate/generation-job.js';
import { currentRephraseTemplate } from '../generate/prompt.js';
import { registerGguf } from '../llm/model-registry.js';
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

// Short answers keep the demo within minutes on two CPU cores; tiny models never stop on their own.
const DEMO_LIMITS = { maxTokens: 32, maxAttempts: 2 };

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
    const files = await ensureTinyModels(path.join(o.out, 'models'));
    const models: ModelRow[] = [];
    for (const family of MODEL_FAMILIES) models.push(await registerGguf(store, { name: `tiny-${family}`, family, file: files[family] }));
    const template = currentRephraseTemplate(store);

    const sweep = await step('temperature sweep', async () => {
      const { jobId } = createSweep(store, {
        dataset: 'sample', datasetId: dataset.id, models: models.map((m) => ({ modelId: m.id, name: m.name })),
        sampleSize: o.sample ?? 50, seed: 1, threads, promptTemplateId: template.id, ...DEMO_LIMITS,
      });
      return runSweep(store, jobId);
    });
    await step('1:3 generation at the chosen temperatures', async () => {
      const job = createGenerationJob(store, {
        dataset: 'sample', datasetId: dataset.id, seed: 1, threads, promptTemplateId: template.id, ...DEMO_LIMITS,
        models: models.map((m) => ({ modelId: m.id, name: m.name, temperature: sweep.models.find((x) => x.model === m.name)?.chosen ?? 0.8 })),
      });
      return runGenerationJob(store, job.id);
    });
    await step('privacy audit', () => runAudit(store, { dataset: 'sample' }));
    await step('classifier experiments (a)–(e) and label retention', () => runExperiment(store, 'sample', { encoder: 'tfidf', threads }));
    const report = path.join(o.out, 'synthlab-report.html');
    await step('report', () => writeReport(store, 'sample', report));
    return { database, report, seconds: (performance.now() - started) / 1000, steps };
  } finally {
    store.close();
  }
}
