import path from 'node:path';
import { Command } from 'commander';
import { runDemo } from '../../report/demo.js';
import { writeRelease } from '../../report/release.js';
import { writeReport } from '../../report/report.js';
import { countLines } from '../../contract/variant-set-schemas.js';
import { makeOutput, UsageError, withStore } from '../context.js';

/** A positive whole number, or a usage error naming the option. */
const runId = (option: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option}: "${v}" is not a run number`);
  return n;
};

export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description("write one self-contained HTML report of a dataset's sweep, generation, review, classifier and privacy results")
    .requiredOption('--dataset <name>', 'dataset to report on')
    .option('--out <file>', 'where to write it', 'synthlab-report.html')
    .option('--sweep <id>', 'the sweep to include (default: the newest finished one)', runId('--sweep'))
    .option('--experiment <id>', 'the experiment to include (default: the newest)', runId('--experiment'))
    .option('--audit <id>', 'the audit to include (default: the newest)', runId('--audit'))
    .option('--json', 'print a JSON summary')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const choice = { sweep: opts.sweep, experiment: opts.experiment, audit: opts.audit };
      const r = await withStore(cmd, (store) => writeReport(store, opts.dataset, path.resolve(opts.out), choice));
      out.result(r, () => `Report written to ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB)`);
    });

  program
    .command('release')
    .description(
      'write the synthetic set as a dataset to publish: synthetic.jsonl, synthetic.csv (text, labels, provenance) and DATASET_CARD.md',
    )
    .requiredOption('--dataset <name>', 'dataset whose synthetic set is released')
    .requiredOption('--out <dir>', 'folder to write (created if missing)')
    .option('--json', 'print a JSON summary')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const r = await withStore(cmd, (store) => writeRelease(store, { dataset: opts.dataset, out: path.resolve(opts.out) }));
      out.result(r, () =>
        [
          `Released ${r.counts.included} variants of "${r.dataset}" to ${r.dir}:`,
          ...r.files.map((f) => `  ${path.basename(f)}`),
          countLines(r.counts)
            .map(([k, n]) => `${k} ${n}`)
            .join(', '),
          r.audit === null ? 'No audit of the synthetic set yet: the card says so.' : `The card summarises audit ${r.audit}.`,
          r.experiment === null ? 'No experiment on the synthetic set yet: the card says so.' : `The card summarises experiment ${r.experiment}.`,
        ].join('\n'),
      );
    });

  program
    .command('demo')
    .description('run the whole pipeline on the sample dataset with a bundled rule-based stand-in rephraser (not an LLM) over a local OpenAI-compatible server, plus one tiny random-weight model that the reply gate rejects; then write the report')
    .option('--out <folder>', 'folder for the demo database, models and report', 'synthlab-demo')
    .option('--sample <n>', 'sweep sample size', (v) => Number(v), 50)
    .option('--threads <n>', 'CPU threads for the models', (v) => Number(v), 1)
    .option('--json', 'print a JSON summary')
    .action(async (opts) => {
      const out = makeOutput(Boolean(opts.json));
      const r = await runDemo({ out: path.resolve(opts.out), sample: opts.sample, threads: opts.threads, log: (l) => process.stderr.write(`${l}\n`) });
      out.result(r, () => `Demo finished in ${r.seconds.toFixed(0)} s. Its variants come from a rule-based stand-in, not an LLM.\nReport: ${r.report}\nDatabase: ${r.database} (open it with --db, or in synthlab serve)`);
    });
}
