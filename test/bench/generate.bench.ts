/**
 * bench:generate — how fast generation is at SynthLab's default settings, against the best a plain
 * node-llama-cpp completion loop reaches on the same model and prompts, in one run:
 *
 * 1. a grid of the plain loop over thread counts × parallel sequences (batched against single-sequence
 *    throughput, and which setting is best on this machine);
 * 2. the generation job (prompting, cleaning, validation, SQLite writes, similarity scoring) at its
 *    default settings — no --threads, no --parallel: the thread policy decides — against the plain loop
 *    at the best setting of the grid (target ≥ 0.9) and at the same setting as the defaults.
 *
 * CPU only. Each grid cell keeps its best of `--rounds` runs, the cells alternating in order; the
 * comparison of the job with the plain loop is paired (see phase 2), since the machine's other load varies.
 *
 *   npm run -s bench:generate [-- --posts N] [-- --threads 1,2] [-- --sequences 1,2,4,8] [-- --rounds R]
 *     [-- --paired-rounds R] [-- --cell-limit SECONDS] [-- --tiny-only] [-- --json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFile } from '../../src-main/datasets/importer.js';
import { createGenerationJob, runGenerationJob } from '../../src-main/generate/generation-job.js';
import { currentRephraseTemplate, rephraseMessages } from '../../src-main/generate/prompt.js';
import { answerTokenBudget } from '../../src-main/generate/rephrase.js';
import { EmbeddedGenerator } from '../../src-main/llm/embedded-backend.js';
import { registerGguf } from '../../src-main/llm/model-registry.js';
import { runDefaults } from '../../src-main/llm/thread-policy.js';
import { ensureTinyModels } from '../../src-main/test-models/tiny-gguf-models.js';
import { Store } from '../../src-main/store/store.js';
import { packageRoot } from '../../src-main/util/resources.js';
import { plainLlamaLoop } from './plain-llama-loop.js';

const args = process.argv.slice(2);
function arg(name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}
function positiveList(name: string, fallback: number[]): number[] {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const list = raw.split(',').map(Number);
  if (!list.length || list.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`${name}: "${raw}" is not a comma-separated list of positive whole numbers`);
  return list;
}
const POSTS = positiveList('--posts', [48])[0]!;
const ROUNDS = positiveList('--rounds', [2])[0]!;
const PAIRED_ROUNDS = positiveList('--paired-rounds', [3])[0]!;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
const MAX_TOKENS = 48;
const TEMPERATURE = 0.8;
const SEED = 1;
const VALIDATION = { minLengthRatio: 0.0001, maxLengthRatio: 3, maxOverlap: 1 };

/** Progress for people on stderr, so that stdout holds only the result (and only JSON with --json). */
function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Thread counts worth trying on this machine: powers of two up to the core count, and the count less one. */
function threadGrid(cores: number): number[] {
  const set = new Set<number>([cores, Math.max(1, cores - 1)]);
  for (let t = 1; t < cores; t *= 2) set.add(t);
  return [...set].sort((a, b) => a - b);
}

interface Cell {
  threads: number;
  sequences: number;
  tokensPerSecond: number;
}

/** A grid cell that crawls is cut off here: its rate so far is measurement enough. */
const CELL_LIMIT_SECONDS = positiveList('--cell-limit', [60])[0]!;

/** The plain loop's tokens per second on these prompts. */
async function plainLoop(
  modelPath: string,
  prompts: { text: string; maxTokens: number }[],
  threads: number,
  sequences: number,
): Promise<number> {
  const r = await plainLlamaLoop(
    modelPath,
    prompts.map((p) => ({ ...p, temperature: TEMPERATURE, seed: SEED })),
    threads,
    sequences,
    CELL_LIMIT_SECONDS,
  );
  if (r.stopped) progress(`  (stopped after ${CELL_LIMIT_SECONDS} s: ${r.tokens} tokens)`);
  return r.tokens / r.seconds;
}

