/**
 * bench:train — 50 epochs (batch 8) of head training, with TF-IDF features and with
 * 768-dimensional dense features (the width of RoBERTa-base), compared in the same run with a
 * plain baseline: one-vs-rest logistic regression by mini-batch SGD on the main thread over
 * every TF-IDF term, with no worker, no AdamW, no term selection, no validation and no
 * bookkeeping. With --sklearn, scikit-learn's own TF-IDF + one-vs-rest logistic regression runs
 * on the same split as the reference (sklearn-reference.ts).
 *
 * Data: 10,000 generated posts by default (train-corpus.ts; nothing can be downloaded here);
 * --train FILE --test FILE for a given split; or --file FILE --splits K for K seeded 80/20
 * iterative-stratification splits of one labelled file (the sample dataset, or a public
 * benchmark), reporting the mean over splits. Files are JSONL of {"text", "labels": []}.
 *
 *   npm run bench:train [-- --train FILE --test FILE | --file FILE [--splits 5] | --posts N] [--sklearn]
 *     [--sklearn-cv] [--term-selection 0.001,...] [--seed-protocol [--epochs N] [--heads linear,mlp]
 *     [--features tfidf,dense] [--lr X]] [--json]
 *
 * The first row is always SynthLab's default (TF-IDF + L-BFGS logistic regression, C by 3-fold
 * CV); --sklearn adds scikit-learn's reference, --sklearn-cv also its LogisticRegressionCV on the
 * same grid and folds, --seed-protocol the AdamW rows and the plain SGD baseline.
 *
 * The MLP rows are opt-in (--heads linear,mlp): on 768-d features they take minutes.
 */
import os from 'node:os';
import { stratifiedSplit } from '../../src-main/classify/split.js';
import { openEncoderSource } from '../../src-main/classify/features.js';
import { headProbabilities } from '../../src-main/classify/head.js';
import { denseMatrix, labelMatrix, type FeatureMatrix, type LabelMatrix } from '../../src-main/classify/matrices.js';
import { evaluate } from '../../src-main/classify/metrics.js';
import { createRandom, type Random } from '../../src-main/classify/random.js';
import { applyThresholds } from '../../src-main/classify/thresholds.js';
import { trainInWorker } from '../../src-main/classify/trainer.js';
import { plainLogisticRegression } from './train-baseline.js';
import { scikitLearnReference, type LabelledSplit } from './sklearn-reference.js';
import { readLabelledFile } from '../../src-main/classify/train-run.js';
import { CATEGORIES, DENSE_DIM, denseFeatures, generateCorpus } from './train-corpus.js';
import {
  DEFAULT_LEARNING_RATE,
  TrainOptionsSchema,
  methodName,
  resolveTrainOptions,
  type ClassifierMetrics,
  type HeadKind,
} from '../../src-main/contract/classify-schemas.js';
import { trainClassifier } from '../../src-main/classify/classifier.js';

function selectRows(x: FeatureMatrix, rows: readonly number[]): FeatureMatrix {
  if (x.kind !== 'dense') throw new Error('dense only');
  return denseMatrix(
    rows.map((r) => x.values.subarray(r * x.dim, (r + 1) * x.dim)),
    x.dim,
  );
}

interface Row {
  features: string;
  method: string;
  seconds: number;
  /** Over the categories with test examples, as the reference in ../shared/benchmarks/offmychest/README.md. */
  macroF1: number;
  microF1: number;
  /** Per category with test examples: name → F1. */
  perCategory?: Record<string, number>;
}

interface Corpus extends LabelledSplit {
  name: string;
}

const part = (texts: readonly string[], labels: readonly string[][], idx: readonly number[]) => ({
  texts: idx.map((i) => texts[i]!),
  labels: idx.map((i) => labels[i]!),
});

/** The generated corpus, split 80/20 by iterative stratification. */
function generatedCorpus(n: number, random: Random): Corpus {
  const corpus = generateCorpus(n, random);
  const split = stratifiedSplit(corpus.labels, 0.2, 1);
  return {
    name: `${n.toLocaleString('en')} generated posts (12 categories, ~15% each)`,
    categories: [...CATEGORIES],
    train: part(corpus.texts, corpus.labels, split.train),
    test: part(corpus.texts, corpus.labels, split.test),
  };
}

