import { Command } from 'commander';
import type { GenerationSummary } from '../../contract/schemas.js';
import { createGenerationJob, runGenerationJob, type StopReason } from '../../generate/generation-job.js';
import { currentRephraseTemplate } from '../../generate/prompt.js';
import { parseTemperatureSpec, resolveTemperature } from '../../generate/temperatures.js';
import type { Store } from '../../store/store.js';
import { progressLine } from '../progress-bar.js';
import { makeOutput, parseList, UsageError, withStore } from '../context.js';

function positiveInt(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag}: "${v}" is not a whole number`);
    return n;
  };
}

function createJob(store: Store, opts: Record<string, string | number | boolean | undefined>) {
  if (!opts.dataset || !opts.models) throw new UsageError('give --dataset NAME --models a,b,c (or --resume JOB)');
  const dataset = store.datasets.get(String(opts.dataset));
  if (!dataset) throw new UsageError(`no dataset named "${opts.dataset}"`);
  const spec = opts.temperature !== undefined ? parseTemperatureSpec(String(opts.temperature)) : undefined;
  const models = parseList(String(opts.models)).map((name) => {
    const row = store.models.get(name);
    if (!row) throw new UsageError(`no model named "${name}"; see synthlab models list`);
    return { modelId: row.id, name, temperature: resolveTemperature(store, spec, dataset.id, row) };
  });
  return createGenerationJob(store, {
    dataset: dataset.name,
    datasetId: dataset.id,
    models,
    promptTemplateId: currentRephraseTemplate(store).id,
    ...(opts.seed !== undefined ? { seed: Number(opts.seed) } : {}),
    ...(opts.limit !== undefined ? { limit: Number(opts.limit) } : {}),
    ...(opts.parallel !== undefined ? { parallel: Number(opts.parallel) } : {}),
    ...(opts.threads !== undefined ? { threads: Number(opts.threads) } : {}),
    ...(opts.maxAttempts !== undefined ? { maxAttempts: Number(opts.maxAttempts) } : {}),
    ...(opts.maxTokens !== undefined ? { maxTokens: Number(opts.maxTokens) } : {}),
    ...(opts.maxFailuresInRow !== undefined ? { maxFailuresInRow: Number(opts.maxFailuresInRow) } : {}),
    gpu: opts.gpu !== false,
  });
}

export function registerGenerateCommands(program: Command): void {
  program
    .command('generate')
    .description('1:3 generation: one synthetic variant per post and model, resumable after a crash')
    .option('--dataset <name>', 'dataset whose posts are rephrased')
    .option('--models <a,b,c>', 'registered models, one variant each')
    .option('--temperature <spec>', 'auto (the sweep\'s choice), one value for all, or a=0.7,b=0.9 (default: the sweep\'s choice, else 0.8)')
    .option('--seed <n>', 'sampling seed (attempt k uses seed+k)', positiveInt('--seed'))
    .option('--limit <n>', 'only the first N posts', positiveInt('--limit'))
    .option('--parallel <n>', 'sequences generated together per model (default: chosen for this machine and model)', positiveInt('--parallel'))
    .option('--threads <n>', 'CPU threads (default: chosen for this machine; synthlab doctor shows it)', positiveInt('--threads'))
    .option('--max-attempts <n>', 'attempts per variant before it is recorded as failed', positiveInt('--max-attempts'))
    .option('--max-tokens <n>', 'cap on the first attempt\'s tokens per answer; a reply cut off by it is retried with twice the budget, up to 4x', positiveInt('--max-tokens'))
    .option('--max-failures-in-row <n>', 'stop when a model\'s calls fail (HTTP error, crash) on this many posts in a row; fewer get failed rows and the job goes on (default 5); resume retries them', positiveInt('--max-failures-in-row'))
    .option('--no-gpu', 'run on the CPU even where a GPU is available')
    .option('--resume <job>', 'resume a paused, interrupted or crashed job', positiveInt('--resume'))
    .option('--json', 'print a JSON summary')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        process.stderr.write('\nPausing after the current posts… (Ctrl-C again to quit at once)\n');
        controller.abort('pause' satisfies StopReason);
      };
      process.on('SIGINT', onSigint);
      try {
        const summary: GenerationSummary = await withStore(cmd, async (store) => {
          const job = opts.resume !== undefined ? store.jobs.get(opts.resume) : createJob(store, opts);
          if (!job) throw new UsageError(`no job ${opts.resume}`);
          return runGenerationJob(store, job.id, { signal: controller.signal, onProgress: (p) => out.progress(progressLine(p)) });
        });
        out.done();
        out.result(summary, () => {
          const lines = [
            `Job ${summary.job} ${summary.state}: ${summary.variants} variants, ${summary.failed} failed, ${summary.tokens_per_second === null ? 'tokens/s unknown (the backend reported no token counts)' : `${Math.round(summary.tokens_per_second)} tokens/s`}, ${summary.seconds.toFixed(1)} s`,
            ...summary.models.map((m) => `  ${m.model} at temperature ${m.temperature}: ${m.hardware}`),
          ];
          if (summary.state === 'paused') lines.push(`Resume with: synthlab generate --resume ${summary.job}`);
          return lines.join('\n');
        });
        if (summary.state !== 'done') process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });

  const jobs = program.command('jobs').description('list and control jobs');
  jobs
    .command('list', { isDefault: true })
    .description('list jobs with their state and progress')
    .option('--json', 'print as JSON')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const list = await withStore(cmd, (store) => store.jobs.list());
      out.result(list, () =>
        list.length
          ? list.map((j) => `${j.id}\t${j.kind}\t${j.state}\t${j.progress_done}/${j.progress_total}\t${j.created_at}${j.error ? `\t${j.error}` : ''}`).join('\n')
          : 'No jobs yet.',
      );
    });
  jobs
    .command('cancel')
    .description('cancel a job: it will not resume')
    .argument('<job>', 'job id', positiveInt('job'))
    .action(async (id: number, _opts, cmd: Command) => {
      await withStore(cmd, (store) => {
        const job = store.jobs.get(id);
        if (!job) throw new UsageError(`no job ${id}`);
        if (job.state === 'done') throw new UsageError(`job ${id} is already done`);
        store.jobs.setState(id, 'cancelled');
      });
      process.stdout.write(`Cancelled job ${id}\n`);
    });
}
