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
 *   npm run bench:train [-- --posts N] [-- --epochs N] [-- --heads linear,mlp] [-- --json]
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

const CATEGORIES = ['name', 'age', 'gender', 'location', 'occupation', 'degree_designation', 'physical_appearance', 'health', 'family', 'contact', 'education', 'finance'];
const DENSE_DIM = 768;

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
      if (random() < 0.9) for (let k = 1 + Math.floor(random() * 2); k > 0; k--) words.push(pick(cues[CATEGORIES.indexOf(c)]!));
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
  const directions = CATEGORIES.map(() => Float32Array.from({ length: DENSE_DIM }, () => gaussian(random) / Math.sqrt(DENSE_DIM)));
  const rows = labels.map((own) => {
    const v = Float32Array.from({ length: DENSE_DIM }, () => (gaussian(random) * 3) / Math.sqrt(DENSE_DIM));
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

/**
 * The baseline: one logistic regression per category, mini-batch SGD with a constant rate,
 * sparse or dense input, plain loops on the main thread. Returns test probabilities.
 */
function plainLogisticRegression(x: FeatureMatrix, y: LabelMatrix, test: FeatureMatrix, epochs: number, batchSize: number, random: Random): Float32Array {
  const L = y.cols;
  const w = new Float64Array(x.dim * L);
  const b = new Float64Array(L);
  const gw = new Float64Array(x.dim * L);
  const gb = new Float64Array(L);
  const z = new Float64Array(L);
  const lr = Number(process.env.BLR ?? 0.5);
  const order = Array.from({ length: x.rows }, (_, i) => i);
  const forEachEntry = (m: FeatureMatrix, r: number, fn: (k: number, v: number) => void) => {
    if (m.kind === 'sparse') for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) fn(m.indices[p]!, m.values[p]!);
    else for (let k = 0; k < m.dim; k++) fn(k, m.values[r * m.dim + k]!);
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let start = 0; start < x.rows; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      const touched = new Set<number>();
      gb.fill(0);
      for (const r of batch) {
        z.set(b);
        forEachEntry(x, r, (k, v) => {
          for (let j = 0; j < L; j++) z[j]! += v * w[k * L + j]!;
        });
        for (let j = 0; j < L; j++) z[j] = (sigmoid(z[j]!) - y.values[r * L + j]!) / batch.length;
        for (let j = 0; j < L; j++) gb[j]! += z[j]!;
        forEachEntry(x, r, (k, v) => {
          if (!touched.has(k)) {
            touched.add(k);
            gw.fill(0, k * L, (k + 1) * L);
          }
          for (let j = 0; j < L; j++) gw[k * L + j]! += v * z[j]!;
        });
      }
      for (const k of touched) for (let j = 0; j < L; j++) w[k * L + j]! -= lr * gw[k * L + j]!;
      for (let j = 0; j < L; j++) b[j]! -= lr * gb[j]!;
    }
  }
  const p = new Float32Array(test.rows * L);
  for (let r = 0; r < test.rows; r++) {
    z.set(b);
    forEachEntry(test, r, (k, v) => {
      for (let j = 0; j < L; j++) z[j]! += v * w[k * L + j]!;
    });
    for (let j = 0; j < L; j++) p[r * L + j] = sigmoid(z[j]!);
  }
  return p;
}

/**
 * The quality reference: one L2-regularised logistic regression per category with
 * scikit-learn's LogisticRegression defaults (C = 1, unpenalised intercept), i.e. minimising
 * mean log-loss + ||w||² / (2·C·n), solved to convergence by full-batch Nesterov accelerated
 * gradient. Rows are unit-length, so with the intercept the loss is (0.25·2)-smooth and the
 * step 1 / (0.5 + λ) is safe. Returns test probabilities.
 */
