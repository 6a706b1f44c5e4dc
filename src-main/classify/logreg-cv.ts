/**
 * One-vs-rest L2 logistic regression with the regularisation chosen by cross-validation on the
 * training posts only:
 *   1. the training posts are split into k folds (iterative stratification, whole groups);
 *   2. per category, C goes up the grid; at each C every fold is fitted (warm-started from its
 *      own fit at the previous C, a fold's first fit from the previous fold's) and scores its
 *      held-out posts: out-of-fold probabilities for every post;
 *   3. per category, the C whose out-of-fold probabilities give the best F1 (at the tuned
 *      threshold, or at the fixed one) is chosen, ties going to the smaller C (more
 *      regularisation); the path stops `patience` values past the best (CV_PATIENCE: on
 *      offmychest the out-of-fold F1 rises to one peak and falls, and the larger C, whose fits
 *      cost the most, were never chosen);
 *   4. with tuned thresholds, each category's threshold is tuned on its out-of-fold
 *      probabilities at the chosen C: every training post is scored by a model that never saw it,
 *      and no test post is involved;
 *   5. the final model is refitted on all training posts with the chosen C, from the mean of the
 *      folds' solutions at that C.
 * Categories are independent (fitCategory); logreg-parallel.ts shares them among threads.
 * Synchronous and pure apart from its hooks; it runs in the training worker.
 */
import type { LogRegFit } from '../contract/classify-schemas.js';
import type { HeadParams } from './head.js';
import { LOGISTIC_LBFGS, classWeights, fitLogistic, labelColumn, logisticProbabilities } from './logistic.js';
import type { LbfgsOptions } from './lbfgs.js';
import type { FeatureMatrix, LabelMatrix } from './matrices.js';
import { tuneThresholds } from './thresholds.js';

export interface LogRegConfig {
  /** A fixed C, or 'cv' to choose each category's C from `grid`. */
  c: number | 'cv';
  grid: readonly number[];
  /** Fold of every training row (0 … folds−1); needed when C is chosen or thresholds are tuned. */
  foldOf: Int32Array | null;
  classWeight: 'balanced' | 'none' | number;
  thresholds: 'tuned' | 'fixed';
  threshold: number;
  /** Grid values tried past the best out-of-fold F1 before the path stops; default CV_PATIENCE. */
  patience?: number;
  /** Threads that share the categories in the training worker; default one per available core (logreg-parallel.ts). */
  threads?: number;
}

/**
 * Stopping rule of the cross-validation fits: the final refit's. A looser one does not pay: the
 * objective is divided by Σsᵢ, so moving C from one grid value to the next changes the gradient
 * at the warm start by about ‖w‖ / (C·Σsᵢ), ~1e-4 on offmychest; with max |∂f| ≤ 1e-3 the fits
 * stopped where they started and every C scored the same.
 */
export const CV_LBFGS: LbfgsOptions = LOGISTIC_LBFGS;

/** See LogRegConfig.patience. */
export const CV_PATIENCE = 1;

export interface LogRegOutcome {
  head: HeadParams;
  thresholds: Float64Array;
  fit: LogRegFit;
  cancelled: boolean;
}

export interface LogRegHooks {
  /** Asked between fits; true stops there. */
  shouldStop?(): boolean;
  /** After every fit: fits done and fits in all. */
  onProgress?(done: number, total: number): void;
}

/** F1 over rows from counts, with the rows at or above `threshold` predicted. */
function f1At(
  probabilities: Float32Array,
  stride: number,
  offset: number,
  labels: Uint8Array,
  threshold: number,
): number | null {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let r = 0; r < labels.length; r++) {
    const predicted = probabilities[r * stride + offset]! >= threshold;
    if (predicted && labels[r]) tp++;
    else if (predicted) fp++;
    else if (labels[r]) fn++;
  }
  // Undefined (no positive, none predicted): null, as in metrics.ts.
  return tp + fp + fn === 0 ? null : (2 * tp) / (2 * tp + fp + fn);
}