async function readSide(file: string) {
  const examples = await readLabelledFile(file);
  return { texts: examples.map((e) => e.text), labels: examples.map((e) => [...e.labels]) };
}

const categoriesOf = (...sides: { labels: string[][] }[]) => [...new Set(sides.flatMap((s) => s.labels.flat()))].sort();

/** A given train/test split; the categories are the labels seen. */
async function fileSplit(trainFile: string, testFile: string): Promise<Corpus> {
  const [train, test] = await Promise.all([readSide(trainFile), readSide(testFile)]);
  return { name: `${trainFile} / ${testFile}`, categories: categoriesOf(train, test), train, test };
}

/** K seeded 80/20 iterative-stratification splits of one file. */
async function fileSplits(file: string, k: number): Promise<Corpus[]> {
  const all = await readSide(file);
  return Array.from({ length: k }, (_, seed) => {
    const split = stratifiedSplit(all.labels, 0.2, seed + 1);
    return {
      name: `${file}, split ${seed + 1} of ${k}`,
      categories: categoriesOf(all),
      train: part(all.texts, all.labels, split.train),
      test: part(all.texts, all.labels, split.test),
    };
  });
}

/**
 * Macro F1 over the categories with test examples (a category without any has no F1 to
 * average, whatever the classifier predicts for it) and micro F1 over the same categories.
 */
function supportedScores(m: ClassifierMetrics): Pick<Row, 'macroF1' | 'microF1' | 'perCategory'> {
  const supported = m.categories.filter((c) => c.support > 0);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const c of supported) {
    const hits = c.recall! * c.support;
    tp += hits;
    fp += c.predicted - hits;
    fn += c.support - hits;
  }
  return {
    macroF1: supported.reduce((s, c) => s + c.f1!, 0) / supported.length,
    microF1: (2 * tp) / (2 * tp + fp + fn),
    perCategory: Object.fromEntries(supported.map((c) => [c.name, c.f1!])),
  };
}

function scores(p: Float32Array, y: LabelMatrix, categories: readonly string[]) {
  return supportedScores(evaluate(y, applyThresholds(p, new Float64Array(y.cols).fill(0.5)), categories));
}

/** The product's default, end to end: trainClassifier (TF-IDF fit, folds, worker) and evaluation. */
async function defaultRow(corpus: Corpus, change: { termSelection?: number; c?: number } = {}): Promise<Row> {
  const options = resolveTrainOptions(
    TrainOptionsSchema.parse({ ...change, ...(change.c !== undefined ? { thresholds: 'fixed' } : {}) }),
  );
  const encoders = await openEncoderSource('tfidf');
  const train = corpus.train.texts.map((text, i) => ({ text, labels: corpus.train.labels[i]! }));
  const trained = await time(() => trainClassifier(corpus.categories, train, options, { encoders }));
  const metrics = await trained.value.classifier.evaluate(
    corpus.test.texts.map((text, i) => ({ text, labels: corpus.test.labels[i]! })),
  );
  return {
    features: `TF-IDF, word 1–2-grams, min df 2, sublinear tf, ${trained.value.classifier.encoder.dim.toLocaleString('en')} terms`,
    method:
      change.termSelection !== undefined
        ? `synthlab ${methodName(options)}, balanced, thresholds out of fold, --term-selection ${change.termSelection}`
        : change.c !== undefined
          ? `synthlab ${methodName(options)}, balanced, threshold 0.5 (--c ${change.c} --thresholds fixed: the reference's work)`
          : `**synthlab default: ${methodName(options)}, balanced, thresholds out of fold**`,
    seconds: trained.seconds,
    ...supportedScores(metrics),
  };
}