export interface GenerateBenchModelResult {
  model: string;
  /** What the generation job used, by the thread policy. */
  defaults: { threads: number; parallel: number; reason: string };
  grid: Cell[];
  best: Cell;
  /** Paired rounds: the plain loop at the best and at the default setting, and the job at its defaults, back to back. */
  rounds: { plainBest: number; plainDefault: number; job: number }[];
  /** Median over the rounds of the plain loop at the default threads and sequences. */
  plainAtDefault: number;
  /** Median over the rounds of the generation job at default settings. */
  jobAtDefault: number;
  /** Median over the rounds of plain loop at the default setting / at the best: how good the defaults are. */
  settingsOverBest: number;
  /** Median over the rounds of job / plain loop at the best setting: the issue's target is ≥ 0.9. */
  defaultOverBest: number;
  /** Median over the rounds of job / plain loop at the same setting: SynthLab's own overhead. */
  jobOverPlain: number;
  /** Best batched cell / best single-sequence cell. */
  batchedOverSingle: number;
}

async function benchModel(
  dir: string,
  m: { name: string; family: 'llama2-chat' | 'llama3-instruct' | 'zephyr'; file: string },
  threadsList: number[],
  sequencesList: number[],
  defaults: { threads: number; parallel: number; reason: string },
): Promise<GenerateBenchModelResult> {
  const store = Store.open(path.join(dir, `bench-${m.name.replace(/\W+/g, '-')}.db`));
  try {
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
      threads: 1,
      parallel: 1,
      gpu: false,
    });
    const settings = { maxTokens: MAX_TOKENS, validation: VALIDATION };
    const prompts = posts.map((p) => ({
      text: gen.renderPrompt(rephraseMessages(template.body, p)).prompt,
      maxTokens: answerTokenBudget(p, settings),
    }));
    await gen.close();

    const grid: Cell[] = threadsList.flatMap((threads) =>
      sequencesList.map((sequences) => ({ threads, sequences, tokensPerSecond: 0 })),
    );
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order each round, so a burst of other load does not always hit the same cells.
      for (const cell of round % 2 ? [...grid].reverse() : grid) {
        const tps = await plainLoop(m.file, prompts, cell.threads, cell.sequences);
        progress(
          `${m.name} round ${round + 1}: plain loop, ${cell.threads} thread(s) × ${cell.sequences} sequences: ${tps.toFixed(0)} tok/s`,
        );
        cell.tokensPerSecond = Math.max(cell.tokensPerSecond, tps);
      }
    }
    const best = grid.reduce((a, b) => (b.tokensPerSecond > a.tokensPerSecond ? b : a));

    // Phase 2, paired: each round runs the plain loop at the grid's best setting, the plain loop at the
    // default setting and the job at its defaults back to back (order alternating), so the three see
    // the same load; the ratios are the medians of the rounds' ratios.
    const runJob = async (): Promise<number> => {
      const job = createGenerationJob(store, {
        dataset: 'sample',
        datasetId: dataset.id,
        limit: POSTS,
        seed: SEED,
        gpu: false,
        maxTokens: MAX_TOKENS,
        maxAttempts: 1,
        validation: VALIDATION,
        promptTemplateId: template.id,
        models: [{ modelId: model.id, name: model.name, temperature: TEMPERATURE }],
      });
      const t0 = performance.now();
      await runGenerationJob(store, job.id);
      const seconds = (performance.now() - t0) / 1000;
      const tokens =
        store.db
          .prepare<[number], number>('SELECT sum(tokens_out) FROM variants WHERE job_id = ?')
          .pluck()
          .get(job.id) ?? 0;
      return tokens / seconds;
    };
    const sameAsBest = best.threads === defaults.threads && best.sequences === defaults.parallel;
    const rounds: { plainBest: number; plainDefault: number; job: number }[] = [];
    for (let round = 0; round < PAIRED_ROUNDS; round++) {
      const r = { plainBest: 0, plainDefault: 0, job: 0 };
      const steps = [
        async () => (r.plainBest = await plainLoop(m.file, prompts, best.threads, best.sequences)),
        async () =>
          (r.plainDefault = sameAsBest
            ? r.plainBest
            : await plainLoop(m.file, prompts, defaults.threads, defaults.parallel)),
        async () => (r.job = await runJob()),
      ];
      for (const step of round % 2 ? [steps[2]!, steps[0]!, steps[1]!] : steps) await step();
      if (sameAsBest) r.plainDefault = r.plainBest;
      progress(
        `${m.name} paired round ${round + 1}: plain at best ${r.plainBest.toFixed(0)}, plain at default ${r.plainDefault.toFixed(0)}, job at default ${r.job.toFixed(0)} tok/s`,
      );
      rounds.push(r);
    }
    const plainAtDefault = median(rounds.map((r) => r.plainDefault));
    const jobAtDefault = median(rounds.map((r) => r.job));
    const bestOf = (pred: (c: Cell) => boolean) => Math.max(0, ...grid.filter(pred).map((c) => c.tokensPerSecond));
    return {
      model: m.name,
      defaults,
      grid,
      best,
      plainAtDefault,
      jobAtDefault,
      rounds,
      settingsOverBest: median(rounds.map((r) => r.plainDefault / r.plainBest)),
      defaultOverBest: median(rounds.map((r) => r.job / r.plainBest)),
      jobOverPlain: median(rounds.map((r) => r.job / r.plainDefault)),
      batchedOverSingle: bestOf((c) => c.sequences > 1) / bestOf((c) => c.sequences === 1),
    };
  } finally {
    store.close();
  }
}