/** Row weights of one category: balanced, none, or w on positives and 1 on negatives. */
function weightsOf(setting: LogRegConfig['classWeight'], labels: Uint8Array, rows: Uint32Array): Float64Array {
  if (typeof setting !== 'number') return classWeights(labels, rows, setting, labels.length);
  const weights = new Float64Array(labels.length).fill(1);
  for (const r of rows) if (labels[r]) weights[r] = setting;
  return weights;
}

/** What every category's fits share: the C values to try, the folds' rows, all rows. */
export interface LogRegPlan {
  grid: number[];
  folds: number;
  foldRows: { train: Uint32Array; held: Uint32Array }[];
  all: Uint32Array;
}

/** Checks the data against the config and lays out the folds. Throws where they do not match. */
export function planLogisticRegression(x: FeatureMatrix, y: LabelMatrix, config: LogRegConfig): LogRegPlan {
  if (x.rows !== y.rows) throw new Error(`${x.rows} feature rows but ${y.rows} label rows`);
  if (x.rows === 0) throw new Error('no training examples');
  const n = y.rows;
  const grid = config.c === 'cv' ? [...config.grid].sort((a, b) => a - b) : [config.c];
  const needFolds = config.c === 'cv' || config.thresholds === 'tuned';
  const foldOf = needFolds ? config.foldOf : null;
  if (needFolds && (!foldOf || foldOf.length !== n))
    throw new Error('cross-validation folds are missing or do not match the training rows');
  const folds = foldOf ? Math.max(...foldOf) + 1 : 0;
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const foldRows = Array.from({ length: folds }, (_, f) => ({
    train: all.filter((r) => foldOf![r] !== f),
    held: all.filter((r) => foldOf![r] === f),
  }));
  return { grid, folds, foldRows, all };
}

/** Fits in all for a plan: every C in every fold, and the final refit, per category (an upper bound: paths stop early). */
export const plannedFits = (plan: LogRegPlan, categories: number) => categories * (plan.folds * plan.grid.length + 1);

/** One category's cross-validation and final fit. */
export interface CategoryFit {
  category: number;
  /** Out-of-fold F1 of each C tried (LogRegFit.cv_f1); empty without folds. */
  cvF1: (number | null)[];
  c: number;
  threshold: number;
  /** dim weights, then the intercept. */
  params: Float64Array;
  /** L-BFGS iterations of the final fit. */
  iterations: number;
  /** Objective evaluations of all its fits. */
  evaluations: number;
}

/**
 * Steps 2–5 of the module comment for category j. `tick(fits)` is called after every fit with
 * the fits it accounts for (more than one where the path stopped early); true stops there, and
 * the result is then null. Independent of the other categories: any thread may fit any category
 * and get the same numbers.
 */
export function fitCategory(
  x: FeatureMatrix,
  y: LabelMatrix,
  j: number,
  plan: LogRegPlan,
  config: LogRegConfig,
  tick: (fits: number) => boolean = () => false,
): CategoryFit | null {
  const { grid, folds, foldRows, all } = plan;
  const n = y.rows;
  const labels = labelColumn(y, j);
  const weights = foldRows.map(({ train }) => weightsOf(config.classWeight, labels, train));
  const patience = config.patience ?? CV_PATIENCE;
  let evaluations = 0;
  // The latest solution of every fold: each fit starts from its fold's solution at the previous
  // (smaller) C, and a fold's first fit from the previous fold's (folds share most rows).
  const latest: Float64Array[] = [];
  // The mean of the folds' solutions at every C tried: the final fit starts from the chosen one's.
  const foldMean: Float64Array[] = [];
  const cvF1: (number | null)[] = [];
  const thresholdAt: number[] = [];
  const oof = new Float32Array(n);
  let best = 0;
  for (let g = 0; g < grid.length && folds > 0; g++) {
    for (let f = 0; f < folds; f++) {
      const { train, held } = foldRows[f]!;
      const fit = fitLogistic(
        { x, rows: train, labels, weights: weights[f]!, c: grid[g]! },
        latest[f] ?? latest[f - 1],
        CV_LBFGS,
      );
      evaluations += fit.evaluations;
      latest[f] = fit.params;
      logisticProbabilities(x, held, fit.params, oof, 1, 0);
      if (tick(1)) return null;
    }
    const mean = new Float64Array(x.dim + 1);
    for (const params of latest) for (let k = 0; k < mean.length; k++) mean[k]! += params[k]! / folds;
    foldMean.push(mean);
    const threshold =
      config.thresholds === 'tuned'
        ? tuneThresholds(oof, { rows: n, cols: 1, values: labels }, config.threshold)[0]!
        : config.threshold;
    thresholdAt.push(threshold);
    cvF1.push(f1At(oof, 1, 0, labels, threshold));
    // The best defined score; ties, and a category with no defined score, keep the smaller C.
    if ((cvF1[g] ?? -1) > (cvF1[best] ?? -1)) best = g;
    else if (g - best >= patience) {
      // Past the peak: larger C only fit the training folds more closely (and cost the most).
      if (tick((grid.length - 1 - g) * folds)) return null;
      break;
    }
  }
  const c = grid[best]!;
  const fit = fitLogistic(
    { x, rows: all, labels, weights: weightsOf(config.classWeight, labels, all), c },
    foldMean[best],
    LOGISTIC_LBFGS,
  );
  evaluations += fit.evaluations;
  if (tick(1)) return null;
  return {
    category: j,
    cvF1,
    c,
    // Tuned on the out-of-fold probabilities at the chosen C: no post scored by a model that saw it.
    threshold: thresholdAt[best] ?? config.threshold,
    params: fit.params,
    iterations: fit.iterations,
    evaluations,
  };
}

