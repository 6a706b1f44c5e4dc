import path from 'node:path';
import { Command } from 'commander';
import { runDemo } from '../../report/demo.js';
import { writeReport } from '../../report/report.js';
import { makeOutput, withStore } from '../context.js';

export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description("write one self-contained HTML report of a dataset's sweep, generation, review, classifier and privacy results")
    .requiredOption('--dataset <name>', 'dataset to report on')
    .option('--out <file>', 'where to write it', 'synthlab-report.html')
    .option('--json', 'print a JSON summary')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const r = await withStore(cmd, (store) => writeReport(store, opts.dataset, path.resolve(opts.out)));
      out.result(r, () => `Report written to ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB)`);
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
