/**
 * bench:train — 50 epochs (batch 8) of head training on 10,000 generated posts, with TF-IDF
 * features and with 768-dimensional dense features (the width of RoBERTa-base), compared in
 * the same run with a plain baseline: one-vs-rest logistic regression by mini-batch SGD on the
 * main thread, with no worker, no AdamW, no validation and no bookkeeping. The baseline is also
 * the quality reference: a standard TF-IDF + one-vs-rest logistic regression.
 *
 * The corpus is synthetic (no data can be downloaded here): filler words, plus for each of 12
 * categories a set of cue words planted in its posts, with noise (labelled posts missing their
 * cue, cue words in posts without the label). Dense features are a random direction per
 * category summed over a post's labels plus Gaussian noise, L2-normalised.
 *
 *   npm run bench:train [-- --posts N] [--epochs N] [--heads linear,mlp] [--features tfidf,dense] [--json]
 *
 * The MLP rows are opt-in (--heads linear,mlp): on 768-d features they take minutes.
 */
import os from 'node:os';
import { stratifiedSplit } from '../../src-main/classify/split.js';
import { openEncoderSource } from '../../src-main/classify/features.js';
import { headProbabilities } from '../../src-main/classify/head.js';
import { denseMatrix, labelMatrix, type FeatureMatrix, type LabelMatrix } from '../../src-main/classify/matrices.js';
import { evaluate } from '../../src-main/classify/metrics.js';
import { createRandom, shuffleInPlace, type Random } from '../../src-main/classify/random.js';
import { applyThresholds } from '../../src-main/classify/thresholds.js';
import { trainInWorker } from '../../src-main/classify/trainer.js';
import { sigmoid } from '../../src-main/classify/loss.js';
import { DEFAULT_LEARNING_RATE, type HeadKind } from '../../src-main/api/classify-schemas.js';

const CATEGORIES = [
  'name',
  'age',
  'gender',
  'location',
  'occupation',
  'degree_designation',
  'physical_appearance',
  'health',
  'family',
  'contact',
  'education',
  'finance',
];
const DENSE_DIM = 768;
/** Norm of the Gaussian noise added to a post's dense features, against 1 per label. */
const NOISE = 11;

function pseudoWord(random: Random): string {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'be', 'so', 'vi', 'da', 'pe', 'gu', 'fo', 'ri', 'za', 'he'];
  const n = 2 + Math.floor(random() * 3);
  return Array.from({ length: n }, () => syllables[Math.floor(random() * syllables.length)]).join('');
}

interface Corpus {
  texts: string[];
  labels: string[][];
}

