/**
 * bench:generate — end-to-end tokens/s of a generation job (prompting, cleaning, validation,
 * SQLite writes, similarity scoring) against a plain node-llama-cpp completion loop on the
 * same model, prompts, thread count and number of sequences, in one run. The job should
 * reach at least 0.9 of the plain loop. The job stores every attempt (raw reply, finish reason, gate
 * outcome) in the variant's transaction; one attempt per post here, as in the plain loop. Also single-sequence against batched throughput.
 *
 *   npm run bench:generate [-- --posts N] [-- --threads N] [-- --json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LlamaCompletion } from 'node-llama-cpp';
import { importFile } from '../../src-main/datasets/importer.js';
import { createGenerationJob, runGenerationJob } from '../../src-main/generate/generation-job.js';
import { currentRephraseTemplate, rephraseMessages } from '../../src-main/generate/prompt.js';
import { answerTokenBudget } from '../../src-main/generate/rephrase.js';
import { completionInput, EmbeddedGenerator } from '../../src-main/llm/embedded-backend.js';
import { llamaRuntime } from '../../src-main/llm/llama-runtime.js';
import { registerGguf } from '../../src-main/llm/model-registry.js';
import { ensureTinyModels } from '../../src-main/test-models/tiny-gguf-models.js';
import { Store } from '../../src-main/store/store.js';
import { packageRoot } from '../../src-main/util/resources.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const POSTS = arg('--posts', 60);
const THREADS = arg('--threads', 1);
const MAX_TOKENS = 48;
const TEMPERATURE = 0.8;
const SEED = 1;

interface Row {
  model: string;
  sequences: number;
  plainTps: number;
  jobTps: number;
  ratio: number;
  tokens: number;
}

/** The baseline: load, then complete every prompt with LlamaCompletion, `sequences` at a time. */
async function plainLoop(
  modelPath: string,
  prompts: { text: string; maxTokens: number }[],
  sequences: number,
): Promise<{ tokens: number; seconds: number }> {
  const t0 = performance.now();
  const llama = await llamaRuntime(false);
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({
    sequences,
    threads: THREADS,
    contextSize: Math.min(2048, model.trainContextSize) * sequences,
  });
  let tokens = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: sequences }, async () => {
      const sequence = context.getSequence();
      const completion = new LlamaCompletion({ contextSequence: sequence });
      for (let i = next++; i < prompts.length; i = next++) {
        await sequence.clearHistory();
        // The same single-BOS input the job gives LlamaCompletion (which puts BOS first itself).
        const { input } = completionInput(model, prompts[i]!.text);
        await completion.generateCompletion(input, {
          temperature: TEMPERATURE,
          seed: SEED,
          maxTokens: prompts[i]!.maxTokens,
          onToken: (t) => {
            tokens += t.length;
          },
        });
      }
    }),
  );
  await context.dispose();
  await model.dispose();
  return { tokens, seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-bench-gen-'));
  const rows: Row[] = [];
  try {
    const tiny = await ensureTinyModels(path.join(dir, 'models'));
    const models: { name: string; family: 'llama2-chat' | 'llama3-instruct' | 'zephyr'; file: string }[] = [
      { name: 'tiny-llama3-instruct', family: 'llama3-instruct', file: tiny['llama3-instruct'] },
    ];
    const fixture = path.resolve(packageRoot(), '..', 'shared', 'fixtures', 'llama-2-tiny-random.gguf');
    if (fs.existsSync(fixture))
      models.push({ name: 'llama-2-tiny-random (llama.cpp fixture)', family: 'llama2-chat', file: fixture });

    for (const m of models) {
      for (const sequences of [1, 4]) {
        const store = Store.open(path.join(dir, `bench-${rows.length}.db`));
        await importFile(store, path.join(packageRoot(), 'resources', 'sample', 'posts.jsonl'), { dataset: 'sample' });
        const model = await registerGguf(store, { name: m.name, family: m.family, file: m.file });
        const template = currentRephraseTemplate(store);
        const dataset = store.datasets.get('sample')!;
        const posts = store.db
          .prepare<[number, number], string>('SELECT text FROM posts WHERE dataset_id = ? ORDER BY id LIMIT ?')
          .pluck()
          .all(dataset.id, POSTS);
        // The same prompt text the job sends, rendered by the model's own template.
        const gen = await EmbeddedGenerator.load({
          modelPath: m.file,
          family: m.family,
          threads: THREADS,
          parallel: 1,
          gpu: false,
        });
        const settings = {
          maxTokens: MAX_TOKENS,
          validation: { minLengthRatio: 0.0001, maxLengthRatio: 3, maxOverlap: 1 },
        };
        const prompts = posts.map((p) => ({
          text: gen.renderPrompt(rephraseMessages(template.body, p)).prompt,
          maxTokens: answerTokenBudget(p, settings),
        }));
        await gen.close();

        // Alternate the two, twice, and keep each one's best run: the machine's other load varies.
        let plainTps = 0;
        let jobTps = 0;
        let jobTokens = 0;
        for (let round = 0; round < 2; round++) {
          const plain = await plainLoop(m.file, prompts, sequences);
          plainTps = Math.max(plainTps, plain.tokens / plain.seconds);
          const job = createGenerationJob(store, {
            dataset: 'sample',
            datasetId: dataset.id,
            limit: POSTS,
            seed: SEED,
            threads: THREADS,
            parallel: sequences,
            gpu: false,
            maxTokens: MAX_TOKENS,
            maxAttempts: 1,
            validation: settings.validation,
            promptTemplateId: template.id,
            models: [{ modelId: model.id, name: model.name, temperature: TEMPERATURE }],
          });
          const t0 = performance.now();
          await runGenerationJob(store, job.id);
          const seconds = (performance.now() - t0) / 1000;
          jobTokens =
            store.db
              .prepare<[number], number>('SELECT sum(tokens_out) FROM variants WHERE job_id = ?')
              .pluck()
              .get(job.id) ?? 0;
          jobTps = Math.max(jobTps, jobTokens / seconds);
        }
        store.close();
        rows.push({ model: m.name, sequences, plainTps, jobTps, ratio: jobTps / plainTps, tokens: jobTokens });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ratio = Math.min(...rows.map((r) => r.ratio));
  if (args.includes('--json')) {
    console.log(JSON.stringify({ ratio, posts: POSTS, threads: THREADS, maxTokens: MAX_TOKENS, rows }, null, 2));
    return;
  }
  console.log(
    `Generation of ${POSTS} posts, ${THREADS} thread(s), up to ${MAX_TOKENS} tokens each, temperature ${TEMPERATURE}, CPU, ${os.cpus().length} cores; best of 2 alternating runs each\n`,
  );
  console.log('| model | sequences | plain loop tok/s | generation job tok/s | job / plain |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.model} | ${r.sequences} | ${r.plainTps.toFixed(0)} | ${r.jobTps.toFixed(0)} | ${r.ratio.toFixed(3)} |`,
    );
  for (const model of new Set(rows.map((r) => r.model))) {
    const one = rows.find((r) => r.model === model && r.sequences === 1)!;
    const four = rows.find((r) => r.model === model && r.sequences === 4)!;
    console.log(
      `\n${model}: batched (4 sequences) / single sequence = ${(four.jobTps / one.jobTps).toFixed(2)}× for the job, ${(four.plainTps / one.plainTps).toFixed(2)}× for the plain loop`,
    );
  }
  console.log(`\nLowest job / plain ratio: ${ratio.toFixed(3)} (target ≥ 0.9)`);
}

await main();