async function time<T>(fn: () => T | Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** A feature set and what to train on it; `extraSeconds` (fitting the encoder) is added to the heads' times. */
interface FeatureSet {
  name: string;
  train: FeatureMatrix;
  test: FeatureMatrix;
  baseline: boolean;
  heads: { head: HeadKind; note: string }[];
  extraSeconds: number;
}

interface BenchOptions {
  epochs: number;
  heads: HeadKind[];
  features: string[];
  lr: number | null;
  sklearn: boolean;
  /** Also scikit-learn's LogisticRegressionCV with the default's grid and folds (slow). */
  sklearnCv: boolean;
  /** Also the seed protocol's rows (AdamW heads, the plain SGD baseline). */
  seedProtocol: boolean;
  /** Also the default with these χ² term-selection levels (--term-selection 0.001,0.01). */
  termSelection: number[];
  random: Random;
}

const BATCH_SIZE = 8;

async function featureSets(corpus: Corpus, y: LabelMatrix, o: BenchOptions): Promise<FeatureSet[]> {
  const sets: FeatureSet[] = [];
  if (o.features.includes('tfidf')) {
    // The seed protocol's χ² level (the AdamW default).
    const termSelection = resolveTrainOptions(TrainOptionsSchema.parse({ solver: 'adamw' })).termSelection;
    const tfidf = await openEncoderSource('tfidf');
    const fit = (selection: typeof termSelection) =>
      time(() => tfidf.fit({ texts: corpus.train.texts, labels: y, termSelection: selection }));
    const all = await fit('none');
    const selected = await fit(termSelection);
    sets.push({
      name: `TF-IDF, all ${all.value.dim.toLocaleString('en')} terms`,
      train: await all.value.encode(corpus.train.texts),
      test: await all.value.encode(corpus.test.texts),
      baseline: true,
      heads: o.heads.includes('linear') ? [{ head: 'linear', note: ' (--term-selection none)' }] : [],
      extraSeconds: all.seconds,
    });
    sets.push({
      name: `TF-IDF, ${selected.value.dim.toLocaleString('en')} terms with χ² p < ${termSelection}`,
      train: await selected.value.encode(corpus.train.texts),
      test: await selected.value.encode(corpus.test.texts),
      baseline: false,
      heads: o.heads.map((head) => ({ head, note: ' (default)' })),
      extraSeconds: selected.seconds,
    });
  }
  if (o.features.includes('dense')) {
    if (corpus.categories.join() !== CATEGORIES.join()) throw new Error('--features dense needs the generated corpus');
    const dense = denseFeatures([...corpus.train.labels, ...corpus.test.labels], o.random);
    const rows = (from: number, count: number) =>
      selectRows(
        dense,
        Array.from({ length: count }, (_, i) => from + i),
      );
    sets.push({
      name: `dense ${DENSE_DIM}-d`,
      train: rows(0, corpus.train.texts.length),
      test: rows(corpus.train.texts.length, corpus.test.texts.length),
      baseline: true,
      heads: o.heads.map((head) => ({ head, note: '' })),
      extraSeconds: 0,
    });
  }
  return sets;
}

async function benchCorpus(corpus: Corpus, o: BenchOptions): Promise<Row[]> {
  const yTrain = labelMatrix(corpus.train.labels, corpus.categories);
  const yTest = labelMatrix(corpus.test.labels, corpus.categories);
  const rows: Row[] = [await defaultRow(corpus), await defaultRow(corpus, { c: 1 })];
  for (const termSelection of o.termSelection) rows.push(await defaultRow(corpus, { termSelection }));
  if (o.sklearn) rows.push(...scikitLearnReference(corpus, o.sklearnCv));
  if (!o.seedProtocol) return rows;
  for (const set of await featureSets(corpus, yTrain, o)) {
    if (set.baseline) {
      const plain = await time(() =>
        plainLogisticRegression(set.train, yTrain, set.test, o.epochs, BATCH_SIZE, createRandom(1)),
      );
      rows.push({
        features: set.name,
        method: 'baseline: one-vs-rest logistic regression, plain SGD, main thread',
        seconds: plain.seconds,
        ...scores(plain.value, yTest, corpus.categories),
      });
    }
    for (const { head, note } of set.heads) {
      const trained = await time(() =>
        trainInWorker(
          { x: set.train, y: yTrain, validation: null },
          {
            solver: 'adamw',
            config: {
              head,
              hidden: 128,
              epochs: o.epochs,
              batchSize: BATCH_SIZE,
              lr: o.lr ?? DEFAULT_LEARNING_RATE[head],
              weightDecay: 0.01,
              seed: 1,
              positiveWeight: null,
            },
          },
        ),
      );
      rows.push({
        features: set.name,
        method: `synthlab ${head} head, AdamW seed protocol, worker thread${note}`,
        seconds: trained.seconds + set.extraSeconds,
        ...scores(headProbabilities(trained.value.head, set.test), yTest, corpus.categories),
      });
    }
  }
  return rows;
}

/** Rows of several splits, averaged per method; term counts vary by split, so feature names lose them. */
function meanRows(runs: Row[][]): Row[] {
  const general = (features: string) => features.replace(/[\d,]+ terms/, 'terms');
  return runs[0]!.map((first, i) => {
    const same = runs.map((rows) => rows[i]!);
    const mean = (key: 'seconds' | 'macroF1' | 'microF1') => same.reduce((sum, r) => sum + r[key], 0) / same.length;
    return {
      features: general(first.features),
      method: first.method,
      seconds: mean('seconds'),
      macroF1: mean('macroF1'),
      microF1: mean('microF1'),
    };
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
  const fromFiles = args.includes('--train') || args.includes('--file');
  const o: BenchOptions = {
    epochs: Number(arg('--epochs', '50')),
    heads: arg('--heads', 'linear').split(',') as HeadKind[],
    features: arg('--features', fromFiles ? 'tfidf' : 'tfidf,dense').split(','),
    lr: args.includes('--lr') ? Number(arg('--lr', '')) : null,
    sklearn: args.includes('--sklearn') || args.includes('--sklearn-cv'),
    sklearnCv: args.includes('--sklearn-cv'),
    seedProtocol: args.includes('--seed-protocol') || args.includes('--heads') || args.includes('--features'),
    termSelection: args.includes('--term-selection') ? arg('--term-selection', '').split(',').map(Number) : [],
    random: createRandom(7),
  };
  const corpora = args.includes('--file')
    ? await fileSplits(arg('--file', ''), Number(arg('--splits', '5')))
    : args.includes('--train')
      ? [await fileSplit(arg('--train', ''), arg('--test', ''))]
      : [generatedCorpus(Number(arg('--posts', '10000')), o.random)];
  const runs: Row[][] = [];
  for (const corpus of corpora) runs.push(await benchCorpus(corpus, o));
  const rows = runs.length === 1 ? runs[0]! : meanRows(runs);
  const first = corpora[0]!;
  const name = corpora.length === 1 ? first.name : `${arg('--file', '')}, mean over ${corpora.length} splits`;

  if (args.includes('--json')) {
    console.log(JSON.stringify({ corpus: name, epochs: o.epochs, batchSize: BATCH_SIZE, rows }, null, 2));
    return;
  }
  const reference = rows.find((r) => r.method.startsWith('reference: scikit-learn'));
  console.log(
    `Trained on ${first.train.texts.length.toLocaleString('en')} posts of ${name}, tested on ` +
      `${first.test.texts.length.toLocaleString('en')}; ${os.cpus().length} cores, Node ${process.version}, load average ` +
      `${os.loadavg()[0]!.toFixed(1)}. Macro and micro F1 over the categories with test examples. Seconds: training ` +
      `(TF-IDF fit included); seed-protocol rows: ${o.epochs} epochs, batch ${BATCH_SIZE}, threshold 0.5.\n`,
  );
  console.log(`| features | method | seconds | × reference | test macro F1 | test micro F1 |`);
  console.log('|---|---|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.features} | ${r.method} | ${r.seconds.toFixed(1)} | ${reference ? (r.seconds / reference.seconds).toFixed(2) : '–'} | ${r.macroF1.toFixed(3)} | ${r.microF1.toFixed(3)} |`,
    );
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.perCategory ?? {})))];
  if (runs.length === 1 && names.length) {
    console.log(`\nPer-category F1 (categories with test examples):\n`);
    console.log(`| method | ${names.join(' | ')} |`);
    console.log(`|---|${names.map(() => '---:').join('|')}|`);
    for (const r of rows.filter((r) => r.perCategory))
      console.log(`| ${r.method} | ${names.map((n) => r.perCategory![n]?.toFixed(3) ?? '–').join(' | ')} |`);
  }
}

await main();
