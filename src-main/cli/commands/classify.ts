import { Command, Option } from 'commander';
import {
  C_GRID,
  DEFAULT_LEARNING_RATE,
  MIN_CATEGORY_POSITIVES,
  MIN_TRAINING_POSTS,
  SOURCE_ALL_SYNTHETIC,
  TrainOptionsSchema,
  resolveTrainOptions,
  type EpochReport,
  type ExperimentResult,
  type TrainOptionsInput,
  type TrainResult,
} from '../../contract/classify-schemas.js';
import { writeExperiment } from '../../classify/experiment-export.js';
import { describeSet, type VariantSet } from '../../contract/variant-set-schemas.js';
import { runExperiment } from '../../classify/experiments.js';
import { runTraining, type TrainingSet } from '../../classify/train-run.js';
import { makeOutput, table, UsageError, withStore, type Output } from '../context.js';

function numberOption(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag}: "${v}" is not a number`);
    return n;
  };
}

/** The options `train` and `experiment` share. */
function addTrainingOptions(cmd: Command): Command {
  return cmd
    .option('--encoder <spec>', 'features: tfidf or onnx:DIR (a local BERT-family ONNX model folder)', 'tfidf')
    .option(
      '--term-selection <p>',
      'TF-IDF: keep the terms related to some category by a χ² test at this significance level, or none (default none with lbfgs, 0.001 with adamw)',
    )
    .addOption(
      new Option(
        '--solver <solver>',
        'lbfgs: logistic regression fitted to convergence, C by cross-validation (default for the linear head); adamw: the seed protocol (epochs, batch size, weight decay; the MLP head)',
      ).choices(['lbfgs', 'adamw']),
    )
    .option(
      '--c <c>',
      `lbfgs: inverse regularisation strength, or cv to choose it per category from ${C_GRID.join(', ')} (default cv)`,
    )
    .option(
      '--cv-folds <k>',
      'lbfgs: cross-validation folds for C and thresholds (default 3)',
      numberOption('--cv-folds'),
    )
    .addOption(
      new Option('--pooling <how>', 'ONNX encoders: mean over tokens or the first (CLS) token').choices([
        'mean',
        'cls',
      ]),
    )
    .addOption(
      new Option(
        '--device <device>',
        'ONNX encoders: where onnxruntime runs (default auto: CUDA where installed)',
      ).choices(['auto', 'cpu', 'cuda']),
    )
    .option('--threads <n>', 'ONNX encoders: onnxruntime threads', numberOption('--threads'))
    .addOption(new Option('--head <kind>', 'classification head').choices(['linear', 'mlp']).default('linear'))
    .option('--hidden <n>', 'hidden units of the MLP head (default 128)', numberOption('--hidden'))
    .option('--epochs <n>', 'training epochs (default 50)', numberOption('--epochs'))
    .option('--batch-size <n>', 'examples per batch (default 8)', numberOption('--batch-size'))
    .option('--weight-decay <x>', 'AdamW decoupled weight decay (default 0.01)', numberOption('--weight-decay'))
    .option(
      '--lr <x>',
      `learning rate (default ${DEFAULT_LEARNING_RATE.linear} for linear, ${DEFAULT_LEARNING_RATE.mlp} for mlp)`,
      numberOption('--lr'),
    )
    .option(
      '--pos-weight <w>',
      'loss weight of positives: none, balanced or a number (default balanced with lbfgs, none with adamw)',
    )
    .addOption(
      new Option(
        '--thresholds <how>',
        'fixed (--threshold) or tuned per category on held-out training posts (default tuned with lbfgs, fixed with adamw)',
      ).choices(['fixed', 'tuned']),
    )
    .option('--threshold <p>', 'decision threshold (default 0.5)', numberOption('--threshold'))
    .option(
      '--validation <share>',
      'share of the training posts held out for per-epoch validation (default 0.1)',
      numberOption('--validation'),
    )
    .option(
      '--test-share <share>',
      "share of a dataset's original posts held out for testing (default 0.2)",
      numberOption('--test-share'),
    )
    .option('--seed <n>', 'seed of the split, initialisation and shuffling (default 1)', numberOption('--seed'));
}

type TrainingFlags = Record<string, string | number | boolean | undefined>;

/** Options whose flag is the option's name in kebab case; the others are renamed below. */
const SAME_NAME = [
  'encoder',
  'pooling',
  'device',
  'threads',
  'head',
  'hidden',
  'epochs',
  'batchSize',
  'weightDecay',
  'lr',
  'thresholds',
  'threshold',
  'testShare',
  'seed',
  'solver',
  'cvFolds',
];
const RENAMED: Record<string, string> = { validationShare: '--validation', positiveWeight: '--pos-weight' };
const flagOf = (key: string) => RENAMED[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function trainOptions(opts: TrainingFlags): TrainOptionsInput {
  const input: Record<string, unknown> = {};
  for (const key of SAME_NAME) if (opts[key] !== undefined) input[key] = opts[key];
  if (opts.validation !== undefined) input.validationShare = opts.validation;
  const selection = opts.termSelection;
  if (selection !== undefined) input.termSelection = selection === 'none' ? selection : Number(selection);
  if (opts.c !== undefined) input.c = opts.c === 'cv' ? 'cv' : Number(opts.c);
  const w = opts.posWeight;
  if (w !== undefined) input.positiveWeight = w === 'none' || w === 'balanced' ? w : Number(w);
  const parsed = TrainOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues
        .map((i) => (i.path.length ? `${flagOf(String(i.path[0]))}: ${i.message}` : i.message))
        .join('; '),
    );
  }
  try {
    resolveTrainOptions(parsed.data);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return input as TrainOptionsInput;
}

function trainingSet(opts: TrainingFlags): TrainingSet {
  const fromFiles = opts.train !== undefined || opts.test !== undefined;
  if (opts.dataset !== undefined && fromFiles)
    throw new UsageError('give either --dataset or --train/--test, not both');
  if (opts.dataset !== undefined)
    return { dataset: String(opts.dataset), ...(opts.source ? { source: String(opts.source) } : {}) };
  if (opts.source !== undefined) throw new UsageError('--source needs --dataset');
  if (opts.train === undefined || opts.test === undefined)
    throw new UsageError('give --dataset NAME, or both --train FILE and --test FILE');
  return { trainFile: String(opts.train), testFile: String(opts.test) };
}

function epochLine(report: EpochReport, source: string): string {
  const v = report.validation;
  const validation = v ? `, validation loss ${v.loss.toFixed(4)} micro-F1 ${f3(v.micro_f1)}` : '';
  return `training on ${source}: epoch ${report.epoch}/${report.epochs}, loss ${report.loss.toFixed(4)}${validation}`;
}

/** Ctrl-C stops training after the current batch; a second Ctrl-C quits at once. */
async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping after the current batch… (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Three decimals; an undefined metric reads "n/a", never 0. */
const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/** "macro F1 0.676 over 4 of 6 categories (not evaluable: a, b)". */
function macroLine(m: { macro_f1: number | null; not_evaluable: string[]; categories: unknown[] }): string {
  const left = m.not_evaluable.length;
  const over = left
    ? ` over ${m.categories.length - left} of ${m.categories.length} categories (not evaluable, left out: ${m.not_evaluable.join(', ')})`
    : '';
  return `macro F1 ${f3(m.macro_f1)}${over}`;
}

function trainReport(r: TrainResult): string {
  const flag = (c: TrainResult['categories'][number]) =>
    [
      c.f1 === null ? 'not evaluable: no test example, never predicted' : c.no_positives ? 'no test example' : '',
      c.f1 !== null && c.no_predictions ? 'never predicted' : '',
      c.few_examples ? `only ${c.train_support} training examples (< ${MIN_CATEGORY_POSITIVES})` : '',
    ]
      .filter(Boolean)
      .join('; ');
  const rows = r.categories.map((c, j) => [
    c.name,
    f3(c.precision),
    f3(c.recall),
    f3(c.f1),
    c.support,
    c.train_support ?? '',
    ...(r.fit ? [r.fit.c[j] ?? ''] : []),
    f3(r.thresholds[j] ?? null),
    flag(c),
  ]);
  const flagged = rows.some((row) => row[row.length - 1] !== '');
  const header = ['category', 'precision', 'recall', 'f1', 'support', 'train n', ...(r.fit ? ['C'] : []), 'threshold'];
  const fit = r.fit
    ? `C ${r.fit.c_choice === 'cv' ? `chosen per category by ${r.fit.folds}-fold cross-validation on the training texts from ${r.fit.grid.join(', ')}` : 'fixed'}; ` +
      `class weights ${r.fit.class_weight}; thresholds ${r.fit.thresholds_from === 'out-of-fold' ? 'tuned on out-of-fold predictions of the training texts' : 'fixed'}`
    : `${r.validation_size} training texts held out for validation`;
  return [
    `Run ${r.run}: ${r.method || `${r.head} head on ${r.encoder}`}`,
    `trained on ${r.train_source} (${r.train_size} texts), tested on ${r.test_source} (${r.test_size} texts) in ${r.seconds.toFixed(1)} s; seed ${r.seed ?? '?'}`,
    fit,
    ...(r.small_training_set
      ? [
          `WARNING: only ${r.train_size + r.validation_size} training texts (< ${MIN_TRAINING_POSTS}): these results mean little`,
        ]
      : []),
    '',
    table(flagged ? rows : rows.map((row) => row.slice(0, -1)), [...header, ...(flagged ? [''] : [])]),
    '',
    `${macroLine(r)}   micro F1 ${f3(r.micro_f1)}   weighted F1 ${f3(r.weighted_f1)}   samples F1 ${f3(r.samples_f1)}`,
    `subset accuracy ${f3(r.subset_accuracy)}   Hamming loss ${f3(r.hamming_loss)}`,
    'n/a: undefined (precision: never predicted; recall: no test example; F1: neither), left out of averages, not 0',
  ].join('\n');
}

function experimentReport(r: ExperimentResult): string {
  const runs = table(
    r.runs.map((x) => [
      x.experiment,
      x.run,
      x.train_source,
      x.test_source,
      x.train_size,
      x.test_size,
      f3(x.metrics.macro_f1),
      x.metrics.not_evaluable.length ? `${x.metrics.not_evaluable.length} left out` : '',
      f3(x.metrics.micro_f1),
      x.train_size < MIN_TRAINING_POSTS ? `few training texts (< ${MIN_TRAINING_POSTS})` : '',
    ]),
    ['exp', 'run', 'train', 'test', 'train n', 'test n', 'macro F1', 'not evaluable', 'micro F1', ''],
  );
  const categories = [...new Set(r.retention.map((x) => x.category))];
  const sources = [...new Set(r.retention.map((x) => x.source))];
  const share = (v: number | null) => (v === null ? '–' : f3(v));
  const row = (source: string, category: string) =>
    r.retention.find((x) => x.source === source && x.category === category);
  const retention = table(
    categories.map((c) => [
      c,
      share(row(SOURCE_ALL_SYNTHETIC, c)?.source_share ?? null),
      ...sources.map((s) => `${share(row(s, c)?.share ?? null)} (${share(row(s, c)?.spurious_share ?? null)})`),
    ]),
    ['category', 'on sources', ...sources],
  );
  const skipped = r.skipped.map((s) => `skipped (${s.experiment}) ${s.train_source} → ${s.test_source}: ${s.reason}`);
  return [
    `Experiment ${r.experiment} on "${r.dataset}" (${r.method || `${r.head} head, ${r.encoder}`}; ${r.split.train_posts} training / ${r.split.test_posts} test posts, seed ${r.split.seed}) in ${r.seconds.toFixed(1)} s`,
    `Variants: ${r.variant_set ? describeSet(r.variant_set) : 'set not recorded'}`,
    '',
    runs,
    ...skipped,
    '',
    "Label retention on held-out variants: share of the source's labels the originals' classifier still finds",
    '(in brackets: share tagged with a label their source lacks)',
    retention,
  ].join('\n');
}

function progress(out: Output) {
  return (report: EpochReport, source: string) => out.progress(epochLine(report, source));
}

export function registerClassifyCommands(program: Command): void {
  addTrainingOptions(
    program
      .command('train')
      .description('train a multi-label PII classifier and report per-category F1 on held-out data')
      .option('--dataset <name>', 'train and test on a dataset, split 80/20 (variants follow their source post)')
      .option('--source <source>', 'with --dataset: original, synthetic:MODEL or synthetic:all (default original)')
      .option('--train <file>', 'training JSONL file of {"text", "labels": []}')
      .option('--test <file>', 'test JSONL file of {"text", "labels": []}'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (opts: TrainingFlags, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const set = trainingSet(opts);
      const options = trainOptions(opts);
      const result = await withInterrupt((signal) =>
        withStore(cmd, (store) => runTraining(store, set, options, { onEpoch: progress(out), signal })),
      );
      out.done();
      out.result(result, () => trainReport(result));
    });

  addTrainingOptions(
    program
      .command('experiment')
      .description('original versus synthetic: (a)–(e) and label retention on one split of a dataset')
      .requiredOption('--dataset <name>', 'a dataset with generated variants')
      .addOption(
        new Option(
          '--variant-set <set>',
          'synthetic: what review let through, with edits and relabels (default); all-generated: every variant that passed the gate',
        )
          .choices(['synthetic', 'all-generated'])
          .default('synthetic'),
      ),
  )
    .option('--out <file>', 'also write the results to FILE (.csv: long format; otherwise JSON)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: TrainingFlags, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const options = trainOptions(opts);
      const result = await withInterrupt((signal) =>
        withStore(cmd, (store) =>
          runExperiment(
            store,
            String(opts.dataset),
            options,
            { onEpoch: progress(out), signal },
            opts.variantSet as VariantSet,
          ),
        ),
      );
      out.done();
      if (opts.out) await writeExperiment(result, String(opts.out));
      out.result(result, () => experimentReport(result) + (opts.out ? `\n\nWrote ${opts.out}` : ''));
    });
}
