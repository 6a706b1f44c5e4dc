/**
 * bench:pipeline — the whole pipeline on the sample dataset (resources/sample/) with the tiny
 * generated models, in one run: import → temperature sweep → 1:3 generation → privacy audit →
 * classifier experiment, each stage's seconds and share of the total; and the sweep's and the
 * generation's tokens/s against a plain node-llama-cpp loop (test/bench/plain-llama-loop.ts) on
 * the same prompts, temperatures and token budgets, at the same default thread count and
 * sequences. Every job runs at its default settings: no threads, no parallel (the thread
 * policy decides). CPU only; one attempt per variant, so the jobs generate what the loop does.
 *
 *   npm run -s bench:pipeline [-- --sample N] [-- --posts N] [-- --json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MODEL_FAMILIES, type ModelFamily } from '../../src-main/contract/schemas.js';
import { runExperiment } from '../../src-main/classify/experiments.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { createGenerationJob, runGenerationJob } from '../../src-main/generate/generation-job.js';
import { currentRephraseTemplate, rephraseMessages } from '../../src-main/generate/prompt.js';
import { answerTokenBudget } from '../../src-main/generate/rephrase.js';
import { EmbeddedGenerator } from '../../src-main/llm/embedded-backend.js';
import { registerGguf } from '../../src-main/llm/model-registry.js';
import { runDefaults } from '../../src-main/llm/thread-policy.js';
import { runAudit } from '../../src-main/privacy/audit.js';
import type { ModelRow } from '../../src-main/store/models-repo.js';
import { Store } from '../../src-main/store/store.js';
import { createSweep, runSweep } from '../../src-main/sweep/sweep-job.js';
import { ensureTinyModels } from '../../src-main/test-models/tiny-gguf-models.js';
import { resourcePath } from '../../src-main/util/resources.js';
import { plainLlamaLoop, type PlainPrompt } from './plain-llama-loop.js';

const args = process.argv.slice(2);
function count(name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i === -1) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: "${args[i + 1]}" is not a positive whole number`);
  return n;
}
/** The demo's sweep sample and the whole sample dataset, by default. */
const SAMPLE = count('--sample', 50);
const POSTS = count('--posts', 380);
const SEED = 1;
/** Short answers, as in the demo: tiny random models never stop on their own. */
const MAX_TOKENS = 32;
const SETTINGS = { maxTokens: MAX_TOKENS, maxAttempts: 1 };