async function main(): Promise<void> {
  const defaults = await runDefaults(false);
  const cores = defaults.machine.physicalCores;
  const threadsList = positiveList('--threads', threadGrid(cores));
  const sequencesList = positiveList('--sequences', [1, 2, 4, 8]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-bench-gen-'));
  const results: GenerateBenchModelResult[] = [];
  try {
    const tiny = await ensureTinyModels(path.join(dir, 'models'));
    const models: { name: string; family: 'llama2-chat' | 'llama3-instruct' | 'zephyr'; file: string }[] = [
      { name: 'tiny-llama3-instruct', family: 'llama3-instruct', file: tiny['llama3-instruct'] },
    ];
    const fixture = path.resolve(packageRoot(), '..', 'shared', 'fixtures', 'llama-2-tiny-random.gguf');
    if (fs.existsSync(fixture) && !args.includes('--tiny-only'))
      models.push({ name: 'llama-2-tiny-random (llama.cpp fixture)', family: 'llama2-chat', file: fixture });
    for (const m of models) {
      // The job decides per model: its size says whether batching pays on the CPU.
      const d = await runDefaults(false, {}, m.file);
      results.push(
        await benchModel(dir, m, threadsList, sequencesList, {
          threads: d.threads.value,
          parallel: d.parallel.value,
          reason: d.parallel.reason,
        }),
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const summary = {
    posts: POSTS,
    rounds: ROUNDS,
    maxTokens: MAX_TOKENS,
    cores,
    loadAverage: os.loadavg()[0]!,
    defaultThreads: defaults.threads,
    defaultOverBest: Math.min(...results.map((r) => r.defaultOverBest)),
    results,
  };
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  console.log(
    `Generation of ${POSTS} posts, up to ${MAX_TOKENS} tokens each, temperature ${TEMPERATURE}, CPU, ${cores} cores (load average ${summary.loadAverage.toFixed(2)}); best of ${ROUNDS} alternating runs each`,
  );
  console.log(`Default threads: ${defaults.threads.value} (${defaults.threads.reason})`);
  for (const r of results) {
    console.log(`\n${r.model}: plain node-llama-cpp loop, tokens/s\n`);
    console.log(`| threads | ${sequencesList.map((s) => `${s} seq`).join(' | ')} |`);
    console.log(`|---:|${sequencesList.map(() => '---:').join('|')}|`);
    for (const t of threadsList)
      console.log(
        `| ${t} | ${sequencesList.map((s) => r.grid.find((c) => c.threads === t && c.sequences === s)!.tokensPerSecond.toFixed(0)).join(' | ')} |`,
      );
    console.log(
      `\nbest: ${r.best.threads} thread(s) × ${r.best.sequences} sequences, ${r.best.tokensPerSecond.toFixed(0)} tok/s; batched / single sequence = ${r.batchedOverSingle.toFixed(2)}×`,
    );
    console.log(`default sequences: ${r.defaults.parallel} (${r.defaults.reason})`);
    console.log(
      `generation job at default settings: ${r.jobAtDefault.toFixed(0)} tok/s (median of ${r.rounds.length} paired rounds); job / plain loop at the best setting ${r.defaultOverBest.toFixed(3)}, at the same setting ${r.jobOverPlain.toFixed(3)}; plain loop at the default / at the best setting ${r.settingsOverBest.toFixed(3)}`,
    );
  }
  console.log(`\nLowest default / best: ${summary.defaultOverBest.toFixed(3)} (target ≥ 0.9)`);
}

await main();