function generateCorpus(n: number, random: Random): Corpus {
  const filler = Array.from({ length: 5000 }, () => pseudoWord(random));
  // Cue words are marked so that no filler word can be one by chance.
  const cues = CATEGORIES.map(() => Array.from({ length: 30 }, () => `${pseudoWord(random)}x`));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const texts: string[] = [];
  const labels: string[][] = [];
  for (let i = 0; i < n; i++) {
    const own = CATEGORIES.filter(() => random() < 0.15);
    const words = Array.from({ length: 15 + Math.floor(random() * 40) }, () => pick(filler));
    own.forEach((c) => {
      // One labelled post in ten carries no cue: only its label says it has that PII.
      if (random() < 0.9)
        for (let k = 1 + Math.floor(random() * 2); k > 0; k--) words.push(pick(cues[CATEGORIES.indexOf(c)]!));
    });
    // Cue words out of context: a label-free mention.
    if (random() < 0.1) words.push(pick(pick(cues)));
    shuffleInPlace(words, random);
    texts.push(words.join(' '));
    labels.push(own);
  }
  return { texts, labels };
}

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function denseFeatures(labels: readonly string[][], random: Random): FeatureMatrix {
  const directions = CATEGORIES.map(() =>
    Float32Array.from({ length: DENSE_DIM }, () => gaussian(random) / Math.sqrt(DENSE_DIM)),
  );
  const rows = labels.map((own) => {
    const v = Float32Array.from({ length: DENSE_DIM }, () => (gaussian(random) * NOISE) / Math.sqrt(DENSE_DIM));
    for (const c of own) {
      const d = directions[CATEGORIES.indexOf(c)]!;
      for (let k = 0; k < DENSE_DIM; k++) v[k]! += d[k]!;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });
  return denseMatrix(rows, DENSE_DIM);
}

function selectRows(x: FeatureMatrix, rows: readonly number[]): FeatureMatrix {
  if (x.kind !== 'dense') throw new Error('dense only');
  return denseMatrix(
    rows.map((r) => x.values.subarray(r * x.dim, (r + 1) * x.dim)),
    x.dim,
  );
}

/** z = b + x[r]·W for a sparse or dense row, W input-major with L columns. */
function rowLogits(m: FeatureMatrix, r: number, w: Float64Array, b: Float64Array, z: Float64Array): void {
  const L = z.length;
  z.set(b);
  if (m.kind === 'sparse') {
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
      const k = m.indices[p]!;
      const v = m.values[p]!;
      for (let j = 0; j < L; j++) z[j]! += v * w[k * L + j]!;
    }
  } else {
    for (let k = 0; k < m.dim; k++) {
      const v = m.values[r * m.dim + k]!;
      for (let j = 0; j < L; j++) z[j]! += v * w[k * L + j]!;
    }
  }
}

/** g[k, :] += x[r, k] · d for every entry of row r. */
function addOuter(m: FeatureMatrix, r: number, d: Float64Array, g: Float64Array): void {
  const L = d.length;
  if (m.kind === 'sparse') {
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
      const k = m.indices[p]!;
      const v = m.values[p]!;
      for (let j = 0; j < L; j++) g[k * L + j]! += v * d[j]!;
    }
  } else {
    for (let k = 0; k < m.dim; k++) {
      const v = m.values[r * m.dim + k]!;
      for (let j = 0; j < L; j++) g[k * L + j]! += v * d[j]!;
    }
  }
}

function testProbabilities(test: FeatureMatrix, w: Float64Array, b: Float64Array): Float32Array {
  const z = new Float64Array(b.length);
  const p = new Float32Array(test.rows * b.length);
  for (let r = 0; r < test.rows; r++) {
    rowLogits(test, r, w, b, z);
    z.forEach((v, j) => (p[r * b.length + j] = sigmoid(v)));
  }
  return p;
}

/**
 * The timing baseline: one logistic regression per category by mini-batch SGD (the same
 * epochs and batch size), a constant rate of 4 (set by hand on a smaller generated corpus), no
 * regularisation, plain loops on the main thread. Returns test probabilities.
 */
function plainLogisticRegression(
  x: FeatureMatrix,
  y: LabelMatrix,
  test: FeatureMatrix,
  epochs: number,
  batchSize: number,
  random: Random,
): Float32Array {
  const L = y.cols;
  const lr = 4;
  const w = new Float64Array(x.dim * L);
  const b = new Float64Array(L);
  const g = new Float64Array(x.dim * L);
  const z = new Float64Array(L);
  const order = Array.from({ length: x.rows }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let start = 0; start < x.rows; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      for (const r of batch) {
        rowLogits(x, r, w, b, z);
        for (let j = 0; j < L; j++) z[j] = (lr * (sigmoid(z[j]!) - y.values[r * L + j]!)) / batch.length;
        for (let j = 0; j < L; j++) b[j]! -= z[j]!;
        // Gradients of one batch are summed before any weight moves.
        addOuter(x, r, z, g);
      }
      if (x.kind === 'dense') {
        for (let i = 0; i < w.length; i++) w[i]! -= g[i]!;
        g.fill(0);
        continue;
      }
      // Sparse: only the rows of features in the batch have a gradient.
      for (const r of batch) {
        for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
          const k = x.indices[p]!;
          for (let j = 0; j < L; j++) {
            w[k * L + j]! -= g[k * L + j]!;
            g[k * L + j] = 0;
          }
        }
      }
    }
  }
  return testProbabilities(test, w, b);
}

