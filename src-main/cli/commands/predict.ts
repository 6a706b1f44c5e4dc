import type { Command } from 'commander';
import type { PredictionReport } from '../../contract/classify-schemas.js';
import { predictWithRun, readTextsToClassify } from '../../classify/predict.js';
import { makeOutput, table, UsageError, withStore } from '../context.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** One row per text: its labels, then the probability of every category. */
function predictionTable(r: PredictionReport): string {
  const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);
  const rows = r.predictions.map((p) => [
    clip(p.text.replace(/\s+/g, ' ')),
    p.labels.join(', ') || '–',
    ...r.categories.map((c) => p.scores[c]!.toFixed(2)),
  ]);
  return [
    `Run ${r.run}: ${r.method || `${r.head} head`}; a category is predicted at or above its threshold`,
    '',
    table(rows, ['text', 'predicted', ...r.categories]),
  ].join('\n');
}

export function registerPredictCommands(program: Command): void {
  program
    .command('predict')
    .description('label new texts with a trained classifier run (see train and experiment)')
    .requiredOption('--run <id>', 'the classifier run, as train and experiment print it')
    .option('--text <text>', 'a text to classify (repeatable)', collect)
    .option('--file <file>', 'texts to classify: JSONL with "text" (.jsonl), else one text per line')
    .option('--threads <n>', 'ONNX encoders: onnxruntime threads')
    .option('--json', 'print the predictions as JSON')
    .action(async (opts: { run: string; text?: string[]; file?: string; threads?: string; json?: boolean }, cmd) => {
      const run = Number(opts.run);
      if (!Number.isInteger(run) || run < 1) throw new UsageError(`--run: "${opts.run}" is not a run id`);
      const threads = opts.threads === undefined ? undefined : Number(opts.threads);
      if (threads !== undefined && !(Number.isInteger(threads) && threads > 0))
        throw new UsageError(`--threads: "${opts.threads}" is not a positive whole number`);
      if (!opts.text && !opts.file) throw new UsageError('give --text TEXT (repeatable) or --file FILE');
      const texts = [...(opts.text ?? []), ...(opts.file ? await readTextsToClassify(opts.file) : [])];
      if (texts.length === 0) throw new UsageError(`${opts.file} holds no text to classify`);
      const out = makeOutput(Boolean(opts.json));
      const report = await withStore(cmd as Command, (store) =>
        predictWithRun(store, run, texts, threads ? { threads } : {}),
      );
      out.result(report, () => predictionTable(report));
    });
}
