/**
 * The plain baseline of bench:train: one-vs-rest logistic regression by mini-batch SGD with
 * plain loops, on the main thread.
 */
import type { FeatureMatrix, LabelMatrix } from '../../src-main/classify/matrices.js';
import { shuffleInPlace, type Random } from '../../src-main/classify/random.js';
import { sigmoid } from '../../src-main/classify/loss.js';

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
export function plainLogisticRegression(
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