function regularisedLogisticRegression(x: FeatureMatrix, y: LabelMatrix, test: FeatureMatrix, iterations: number): Float32Array {
  const L = y.cols;
  const size = (x.dim + 1) * L; // the last row holds the intercepts
  const lambda = 1 / x.rows;
  const step = 1 / (0.5 + lambda);
  let w = new Float64Array(size);
  let previous = new Float64Array(size);
  const look = new Float64Array(size);
  const grad = new Float64Array(size);
  const z = new Float64Array(L);
  const forEachEntry = (m: FeatureMatrix, r: number, fn: (k: number, v: number) => void) => {
    if (m.kind === 'sparse') for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) fn(m.indices[p]!, m.values[p]!);
    else for (let k = 0; k < m.dim; k++) fn(k, m.values[r * m.dim + k]!);
  };
  const logits = (weights: Float64Array, m: FeatureMatrix, r: number) => {
    z.set(weights.subarray(x.dim * L));
    forEachEntry(m, r, (k, v) => {
      for (let j = 0; j < L; j++) z[j]! += v * weights[k * L + j]!;
    });
  };
  for (let t = 1; t <= iterations; t++) {
    const momentum = (t - 1) / (t + 2);
    for (let i = 0; i < size; i++) look[i] = w[i]! + momentum * (w[i]! - previous[i]!);
    grad.fill(0);
    for (let r = 0; r < x.rows; r++) {
      logits(look, x, r);
      for (let j = 0; j < L; j++) z[j] = (sigmoid(z[j]!) - y.values[r * L + j]!) / x.rows;
      for (let j = 0; j < L; j++) grad[x.dim * L + j]! += z[j]!;
      forEachEntry(x, r, (k, v) => {
        for (let j = 0; j < L; j++) grad[k * L + j]! += v * z[j]!;
      });
    }
    for (let i = 0; i < x.dim * L; i++) grad[i]! += lambda * look[i]!;
    [previous, w] = [w, previous];
    for (let i = 0; i < size; i++) w[i] = look[i]! - step * grad[i]!;
  }
  const p = new Float32Array(test.rows * L);
  for (let r = 0; r < test.rows; r++) {
    logits(w, test, r);
    for (let j = 0; j < L; j++) p[r * L + j] = sigmoid(z[j]!);
  }
  return p;
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
  const heads = arg('--heads', 'linear,mlp').split(',') as HeadKind[];
  const batchSize = 8;
  const random = createRandom(7);
  const corpus = generateCorpus(n, random);
  const split = stratifiedSplit(corpus.labels, 0.2, 1);
  const part = <T>(xs: readonly T[], idx: readonly number[]) => idx.map((i) => xs[i]!);
  const yTrain = labelMatrix(part(corpus.labels, split.train), CATEGORIES);
  const yTest = labelMatrix(part(corpus.labels, split.test), CATEGORIES);

  const tfidf = await (await openEncoderSource('tfidf')).fit(part(corpus.texts, split.train));
  const dense = denseFeatures(corpus.labels, random);
  const featureSets: [string, FeatureMatrix, FeatureMatrix][] = [
    [`TF-IDF (${tfidf.dim.toLocaleString('en')} terms)`, await tfidf.encode(part(corpus.texts, split.train)), await tfidf.encode(part(corpus.texts, split.test))],
    [`dense ${DENSE_DIM}-d`, selectRows(dense, split.train), selectRows(dense, split.test)],
  ];

  const rows: Row[] = [];
  for (const [features, xTrain, xTest] of featureSets) {
    let t0 = performance.now();
    const p = plainLogisticRegression(xTrain, yTrain, xTest, epochs, batchSize, createRandom(1));
    rows.push({ features, method: 'baseline: one-vs-rest logistic regression, plain SGD, main thread', seconds: (performance.now() - t0) / 1000, ...scores(p, yTest) });
    t0 = performance.now();
    const reference = regularisedLogisticRegression(xTrain, yTrain, xTest, Number(arg('--lr-iterations', '500')));
    rows.push({ features, method: 'reference: L2 logistic regression (C = 1), converged', seconds: (performance.now() - t0) / 1000, ...scores(reference, yTest) });
    for (const head of heads) {
      t0 = performance.now();
      const outcome = await trainInWorker(
        { x: xTrain, y: yTrain, validation: null },
        { head, hidden: 128, epochs, batchSize, lr: head === 'linear' ? Number(process.env.LLR ?? DEFAULT_LEARNING_RATE[head]) : DEFAULT_LEARNING_RATE[head], weightDecay: 0.01, seed: 1, positiveWeight: null },
      );
      const seconds = (performance.now() - t0) / 1000;
      rows.push({ features, method: `synthlab ${head} head, AdamW, worker thread`, seconds, ...scores(headProbabilities(outcome.head, xTest), yTest) });
    }
  }

  if (args.includes('--json')) {
    console.log(JSON.stringify({ posts: n, epochs, batchSize, rows }, null, 2));
    return;
  }
  console.log(
    `Training for ${epochs} epochs, batch ${batchSize}, on ${split.train.length.toLocaleString('en')} of ${n.toLocaleString('en')} generated posts ` +
      `(12 categories, ~15% each), tested on the other ${split.test.length.toLocaleString('en')}; ${os.cpus().length} cores, Node ${process.version}\n`,
  );
  console.log('| features | method | seconds | test macro F1 | test micro F1 |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.features} | ${r.method} | ${r.seconds.toFixed(1)} | ${r.macroF1.toFixed(3)} | ${r.microF1.toFixed(3)} |`);
}

await main();
