/**
 * χ² term selection for the TF-IDF encoder (Yang & Pedersen, 1997): a term is kept when its
 * presence in a training post and some category's label are dependent by Pearson's χ² test on
 * their 2×2 table (one degree of freedom) at significance level alpha. Pure.
 *
 * Why: AdamW moves every weight by about the same step whatever the size of its gradient, so a
 * linear head over every term memorises its training posts through words that carry no label
 * signal, and those weights are noise on every test post. Plain SGD moves a weight in proportion
 * to its gradient and suffers less. Dropping the unrelated terms first took the linear head from
 * below a standard TF-IDF + one-vs-rest logistic regression to above it (README, bench:train).
 */
import type { LabelMatrix, SparseMatrix } from './matrices.js';

/**
 * Pearson's χ² statistic of a 2×2 table: a = term and label, b = term without label,
 * c = label without term, d = neither. 0 when a row or column is empty (no evidence either way).
 */
export function chiSquare2x2(a: number, b: number, c: number, d: number): number {
  const denominator = (a + b) * (c + d) * (a + c) * (b + d);
  if (denominator === 0) return 0;
  const n = a + b + c + d;
  return (n * (a * d - b * c) ** 2) / denominator;
}

/** P(Z > z) for a standard normal Z, by Simpson's rule over the density (error far below 1e-12 for z ≤ 40). */
function normalUpperTail(z: number): number {
  const steps = 2000;
  const h = z / steps;
  const density = (t: number) => Math.exp((-t * t) / 2);
  let sum = density(0) + density(z);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * density(i * h);
  return 0.5 - (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}

/**
 * The χ² value (1 degree of freedom) that a statistic must exceed for p < alpha: z² where
 * P(|Z| > z) = alpha. 3.841 for 0.05, 6.635 for 0.01, 10.83 for 0.001.
 */
export function chiSquareCritical(alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`significance level must be between 0 and 1, got ${alpha}`);
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (2 * normalUpperTail(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return ((lo + hi) / 2) ** 2;
}

/**
 * Columns of `x` (terms; present where a row has a non-zero value) whose presence is dependent
 * on at least one category of `y` at level alpha, in increasing order. Empty when none is.
 */
export function selectTerms(x: SparseMatrix, y: LabelMatrix, alpha: number): Uint32Array {
  if (x.rows !== y.rows) throw new Error(`${x.rows} feature rows but ${y.rows} label rows`);
  const critical = chiSquareCritical(alpha);
  const L = y.cols;
  const n = x.rows;
  const documents = new Float64Array(x.dim);
  const withLabel = new Float64Array(x.dim * L);
  const positives = new Float64Array(L);
  for (let r = 0; r < n; r++) {
    const labels = y.values.subarray(r * L, (r + 1) * L);
    for (let j = 0; j < L; j++) positives[j]! += labels[j]!;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
      if (x.values[p] === 0) continue;
      const term = x.indices[p]!;
      documents[term]!++;
      for (let j = 0; j < L; j++) withLabel[term * L + j]! += labels[j]!;
    }
  }
  const kept: number[] = [];
  for (let term = 0; term < x.dim; term++) {
    for (let j = 0; j < L; j++) {
      const a = withLabel[term * L + j]!;
      const b = documents[term]! - a;
      const c = positives[j]! - a;
      const d = n - a - b - c;
      if (chiSquare2x2(a, b, c, d) > critical) {
        kept.push(term);
        break;
      }
    }
  }
  return Uint32Array.from(kept);
}