/**
 * The head, thresholds and fit summary from every category's fit (in category order); with
 * `cancelled`, what was fitted so far and the fixed threshold.
 */
export function assembleLogisticRegression(
  x: FeatureMatrix,
  categories: number,
  config: LogRegConfig,
  plan: LogRegPlan,
  fits: readonly CategoryFit[],
  cancelled = false,
): LogRegOutcome {
  const L = categories;
  const weight = new Float32Array(x.dim * L);
  const bias = new Float32Array(L);
  const thresholds = new Float64Array(L).fill(config.threshold);
  for (const fit of fits) {
    const j = fit.category;
    for (let k = 0; k < x.dim; k++) weight[k * L + j] = fit.params[k]!;
    bias[j] = fit.params[x.dim]!;
    if (!cancelled) thresholds[j] = fit.threshold;
  }
  const chosen = Array.from({ length: L }, (_, j) => fits.find((f) => f.category === j)?.c ?? plan.grid[0]!);
  const summary: LogRegFit = {
    solver: 'lbfgs',
    c_choice: config.c === 'cv' ? 'cv' : 'fixed',
    // Known to the caller, who made the folds.
    fold_seed: null,
    grid: plan.grid,
    folds: plan.folds,
    c: chosen,
    cv_f1: plan.folds > 0 ? fits.map((f) => f.cvF1) : [],
    class_weight: config.classWeight,
    thresholds_from: config.thresholds === 'tuned' ? 'out-of-fold' : 'fixed',
    thresholds: cancelled ? [] : [...thresholds],
    iterations: fits.map((f) => f.iterations),
    evaluations: fits.reduce((sum, f) => sum + f.evaluations, 0),
  };
  return {
    head: { kind: 'linear', layers: [{ inputs: x.dim, outputs: L, weight, bias }] },
    thresholds,
    fit: summary,
    cancelled,
  };
}

/** Trains the head on this thread, category by category; see the module comment. Same data and folds: the same weights. */
export function trainLogisticRegression(
  x: FeatureMatrix,
  y: LabelMatrix,
  config: LogRegConfig,
  hooks: LogRegHooks = {},
): LogRegOutcome {
  const plan = planLogisticRegression(x, y, config);
  const total = plannedFits(plan, y.cols);
  let done = 0;
  const tick = (fits: number) => {
    done += fits;
    hooks.onProgress?.(done, total);
    return hooks.shouldStop?.() ?? false;
  };
  const fits: CategoryFit[] = [];
  for (let j = 0; j < y.cols; j++) {
    const fit = fitCategory(x, y, j, plan, config, tick);
    if (!fit) return assembleLogisticRegression(x, y.cols, config, plan, fits, true);
    fits.push(fit);
  }
  return assembleLogisticRegression(x, y.cols, config, plan, fits);
}
