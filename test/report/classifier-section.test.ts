import { describe, expect, it } from 'vitest';
import { labelMatrix } from '../../src-main/classify/matrices.js';
import { evaluate } from '../../src-main/classify/metrics.js';
import {
  ExperimentResultSchema,
  TrainOptionsSchema,
  methodName,
  resolveTrainOptions,
} from '../../src-main/contract/classify-schemas.js';
import { experimentSection } from '../../src-main/report/report.js';

describe("the report's classifier section", () => {
  it('names the method, shows undefined F1 as not evaluable with support, and flags thin training data', () => {
    const categories = ['age', 'health', 'pet'];
    // age: TP 1, FN 1 → F1 2/3.  health: TP 1 → F1 1.  pet: no test example, never predicted → not evaluable.
    const metrics = evaluate(
      labelMatrix([['age'], ['age', 'health'], []], categories),
      labelMatrix([['age'], ['health'], []], categories),
      categories,
      [12, 3, 6],
    );
    const options = resolveTrainOptions(TrainOptionsSchema.parse({}));
    const run = { train_source: 'original', test_source: 'original', test_size: 3, metrics };
    const result = ExperimentResultSchema.parse({
      experiment: 1,
      dataset: 'd',
      encoder: 'tfidf',
      head: 'linear',
      method: methodName(options),
      options,
      split: { seed: 1, train_posts: 20, test_posts: 3 },
      variant_set: null, // stored before results recorded their variant set
      models: [],
      runs: [
        {
          ...run,
          run: 1,
          experiment: 'a',
          train_size: 20,
          head_run: 1,
          fit: {
            solver: 'lbfgs',
            c_choice: 'cv',
            grid: [0.25, 1],
            folds: 3,
            c: [1, 0.25, 0.25],
            cv_f1: [
              [0.5, 0.6],
              [0.2, 0.1],
              [null, null],
            ],
            class_weight: 'balanced',
            thresholds_from: 'out-of-fold',
            thresholds: [0.4, 0.55, 0.5],
            iterations: [3, 4, 5],
            evaluations: 40,
          },
        },
      ],
      skipped: [],
      retention: [],
      seconds: 1,
    });
    const html = experimentSection(result);
    expect(html).toContain('TF-IDF + logistic regression (L-BFGS, C by 3-fold CV)');
    expect(html).not.toMatch(/fine-tuned|tfidf:1-2gram|NaN/);
    // Macro F1 over the two evaluable categories: (2/3 + 1) / 2 = 0.833; pet left out, and named.
    expect(html).toContain('<td>0.833</td>');
    expect(html).toContain('1: pet');
    // Every F1 with its support; the undefined one says so; health had 3 training examples (< 5).
    expect(html).toContain('0.667 (2)');
    expect(html).toContain('1.000 (1) †');
    expect(html).toContain('not evaluable (support 0)');
    // 20 training posts (< 30) are flagged; the chosen C and thresholds are shown.
    expect(html).toContain('fewer than 30: means little');
    expect(html).toContain('C 0.25, t 0.55');
  });
});
