/** Turning per-category probabilities into label sets, and choosing per-category thresholds. Pure. */
import type { LabelMatrix } from './matrices.js';

/** A category is predicted when its probability reaches the category's threshold. */
export function applyThresholds(probabilities: Float32Array, thresholds: Float64Array): LabelMatrix {
  const cols = thresholds.length;
  const rows = probabilities.length / cols;
  const values = new Uint8Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) values[i] = probabilities[i]! >= thresholds[i % cols]! ? 1 : 0;
  return { rows, cols, values };
}

/**
 * Per category, the threshold that maximises F1 on held-out (validation) probabilities: the
 * midpoint between the lowest probability still predicted and the next one below, so the
 * choice does not sit on a validation example's exact score. A category with no positive
 * example in the validation data keeps `fallback`: there is nothing to tune it on.
 */
export function tuneThresholds(probabilities: Float32Array, truth: LabelMatrix, fallback: number): Float64Array {
  const { rows, cols } = truth;
  const thresholds = new Float64Array(cols).fill(fallback);
  for (let j = 0; j < cols; j++) {
    const ranked = Array.from({ length: rows }, (_, r) => ({
      p: probabilities[r * cols + j]!,
      y: truth.values[r * cols + j]!,
    }));
    const positives = ranked.reduce((n, e) => n + e.y, 0);
    if (positives === 0) continue;
    ranked.sort((a, b) => b.p - a.p);
    // Predicting the top k: F1 = 2tp / (k + positives). Only cut between distinct probabilities.
    let tp = 0;
    let bestF1 = -1;
    let bestK = 0;
    for (let k = 1; k <= rows; k++) {
      tp += ranked[k - 1]!.y;
      if (k < rows && ranked[k]!.p === ranked[k - 1]!.p) continue;
      const f1 = (2 * tp) / (k + positives);
      if (f1 > bestF1) [bestF1, bestK] = [f1, k];
    }
    const lowestKept = ranked[bestK - 1]!.p;
    const nextBelow = bestK < rows ? ranked[bestK]!.p : 0;
    thresholds[j] = (lowestKept + nextBelow) / 2;
  }
  return thresholds;
}
