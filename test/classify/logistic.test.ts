import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '../../src-main/classify/lbfgs.js';
import { classWeights, fitLogistic, logisticObjective } from '../../src-main/classify/logistic.js';
import { trainLogisticRegression } from '../../src-main/classify/logreg-cv.js';
import { denseMatrix, labelMatrix, sparseMatrix } from '../../src-main/classify/matrices.js';
import { groupedFolds } from '../../src-main/classify/split.js';

const TIGHT = { gradientTolerance: 1e-10, valueTolerance: 0, maxIterations: 10_000 };

describe('L-BFGS', () => {
  it('finds the minimum of a quadratic: x = A⁻¹b, computed by hand', () => {
    // f(x) = ½ xᵀAx − bᵀx with A = [[4, 1], [1, 3]], b = [1, 2]: x = A⁻¹b = [1/11, 7/11].
    const f = (x: Float64Array, g: Float64Array) => {
      g[0] = 4 * x[0]! + x[1]! - 1;
      g[1] = x[0]! + 3 * x[1]! - 2;
      return 0.5 * (4 * x[0]! ** 2 + 2 * x[0]! * x[1]! + 3 * x[1]! ** 2) - x[0]! - 2 * x[1]!;
    };
    const r = minimizeLbfgs(f, new Float64Array(2), TIGHT);
    expect(r.reason).toBe('gradient');
    expect(r.x[0]).toBeCloseTo(1 / 11, 9);
    expect(r.x[1]).toBeCloseTo(7 / 11, 9);
  });

  it('finds the minimum of the Rosenbrock function at (1, 1)', () => {
    const f = (x: Float64Array, g: Float64Array) => {
      const [a, b] = [x[0]!, x[1]!];
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const r = minimizeLbfgs(f, Float64Array.of(-1.2, 1), TIGHT);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.iterations).toBeLessThan(200);
  });

  it('refuses an objective that is not finite at the start', () => {
    expect(() => minimizeLbfgs(() => NaN, new Float64Array(1))).toThrow(/NaN at the start point/);
  });
});

describe('L2 logistic regression', () => {
  it('meets the optimality condition derived by hand on a symmetric problem', () => {
    // Rows x = +1 (label 1) and x = −1 (label 0), weight 1: by symmetry b = 0, and
    // d/dw [½(softplus(−w) + softplus(−w)) + w²/(2·C·2)] = 0 ⇔ w = 2C·σ(−w).
    const x = denseMatrix([Float32Array.of(1), Float32Array.of(-1)], 1);
    for (const c of [0.25, 1, 16]) {
      const fit = fitLogistic(
        { x, rows: Uint32Array.of(0, 1), labels: Uint8Array.of(1, 0), weights: Float64Array.of(1, 1), c },
        undefined,
        TIGHT,
      );
      const w = fit.params[0]!;
      expect(fit.params[1]).toBeCloseTo(0, 8);
      expect(w).toBeCloseTo((2 * c) / (1 + Math.exp(w)), 8);
    }
  });

  it('gives the gradient that finite differences give', () => {
    const x = sparseMatrix(
      [
        { indices: Uint32Array.of(0, 2), values: Float32Array.of(0.6, 0.8) },
        { indices: Uint32Array.of(1), values: Float32Array.of(1) },
        { indices: Uint32Array.of(0, 1), values: Float32Array.of(-0.5, 0.5) },
      ],
      3,
    );
    const f = logisticObjective({
      x,
      rows: Uint32Array.of(0, 1, 2),
      labels: Uint8Array.of(1, 0, 1),
      weights: Float64Array.of(1, 2, 0.5),
      c: 0.7,
    });
    const p = Float64Array.of(0.3, -0.2, 0.5, 0.1);
    const g = new Float64Array(4);
    f(p, g);
    const scratch = new Float64Array(4);
    for (let i = 0; i < 4; i++) {
      const h = 1e-6;
      const up = Float64Array.from(p);
      const down = Float64Array.from(p);
      up[i]! += h;
      down[i]! -= h;
      expect(g[i]).toBeCloseTo((f(up, scratch) - f(down, scratch)) / (2 * h), 7);
    }
  });

  it("matches scikit-learn's coefficients on a captured dataset", () => {
    // test/fixtures/classify/make-sklearn-logreg.py wrote these with scikit-learn 1.2.1.
    const fixture = JSON.parse(
      fs.readFileSync(path.join(import.meta.dirname, '../fixtures/classify/sklearn-logreg.json'), 'utf8'),
    ) as {
      x: number[][];
      y: number[];
      cases: { c: number; class_weight: 'balanced' | 'none'; coef: number[]; intercept: number }[];
    };
    const d = fixture.x[0]!.length;
    const x = denseMatrix(
      fixture.x.map((r) => Float32Array.from(r)),
      d,
    );
    const rows = Uint32Array.from(fixture.y.keys());
    const labels = Uint8Array.from(fixture.y);
    for (const expected of fixture.cases) {
      const weights = classWeights(labels, rows, expected.class_weight, labels.length);
      const fit = fitLogistic({ x, rows, labels, weights, c: expected.c }, undefined, TIGHT);
      // Float32 features here, float64 in scikit-learn: agreement to about 1e-5.
      expected.coef.forEach((w, k) => expect(fit.params[k]).toBeCloseTo(w, 4));
      expect(fit.params[d]).toBeCloseTo(expected.intercept, 4);
    }
  });

  it("weights classes as scikit-learn's 'balanced': n / (2·n_class)", () => {
    const w = classWeights(Uint8Array.of(1, 0, 0, 0), Uint32Array.of(0, 1, 2, 3), 'balanced', 4);
    expect([...w]).toEqual([2, 4 / 6, 4 / 6, 4 / 6]);
    expect([...classWeights(Uint8Array.of(0, 0), Uint32Array.of(0, 1), 'balanced', 2)]).toEqual([1, 1]);
  });
});

