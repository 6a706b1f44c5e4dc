/**
 * Multi-label classification metrics, with undefined kept undefined (null), never counted as 0.
 * Per category, from the counts TP, FP, FN on the test examples:
 *   precision = TP / (TP + FP), undefined when TP + FP = 0 (never predicted);
 *   recall    = TP / (TP + FN), undefined when TP + FN = 0 (no test example carries it);
 *   F1        = 2TP / (2TP + FP + FN), undefined when TP + FP + FN = 0 (not evaluable);
 * macro F1 is the mean of the defined F1s (the undefined ones are listed in not_evaluable),
 * micro scores pool the counts of all categories, weighted F1 weights the defined F1s by support,
 * and samples F1 averages the per-example F1 over the examples where it is defined (a true or a
 * predicted label). The definitions are scikit-learn's (sklearn.metrics.precision_recall_fscore_support),
 * except that scikit-learn reports an undefined ratio as 0 (zero_division=0) and averages it. Pure.
 */
import { MIN_CATEGORY_POSITIVES, type CategoryMetrics, type ClassifierMetrics } from '../contract/classify-schemas.js';
import type { LabelMatrix } from './matrices.js';

/** num / den, or null when den is 0. */
const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

/** F1 from counts: 2tp / (2tp + fp + fn), which equals 2PR / (P + R) wherever that is defined. */
const f1 = (tp: number, fp: number, fn: number) => ratio(2 * tp, 2 * tp + fp + fn);

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Test metrics of `predicted` against `truth` (examples × categories, 0/1). `trainSupport`, when
 * given, is each category's number of training positives: categories with fewer than
 * MIN_CATEGORY_POSITIVES are flagged few_examples.
 */
export function evaluate(
  truth: LabelMatrix,
  predicted: LabelMatrix,
  categories: readonly string[],
  trainSupport?: readonly number[],
): ClassifierMetrics {
  if (truth.rows !== predicted.rows || truth.cols !== predicted.cols || truth.cols !== categories.length) {
    throw new Error(
      `shape mismatch: truth ${truth.rows}×${truth.cols}, predicted ${predicted.rows}×${predicted.cols}, ${categories.length} categories`,
    );
  }
  if (trainSupport && trainSupport.length !== categories.length)
    throw new Error(`${trainSupport.length} training supports for ${categories.length} categories`);
  const { rows, cols } = truth;
  const tp = new Array<number>(cols).fill(0);
  const fp = new Array<number>(cols).fill(0);
  const fn = new Array<number>(cols).fill(0);
  let exact = 0;
  let wrong = 0;
  let samplesF1 = 0;
  let samplesDefined = 0;
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
    // An example with no true and no predicted label has no F1; it is left out, not scored 0 or 1.
    if (rowTrue + rowPredicted > 0) {
      samplesF1 += (2 * rowTp) / (rowTrue + rowPredicted);
      samplesDefined++;
    }
  }

  const perCategory: CategoryMetrics[] = categories.map((name, j) => {
    const support = tp[j]! + fn[j]!;
    const predictedCount = tp[j]! + fp[j]!;
    const trained = trainSupport?.[j];
    return {
      name,
      precision: ratio(tp[j]!, predictedCount),
      recall: ratio(tp[j]!, support),
      f1: f1(tp[j]!, fp[j]!, fn[j]!),
      support,
      predicted: predictedCount,
      no_positives: support === 0,
      no_predictions: predictedCount === 0,
      train_support: trained ?? null,
      few_examples: trained !== undefined && trained < MIN_CATEGORY_POSITIVES,
    };
  });
  const defined = perCategory.filter((c) => c.f1 !== null);
  const [TP, FP, FN] = [sum(tp), sum(fp), sum(fn)];
  const totalSupport = sum(perCategory.map((c) => c.support));
  return {
    macro_f1: defined.length ? sum(defined.map((c) => c.f1!)) / defined.length : null,
    micro_f1: f1(TP, FP, FN),
    weighted_f1: ratio(sum(defined.map((c) => c.f1! * c.support)), totalSupport),
    samples_f1: ratio(samplesF1, samplesDefined),
    micro_precision: ratio(TP, TP + FP),
    micro_recall: ratio(TP, TP + FN),
    subset_accuracy: ratio(exact, rows),
    hamming_loss: ratio(wrong, rows * cols),
    examples: rows,
    not_evaluable: perCategory.filter((c) => c.f1 === null).map((c) => c.name),
    categories: perCategory,
  };
}