interface Row {
  features: string;
  method: string;
  seconds: number;
  macroF1: number;
  microF1: number;
}

function scores(p: Float32Array, y: LabelMatrix) {
  const m = evaluate(y, applyThresholds(p, new Float64Array(y.cols).fill(0.5)), CATEGORIES);
  return { macroF1: m.macro_f1, microF1: m.micro_f1 };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
  const n = Number(arg('--posts', '10000'));
  const epochs = Number(arg('--epochs', '50'));
  const heads = arg('--heads', 'linear').split(',') as HeadKind[];
  const features = arg('--features', 'tfidf,dense').split(',');
  const batchSize = 8;
  const random = createRandom(7);
  const corpus = generateCorpus(n, random);
  const split = stratifiedSplit(corpus.labels, 0.2, 1);
  const part = <T>(xs: readonly T[], idx: readonly number[]) => idx.map((i) => xs[i]!);
  const yTrain = labelMatrix(part(corpus.labels, split.train), CATEGORIES);
  const yTest = labelMatrix(part(corpus.labels, split.test), CATEGORIES);

  const featureSets: [string, FeatureMatrix, FeatureMatrix][] = [];
  if (features.includes('tfidf')) {
    const tfidf = await (await openEncoderSource('tfidf')).fit(part(corpus.texts, split.train));
    const train = await tfidf.encode(part(corpus.texts, split.train));
    featureSets.push([
      `TF-IDF (${tfidf.dim.toLocaleString('en')} terms)`,
      train,
      await tfidf.encode(part(corpus.texts, split.test)),
    ]);
  }
  if (features.includes('dense')) {
    const dense = denseFeatures(corpus.labels, random);
    featureSets.push([`dense ${DENSE_DIM}-d`, selectRows(dense, split.train), selectRows(dense, split.test)]);
  }

  const rows: Row[] = [];
  const time = <T>(fn: () => T | Promise<T>) => {
    const t0 = performance.now();
    return Promise.resolve(fn()).then((value) => ({ value, seconds: (performance.now() - t0) / 1000 }));
  };
  for (const [name, xTrain, xTest] of featureSets) {
    const plain = await time(() => plainLogisticRegression(xTrain, yTrain, xTest, epochs, batchSize, createRandom(1)));
    rows.push({
      features: name,
      method: 'baseline: one-vs-rest logistic regression, plain SGD, main thread',
      seconds: plain.seconds,
      ...scores(plain.value, yTest),
    });
    for (const head of heads) {
      const trained = await time(() =>
        trainInWorker(
          { x: xTrain, y: yTrain, validation: null },
          {
            head,
            hidden: 128,
            epochs,
            batchSize,
            lr: DEFAULT_LEARNING_RATE[head],
            weightDecay: 0.01,
            seed: 1,
            positiveWeight: null,
          },
        ),
      );
      const p = headProbabilities(trained.value.head, xTest);
      rows.push({
        features: name,
        method: `synthlab ${head} head, AdamW, worker thread`,
        seconds: trained.seconds,
        ...scores(p, yTest),
      });
    }
  }

  if (args.includes('--json')) {
    console.log(JSON.stringify({ posts: n, epochs, batchSize, rows }, null, 2));
    return;
  }
  console.log(
    `Training for ${epochs} epochs, batch ${batchSize}, on ${split.train.length.toLocaleString('en')} of ${n.toLocaleString('en')} generated posts ` +
      `(12 categories, ~15% each), tested on the other ${split.test.length.toLocaleString('en')} at threshold 0.5; ${os.cpus().length} cores, Node ${process.version}\n`,
  );
  console.log('| features | method | seconds | test macro F1 | test micro F1 |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.features} | ${r.method} | ${r.seconds.toFixed(1)} | ${r.macroF1.toFixed(3)} | ${r.microF1.toFixed(3)} |`,
    );
}

await main();