interface Stage {
  stage: string;
  seconds: number;
  share?: number;
  /** Output tokens of the generating stages. */
  tokens?: number;
  tokensPerSecond?: number;
  /** The plain loop on the same prompts at the same threads and sequences. */
  plainTokensPerSecond?: number;
  /** tokensPerSecond / plainTokensPerSecond: target ≥ 0.9. */
  ratio?: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** The prompts a job sends for (post, temperature, seed) items, rendered by each model's template. */
async function promptsFor(
  model: { file: string; family: ModelFamily },
  body: string,
  items: { text: string; temperature: number; seed: number }[],
): Promise<PlainPrompt[]> {
  const gen = await EmbeddedGenerator.load({
    modelPath: model.file,
    family: model.family,
    threads: 1,
    parallel: 1,
    gpu: false,
  });
  try {
    return items.map((it) => ({
      text: gen.renderPrompt(rephraseMessages(body, it.text)).prompt,
      maxTokens: answerTokenBudget(it.text, {
        maxTokens: MAX_TOKENS,
        validation: { minLengthRatio: 0.3, maxLengthRatio: 3, maxOverlap: 0.8 },
      }),
      temperature: it.temperature,
      seed: it.seed,
    }));
  } finally {
    await gen.close();
  }
}

/** The plain loop over each model's prompts, at the threads and sequences the job picks for that model. */
async function plainTokensPerSecond(runs: { file: string; prompts: PlainPrompt[] }[]): Promise<number> {
  let tokens = 0;
  let seconds = 0;
  for (const r of runs) {
    const d = await runDefaults(false, {}, r.file);
    const one = await plainLlamaLoop(r.file, r.prompts, d.threads.value, d.parallel.value);
    tokens += one.tokens;
    seconds += one.seconds;
  }
  return tokens / seconds;
}

async function main(): Promise<void> {
  const defaults = await runDefaults(false);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-bench-pipeline-'));
  const stages: Stage[] = [];
  const sequences: { model: string; value: number; reason: string }[] = [];
  const loadBefore = os.loadavg()[0]!;
  const store = Store.open(path.join(dir, 'pipeline.db'));
  try {
    const files = await ensureTinyModels(path.join(dir, 'models'));
    const categories = JSON.parse(fs.readFileSync(resourcePath('sample', 'categories.json'), 'utf8')) as {
      name: string;
      description: string;
    }[];
    const imported = await timed(() =>
      importFile(store, resourcePath('sample', 'posts.jsonl'), { dataset: 'sample', categories }),
    );
    stages.push({ stage: 'import', seconds: imported.seconds });
    const dataset = store.datasets.get('sample')!;
    const models: (ModelRow & { file: string; family: ModelFamily })[] = [];
    for (const family of MODEL_FAMILIES)
      models.push({
        ...(await registerGguf(store, { name: `tiny-${family}`, family, file: files[family] })),
        file: files[family],
        family,
      });
    for (const m of models) {
      const d = await runDefaults(false, {}, m.file);
      sequences.push({ model: m.name, value: d.parallel.value, reason: d.parallel.reason });
    }
    const template = currentRephraseTemplate(store);
    const modelSpecs = models.map((m) => ({ modelId: m.id, name: m.name }));

    // Sweep: the plain loop first, on the prompts the sweep will send, then the sweep itself.
    const { sweepId, jobId } = createSweep(store, {
      dataset: 'sample',
      datasetId: dataset.id,
      models: modelSpecs,
      sampleSize: SAMPLE,
      seed: SEED,
      gpu: false,
      promptTemplateId: template.id,
      ...SETTINGS,
    });
    const temperatures = (JSON.parse(store.jobs.get(jobId)!.params_json) as { temperatures: number[] }).temperatures;
    const sampled = store.db
      .prepare<[number], string>(
        'SELECT p.text FROM sweep_samples s JOIN posts p ON p.id = s.post_id WHERE s.sweep_id = ? ORDER BY s.position',
      )
      .pluck()
      .all(sweepId);
    const sweepRuns = [];
    for (const m of models)
      sweepRuns.push({
        file: m.file,
        prompts: await promptsFor(
          m,
          template.body,
          sampled.flatMap((text) => temperatures.map((temperature) => ({ text, temperature, seed: SEED }))),
        ),
      });
    const sweepPlain = await plainTokensPerSecond(sweepRuns);
    const sweep = await timed(() => runSweep(store, jobId));
    const sweepTokens =
      store.db
        .prepare<[number], number>('SELECT sum(tokens_out) FROM variants WHERE sweep_id = ?')
        .pluck()
        .get(sweepId) ?? 0;
    stages.push({
      stage: `temperature sweep (${SAMPLE} posts × ${temperatures.length} temperatures × ${models.length} models)`,
      seconds: sweep.seconds,
      tokens: sweepTokens,
      tokensPerSecond: sweepTokens / sweep.seconds,
      plainTokensPerSecond: sweepPlain,
    });

    // Generation at the sweep's chosen temperatures, then the plain loop on the same prompts.
    const chosen = (m: ModelRow) => sweep.value.models.find((x) => x.model === m.name)?.chosen ?? 0.8;
    const job = createGenerationJob(store, {
      dataset: 'sample',
      datasetId: dataset.id,
      limit: POSTS,
      seed: SEED,
      gpu: false,
      promptTemplateId: template.id,
      ...SETTINGS,
      models: models.map((m) => ({ modelId: m.id, name: m.name, temperature: chosen(m) })),
    });
    const generated = await timed(() => runGenerationJob(store, job.id));
    const genTokens =
      store.db.prepare<[number], number>('SELECT sum(tokens_out) FROM variants WHERE job_id = ?').pluck().get(job.id) ??
      0;
    const posts = store.db
      .prepare<[number, number], string>('SELECT text FROM posts WHERE dataset_id = ? ORDER BY id LIMIT ?')
      .pluck()
      .all(dataset.id, POSTS);
    const genRuns = [];
    for (const m of models)
      genRuns.push({
        file: m.file,
        prompts: await promptsFor(
          m,
          template.body,
          posts.map((text) => ({ text, temperature: chosen(m), seed: SEED })),
        ),
      });
    const genPlain = await plainTokensPerSecond(genRuns);
    stages.push({
      stage: `1:3 generation (${posts.length} posts × ${models.length} models)`,
      seconds: generated.seconds,
      tokens: genTokens,
      tokensPerSecond: genTokens / generated.seconds,
      plainTokensPerSecond: genPlain,
    });

    const audit = await timed(() => runAudit(store, { dataset: 'sample' }));
    stages.push({ stage: 'privacy audit', seconds: audit.seconds });
    const experiment = await timed(() => runExperiment(store, 'sample', { encoder: 'tfidf' }));
    stages.push({ stage: 'classifier experiments (a)–(e), TF-IDF', seconds: experiment.seconds });
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const total = stages.reduce((s, x) => s + x.seconds, 0);
  for (const s of stages) {
    s.share = s.seconds / total;
    if (s.tokensPerSecond !== undefined && s.plainTokensPerSecond) s.ratio = s.tokensPerSecond / s.plainTokensPerSecond;
  }
  const summary = {
    cores: defaults.machine.physicalCores,
    loadAverage: { before: loadBefore, after: os.loadavg()[0]! },
    threads: defaults.threads,
    sequences,
    maxTokens: MAX_TOKENS,
    totalSeconds: total,
    stages,
  };
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  console.log(
    `The pipeline on the sample dataset with the tiny models, CPU, ${summary.cores} cores (load average ${loadBefore.toFixed(1)} before, ${summary.loadAverage.after.toFixed(1)} after); default settings: ${defaults.threads.value} thread(s); sequences ${sequences.map((x) => `${x.model} ${x.value}`).join(', ')}; up to ${MAX_TOKENS} tokens, 1 attempt per variant\n`,
  );
  console.log('| stage | seconds | share | tokens/s | plain loop tokens/s | stage / plain |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const s of stages)
    console.log(
      `| ${s.stage} | ${s.seconds.toFixed(2)} | ${(s.share! * 100).toFixed(0)} % | ${s.tokensPerSecond?.toFixed(0) ?? ''} | ${s.plainTokensPerSecond?.toFixed(0) ?? ''} | ${s.ratio?.toFixed(2) ?? ''} |`,
    );
  console.log(`| total | ${total.toFixed(2)} | 100 % | | | |`);
  for (const x of sequences) console.log(`\n${x.model}: ${x.value} sequence(s): ${x.reason}`);
}

await main();
