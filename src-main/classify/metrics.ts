/**
 * Multi-label classification metrics, defined as scikit-learn defines them with
 * zero_division=0: a ratio whose denominator is zero is 0, and the category is flagged. Pure.
 */
import type { CategoryMetrics, ClassifierMetrics } from '../contract/classify-schemas.js';
import type { LabelMatrix } from './matrices.js';

const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);

/** F1 from counts: 2tp / (2tp + fp + fn), which equals 2PR / (P + R) wherever that is defined. */
const f1 = (tp: number, fp: number, fn: number) => ratio(2 * tp, 2 * tp + fp + fn);

export function evaluate(truth: LabelMatrix, predicted: LabelMatrix, categories: readonly string[]): ClassifierMetrics {
  if (truth.rows !== predicted.rows || truth.cols !== predicted.cols || truth.cols !== categories.length) {
    throw new Error(
      `shape mismatch: truth ${truth.rows}×${truth.cols}, predicted ${predicted.rows}×${predicted.cols}, ${categories.length} categories`,
    );
  }
  const { rows, cols } = truth;
  const tp = new Array<number>(cols).fill(0);
  const fp = new Array<number>(cols).fill(0);
  const fn = new Array<number>(cols).fill(0);
  let exact = 0;
  let wrong = 0;
  let samplesF1 = 0;
  for (let r = 0; r < rows; r++) {
    let rowTp = 0;
    let rowWrong = 0;
    let rowTrue = 0;
    let rowPredicted = 0;
    for (let j = 0; j < cols; j++) {
      const t = truth.values[r * cols + j] === 1;
      const p = predicted.values[r * cols + j] === 1;
      if (t) rowTrue++;
      if (p) rowPredicted++;
      if (t && p) {
        tp[j]!++;
        rowTp++;
      } else if (t || p) {
        rowWrong++;
        if (p) fp[j]!++;
        else fn[j]!++;
      }
    }
    if (rowWrong === 0) exact++;
    wrong += rowWrong;
    // A post with no true and no predicted label scores 0, as in scikit-learn with zero_division=0.
    samplesF1 += ratio(2 * rowTp, rowTrue + rowPredicted);
  }

  const perCategory: CategoryMetrics[] = categories.map((name, j) => {
    const support = tp[j]! + fn[j]!;
    const predictedCount = tp[j]! + fp[j]!;
    return {
      name,
      precision: ratio(tp[j]!, predictedCount),
      recall: ratio(tp[j]!, support),
      f1: f1(tp[j]!, fp[j]!, fn[j]!),
      support,
      predicted: predictedCount,
      no_positives: support === 0,
      no_predictions: predictedCount === 0,
    };
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const [TP, FP, FN] = [sum(tp), sum(fp), sum(fn)];
  const totalSupport = sum(perCategory.map((c) => c.support));
  return {
    macro_f1: ratio(sum(perCategory.map((c) => c.f1)), cols),
    micro_f1: f1(TP, FP, FN),
    weighted_f1: ratio(sum(perCategory.map((c) => c.f1 * c.support)), totalSupport),
    samples_f1: ratio(samplesF1, rows),
    micro_precision: ratio(TP, TP + FP),
    micro_recall: ratio(TP, TP + FN),
    subset_accuracy: ratio(exact, rows),
    hamming_loss: ratio(wrong, rows * cols),
    examples: rows,
    categories: perCategory,
  };
}