describe('one-vs-rest logistic regression with C by cross-validation', () => {
  // Two categories with cue words; 40 posts.
  const texts = Array.from({ length: 40 }, (_, i) => ({ a: i % 3 === 0, b: i % 4 === 1 }));
  const x = sparseMatrix(
    texts.map((t, i) => ({
      indices: Uint32Array.of(...(t.a ? [0] : []), ...(t.b ? [1] : []), 2 + (i % 5)),
      values: Float32Array.of(...(t.a ? [0.7] : []), ...(t.b ? [0.7] : []), 0.5),
    })),
    7,
  );
  const y = labelMatrix(
    texts.map((t) => [...(t.a ? ['a'] : []), ...(t.b ? ['b'] : [])]),
    ['a', 'b'],
  );
  const foldOf = groupedFolds(
    texts.map((t, i) => ({ group: i, labels: [...(t.a ? ['a'] : []), ...(t.b ? ['b'] : [])] })),
    5,
    2,
  );

  it('records the chosen C, the out-of-fold thresholds and the cross-validation scores', () => {
    const out = trainLogisticRegression(x, y, {
      c: 'cv',
      grid: [0.25, 1, 4],
      foldOf,
      classWeight: 'balanced',
      thresholds: 'tuned',
      threshold: 0.5,
    });
    expect(out.cancelled).toBe(false);
    expect(out.fit.folds).toBe(5);
    expect(out.fit.c).toHaveLength(2);
    for (const c of out.fit.c) expect([0.25, 1, 4]).toContain(c);
    expect(out.fit.cv_f1).toHaveLength(2);
    // The cue words separate the categories perfectly: every fold's held-out posts are right.
    for (const scores of out.fit.cv_f1) expect(Math.max(...scores.map((s) => s ?? 0))).toBe(1);
    expect(out.fit.thresholds).toEqual([...out.thresholds]);
    expect(out.fit.thresholds_from).toBe('out-of-fold');
    expect(out.fit.evaluations).toBeGreaterThan(0);
  });

  it('scores a category without any positive as undefined (null) and keeps the smallest C for it', () => {
    const withNever = labelMatrix(
      texts.map((t) => [...(t.a ? ['a'] : [])]),
      ['a', 'never'],
    );
    const out = trainLogisticRegression(x, withNever, {
      c: 'cv',
      grid: [0.25, 1, 4],
      foldOf,
      classWeight: 'balanced',
      thresholds: 'tuned',
      threshold: 0.5,
    });
    // No score can improve on the first: the path stops one grid value past it (CV_PATIENCE).
    expect(out.fit.cv_f1[1]).toEqual([null, null]);
    expect(out.fit.c[1]).toBe(0.25);
    // Nothing to tune it on: the default threshold stays.
    expect(out.thresholds[1]).toBe(0.5);
    expect(JSON.parse(JSON.stringify(out.fit))).toEqual(out.fit);
  });

  it('gives the same weights for the same folds (deterministic)', () => {
    const config = {
      c: 'cv' as const,
      grid: [0.5, 2],
      foldOf,
      classWeight: 'balanced' as const,
      thresholds: 'tuned' as const,
      threshold: 0.5,
    };
    const one = trainLogisticRegression(x, y, config);
    const two = trainLogisticRegression(x, y, config);
    expect([...two.head.layers[0]!.weight]).toEqual([...one.head.layers[0]!.weight]);
    expect([...two.thresholds]).toEqual([...one.thresholds]);
  });

  it('needs folds to choose C, and keeps fixed C and thresholds without them', () => {
    expect(() =>
      trainLogisticRegression(x, y, {
        c: 'cv',
        grid: [1],
        foldOf: null,
        classWeight: 'none',
        thresholds: 'fixed',
        threshold: 0.5,
      }),
    ).toThrow(/folds are missing/);
    const out = trainLogisticRegression(x, y, {
      c: 2,
      grid: [1],
      foldOf: null,
      classWeight: 'none',
      thresholds: 'fixed',
      threshold: 0.4,
    });
    expect(out.fit).toMatchObject({ c_choice: 'fixed', c: [2, 2], folds: 0, thresholds: [0.4, 0.4] });
  });

  it('makes folds of whole groups and says when there are too few posts', () => {
    const items = [0, 0, 1, 1, 2, 3].map((group) => ({ group, labels: ['a'] }));
    const folds = groupedFolds(items, 2, 1);
    expect(folds[0]).toBe(folds[1]);
    expect(folds[2]).toBe(folds[3]);
    expect(() => groupedFolds(items, 5, 1)).toThrow(/5-fold cross-validation needs at least 5 training posts, got 4/);
  });
});
