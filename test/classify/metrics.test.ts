import { describe, expect, it } from 'vitest';
import { labelMatrix } from '../../src-main/classify/matrices.js';
import { evaluate } from '../../src-main/classify/metrics.js';
import { applyThresholds, tuneThresholds } from '../../src-main/classify/thresholds.js';

const categories = ['a', 'b', 'c', 'd'];
// Four posts; d is carried by none and never predicted.
const truth = labelMatrix([['a', 'b'], ['a'], ['b', 'c'], []], categories);
const predicted = labelMatrix([['a'], ['a', 'b'], ['b'], []], categories);

const flags = { train_support: null, few_examples: false };

describe('multi-label metrics', () => {
  it('match values computed by hand, with undefined metrics null and left out of averages', () => {
    const m = evaluate(truth, predicted, categories);
    // a: tp 2 → P = R = F1 = 1.  b: tp 1 (post 3), fp 1 (post 2), fn 1 (post 1) → P = R = F1 = 1/2.
    // c: fn 1, never predicted → P undefined (0/0), R = 0/1 = 0, F1 = 0/(0 + 0 + 1) = 0.
    // d: TP + FP + FN = 0 → P, R and F1 all undefined: not evaluable.
    expect(m.categories).toEqual([
      {
        name: 'a',
        precision: 1,
        recall: 1,
        f1: 1,
        support: 2,
        predicted: 2,
        no_positives: false,
        no_predictions: false,
        ...flags,
      },
      {
        name: 'b',
        precision: 0.5,
        recall: 0.5,
        f1: 0.5,
        support: 2,
        predicted: 2,
        no_positives: false,
        no_predictions: false,
        ...flags,
      },
      {
        name: 'c',
        precision: null,
        recall: 0,
        f1: 0,
        support: 1,
        predicted: 0,
        no_positives: false,
        no_predictions: true,
        ...flags,
      },
      {
        name: 'd',
        precision: null,
        recall: null,
        f1: null,
        support: 0,
        predicted: 0,
        no_positives: true,
        no_predictions: true,
        ...flags,
      },
    ]);
    expect(m.not_evaluable).toEqual(['d']);
    // micro: TP 3, FP 1, FN 2 → F1 = 6 / (6 + 1 + 2); P = 3/4, R = 3/5.
    expect(m.micro_f1).toBeCloseTo(6 / 9, 12);
    expect(m.micro_precision).toBeCloseTo(3 / 4, 12);
    expect(m.micro_recall).toBeCloseTo(3 / 5, 12);
    // macro over the three evaluable categories, d left out (scikit-learn would count it as 0: 1.5 / 4).
    expect(m.macro_f1).toBeCloseTo(1.5 / 3, 12);
    // weighted by support: (1·2 + 0.5·2 + 0·1) / 5.
    expect(m.weighted_f1).toBeCloseTo(3 / 5, 12);
    // samples: posts 1–3 each 2·1 / (2 + 1) = 2/3; post 4 has no true and no predicted label: left out.
    expect(m.samples_f1).toBeCloseTo(2 / 3, 12);
    // Only post 4 is exactly right; 3 wrong cells of 16.
    expect(m.subset_accuracy).toBe(0.25);
    expect(m.hamming_loss).toBe(3 / 16);
    expect(m.examples).toBe(4);
    // No NaN anywhere: JSON keeps every number or null.
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('gives F1 0 (defined) to a category predicted but never true; its recall is undefined', () => {
    const m = evaluate(labelMatrix([[], []], ['x']), labelMatrix([['x'], []], ['x']), ['x']);
    // TP 0, FP 1, FN 0: P = 0/1 = 0, R = 0/0 undefined, F1 = 0/(0 + 1 + 0) = 0.
    expect(m.categories[0]).toMatchObject({
      precision: 0,
      recall: null,
      f1: 0,
      support: 0,
      predicted: 1,
      no_positives: true,
      no_predictions: false,
    });
    expect(m.not_evaluable).toEqual([]);
    expect(m.macro_f1).toBe(0);
    expect(m.micro_f1).toBe(0);
    expect(m.micro_recall).toBeNull();
    // No test example carries any label: no support to weight by.
    expect(m.weighted_f1).toBeNull();
    expect(m.hamming_loss).toBe(0.5);
  });

  it('is all undefined where nothing can be evaluated', () => {
    const m = evaluate(labelMatrix([[], []], ['x', 'y']), labelMatrix([[], []], ['x', 'y']), ['x', 'y']);
    expect(m).toMatchObject({
      macro_f1: null,
      micro_f1: null,
      weighted_f1: null,
      samples_f1: null,
      micro_precision: null,
      micro_recall: null,
      subset_accuracy: 1,
      hamming_loss: 0,
      not_evaluable: ['x', 'y'],
    });
    const empty = evaluate(labelMatrix([], ['x']), labelMatrix([], ['x']), ['x']);
    expect(empty.subset_accuracy).toBeNull();
    expect(empty.hamming_loss).toBeNull();
  });

  it('flags categories with fewer than 5 training positives', () => {
    const m = evaluate(truth, predicted, categories, [40, 5, 4, 0]);
    expect(m.categories.map((c) => [c.train_support, c.few_examples])).toEqual([
      [40, false],
      [5, false],
      [4, true],
      [0, true],
    ]);
    expect(() => evaluate(truth, predicted, categories, [1])).toThrow(/1 training supports for 4 categories/);
  });

  it('rejects matrices of different shapes and unknown labels', () => {
    expect(() => evaluate(truth, labelMatrix([[]], categories), categories)).toThrow(/shape mismatch/);
    expect(() => labelMatrix([['zz']], categories)).toThrow(/unknown category "zz"/);
  });
});

describe('thresholds', () => {
  it('predicts a category when its probability reaches the threshold', () => {
    const p = Float32Array.of(0.5, 0.2, 0.49, 0.9);
    expect([...applyThresholds(p, Float64Array.of(0.5, 0.1)).values]).toEqual([1, 1, 0, 1]);
  });

  it('tunes each threshold for F1 on validation data and keeps the default without positives', () => {
    // Category 0, ranked: 0.9 (pos), 0.8 (neg), 0.7 (pos), 0.2 (neg). Predicting the top k:
    // k=1 → 2·1/(1+2) = 0.667, k=2 → 2/4 = 0.5, k=3 → 4/5 = 0.8 (best), k=4 → 4/6.
    // The threshold sits between the 3rd and 4th probabilities: (0.7 + 0.2) / 2.
    const p = Float32Array.of(0.9, 0.1, 0.8, 0.3, 0.7, 0.6, 0.2, 0.2);
    const y = labelMatrix([['p'], [], ['p'], []], ['p', 'q']);
    const t = tuneThresholds(p, y, 0.5);
    expect(t[0]).toBeCloseTo((Math.fround(0.7) + Math.fround(0.2)) / 2, 12);
    expect(t[1]).toBe(0.5);
  });

  it('never cuts between equal probabilities', () => {
    // Both posts score 0.6; only one is positive. Cutting between them is impossible, so F1 for
    // k=2 (2·1/(2+1)) is the only candidate and both are predicted.
    const t = tuneThresholds(Float32Array.of(0.6, 0.6), labelMatrix([['p'], []], ['p']), 0.5);
    expect(t[0]).toBeCloseTo(0.3, 6);
  });
});
