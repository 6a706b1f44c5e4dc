import { Command } from 'commander';
import type { SweepResult } from '../../contract/schemas.js';
import { currentRephraseTemplate } from '../../generate/prompt.js';
import type { StopReason } from '../../generate/generation-job.js';
import { parseEmbedderSpec } from '../../similarity/embedder.js';
import { sweepCsv } from '../../sweep/export.js';
import { parseTemperatureGrid } from '../../sweep/selection.js';
import { createSweep, runSweep, sweepResult } from '../../sweep/sweep-job.js';
import { writeFileAtomic } from '../../util/atomic-file.js';
import { progressLine } from '../progress-bar.js';
import { makeOutput, parseList, table, UsageError, withStore } from '../context.js';

const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '–' : v.toFixed(digits));

export function sweepTable(r: SweepResult): string {
  const rows = r.models.flatMap((m) =>
    m.points.map((p) => [
      m.model,
      `${p.temperature.toFixed(2)}${m.chosen === p.temperature ? ' *' : ''}`,
      fmt(p.mean),
      fmt(p.std),
      p.ci95 ? `[${fmt(p.ci95[0])}, ${fmt(p.ci95[1])}]` : '–',
      p.n,
      p.failed,
      p.accepted_share === null ? '–' : `${Math.round(p.accepted_share * 100)}%`,
      p.rejections.map((x) => `${x.outcome} ${x.n}`).join(', ') || '–',
    ]),
  );
  return `Sweep ${r.sweep} (${r.state}), ${r.sample} sampled posts, embedder ${r.embedder}\n` +
    table(rows, ['model', 'temperature', 'mean cos (accepted)', 'std', '95% CI', 'accepted', 'failed', 'accepted share', 'rejected attempts']) +
    `\n* chosen: lowest mean similarity among temperatures with at least ${Math.round(r.minAcceptedShare * 100)}% of replies accepted\n` +
    r.models.map((m) => `${m.model}: ${choiceLine(m)}`).join('\n');
}

/** "temperature 0.9: …" or "no temperature chosen: …", with the significance note. */
export function choiceLine(m: SweepResult['models'][number]): string {
  if (m.chosen === null) return `no temperature chosen — ${m.choice?.reason ?? 'no accepted variants'}`;
  return `temperature ${m.chosen}${m.choice ? ` — ${m.choice.reason}` : ''}`;
}

function num(flag: string, integer = true) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${flag}: "${v}" is not a valid number`);
    return n;
  };
}

export function registerSweepCommands(program: Command): void {
  program
    .command('sweep')
    .description('temperature sweep: pick per model the temperature whose variants are least similar to their sources')
    .option('--dataset <name>', 'dataset to sample posts from')
    .option('--models <a,b,c>', 'registered models to sweep')
    .option('--sample <n>', 'posts in the seeded sample', num('--sample'), 50)
    .option('--temps <grid>', 'FROM:TO:STEP or a comma list', '0.5:1.0:0.1')
    .option('--k <n>', 'variants per (post, temperature)', num('--k'), 1)
    .option('--seed <n>', 'seed for the sample and the sampling', num('--seed'), 1)
    .option('--embedder <spec>', 'tfidf, onnx:DIR or gguf:FILE', 'tfidf')
    .option('--min-accepted-share <x>', 'only choose among temperatures with at least this share of replies accepted by the gate (0–1, default 0.8)', num('--min-accepted-share', false))
    .option('--max-failures-in-row <n>', 'stop when a model\'s calls fail on this many posts in a row (default 5)', num('--max-failures-in-row'))
    .option('--threads <n>', 'CPU threads (default: chosen for this machine; synthlab doctor shows it)', num('--threads'))
    .option('--parallel <n>', 'sequences generated together per model (default: chosen for this machine and model)', num('--parallel'))
    .option('--max-tokens <n>', 'cap on tokens per answer', num('--max-tokens'))
    .option('--max-attempts <n>', 'attempts per variant', num('--max-attempts'))
    .option('--resume <job>', 'resume an interrupted sweep job', num('--resume'))
    .option('--json', 'print the result as JSON')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const controller = new AbortController();
      const onSigint = () => controller.abort('pause' satisfies StopReason);
      process.once('SIGINT', onSigint);
      try {
        const result = await withStore(cmd, async (store) => {
          let jobId: number = opts.resume;
          if (jobId === undefined) {
            if (!opts.dataset || !opts.models) throw new UsageError('give --dataset NAME --models a,b,c (or --resume JOB)');
            const dataset = store.datasets.get(opts.dataset);
            if (!dataset) throw new UsageError(`no dataset named "${opts.dataset}"`);
            const models = parseList(opts.models).map((name) => {
              const row = store.models.get(name);
              if (!row) throw new UsageError(`no model named "${name}"; see synthlab models list`);
              return { modelId: row.id, name };
            });
            let temperatures: number[];
            try {
              temperatures = parseTemperatureGrid(opts.temps);
              parseEmbedderSpec(opts.embedder);
            } catch (err) {
              throw new UsageError((err as Error).message);
            }
            jobId = createSweep(store, {
              dataset: dataset.name, datasetId: dataset.id, models, temperatures, sampleSize: opts.sample, k: opts.k, seed: opts.seed,
              embedder: opts.embedder, promptTemplateId: currentRephraseTemplate(store).id,
              ...(opts.minAcceptedShare !== undefined ? { minAcceptedShare: opts.minAcceptedShare } : {}),
              ...(opts.maxFailuresInRow ? { maxFailuresInRow: opts.maxFailuresInRow } : {}),
              ...(opts.threads ? { threads: opts.threads } : {}),
              ...(opts.parallel ? { parallel: opts.parallel } : {}),
              ...(opts.maxTokens ? { maxTokens: opts.maxTokens } : {}),
              ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
            }).jobId;
          }
          return runSweep(store, jobId, { signal: controller.signal, onProgress: (p) => out.progress(progressLine(p)) });
        });
        out.done();
        out.result(result, () => sweepTable(result) + (result.state === 'paused' ? `\nResume with: synthlab sweep --resume ${result.job}` : ''));
        if (result.state !== 'done') process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });

  const sweeps = program.command('sweeps').description('list and export temperature sweeps');
  sweeps
    .command('list', { isDefault: true })
    .option('--dataset <name>', 'only this dataset')
    .option('--json', 'print as JSON')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const list = await withStore(cmd, (store) => {
        const ids = store.db
          .prepare<[string | null, string | null], number>('SELECT s.id FROM sweeps s JOIN datasets d ON d.id = s.dataset_id WHERE (? IS NULL OR d.name = ?) ORDER BY s.id DESC')
          .pluck()
          .all(opts.dataset ?? null, opts.dataset ?? null);
        return ids.map((id) => sweepResult(store, id));
      });
      out.result(list, () => (list.length ? list.map(sweepTable).join('\n\n') : 'No sweeps yet. Run: synthlab sweep --dataset NAME --models a,b,c'));
    });
  sweeps
    .command('export')
    .argument('<sweep>', 'sweep id', num('sweep'))
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .action(async (id: number, opts, cmd: Command) => {
      if (!['csv', 'json'].includes(opts.format)) throw new UsageError(`--format: "${opts.format}" is not csv or json`);
      const result = await withStore(cmd, (store) => sweepResult(store, id));
      const text = opts.format === 'csv' ? sweepCsv(result) : JSON.stringify(result, null, 2) + '\n';
      if (opts.out) await writeFileAtomic(opts.out, [text]);
      else process.stdout.write(text);
    });
}
