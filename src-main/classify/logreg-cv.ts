/**
 * One-vs-rest L2 logistic regression with the regularisation chosen by cross-validation on the
 * training posts only:
 *   1. the training posts are split into k folds (iterative stratification, whole groups);
 *   2. per category, per fold, a fit for every C of the grid (ascending, each warm-started from
 *      the previous one) scores the held-out fold: out-of-fold probabilities for every post;
 *   3. per category, the C whose out-of-fold probabilities give the best F1 (at the tuned
 *      threshold, or at the fixed one) is chosen, ties going to the smaller C (more
 *      regularisation);
 *   4. with tuned thresholds, each category's threshold is tuned on its out-of-fold
 *      probabilities at the chosen C: every training post is scored by a model that never saw it,
 *      and no test post is involved;
 *   5. the final model is refitted on all training posts with the chosen C.
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

/** Trains the head; see the module comment. Same data and folds: the same weights. */
export function trainLogisticRegression(
  x: FeatureMatrix,
  y: LabelMatrix,
  config: LogRegConfig,
  hooks: LogRegHooks = {},
): LogRegOutcome {
  if (x.rows !== y.rows) throw new Error(`${x.rows} feature rows but ${y.rows} label rows`);
  if (x.rows === 0) throw new Error('no training examples');
  const { rows: n, cols: L } = y;
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
  const total = L * (folds * grid.length + 1);
  let done = 0;
  const step = () => {
    hooks.onProgress?.(++done, total);
    return hooks.shouldStop?.() ?? false;
  };

  // Out-of-fold probabilities, one rows × categories matrix per grid value.
  const oof = grid.map(() => new Float32Array(n * L));
  const chosen = new Array<number>(L).fill(grid[0]!);
  const cvScores: (number | null)[][] = [];
  const weight = new Float32Array(x.dim * L);
  const bias = new Float32Array(L);
  const iterations: number[] = [];
  const stopped = () => ({
    head: { kind: 'linear' as const, layers: [{ inputs: x.dim, outputs: L, weight, bias }] },
    thresholds: new Float64Array(L).fill(config.threshold),
    fit: fitSummary(config, grid, folds, chosen, cvScores, [], iterations, evaluations),
    cancelled: true,
  });

  // Per category, the last fold's solution at every C tried: the final fit starts from the chosen one's.
  const warm: Float64Array[][] = [];
  let evaluations = 0;
  const patience = config.patience ?? CV_PATIENCE;
  for (let j = 0; j < L; j++) {
    const labels = labelColumn(y, j);
    const weights = foldRows.map(({ train }) => weightsOf(config.classWeight, labels, train));
    // The latest solution of every fold: each fit starts from its fold's solution at the previous
    // (smaller) C, and a fold's first fit from the previous fold's (folds share most rows).
    const latest: Float64Array[] = [];
    const lastFold: Float64Array[] = [];
    const scores: (number | null)[] = [];
    let best = 0;
    for (let g = 0; g < grid.length; g++) {
      for (let f = 0; f < folds; f++) {
        const { train, held } = foldRows[f]!;
        const fit = fitLogistic(
          { x, rows: train, labels, weights: weights[f]!, c: grid[g]! },
          latest[f] ?? latest[f - 1],
          CV_LBFGS,
        );
        evaluations += fit.evaluations;
        latest[f] = fit.params;
        logisticProbabilities(x, held, fit.params, oof[g]!, L, j);
        if (step()) return stopped();
      }
      if (folds === 0) break;
      lastFold.push(latest[folds - 1]!);
      scores.push(cvScore(oof[g]!, L, j, labels, config));
      // The best defined score; ties, and a category with no defined score, keep the smaller C.
      if ((scores[g] ?? -1) > (scores[best] ?? -1)) best = g;
      else if (g - best >= patience) {
        // Past the peak: larger C only fit the training folds more closely (and cost the most).
        done += (grid.length - 1 - g) * folds;
        break;
      }
    }
    warm.push(lastFold);
    if (folds > 0) {
      cvScores.push(scores);
      chosen[j] = grid[best]!;
    }
  }

  const thresholds = new Float64Array(L).fill(config.threshold);
  if (config.thresholds === 'tuned') {
    const atChosen = new Float32Array(n * L);
    for (let j = 0; j < L; j++) {
      const g = grid.indexOf(chosen[j]!);
      for (let r = 0; r < n; r++) atChosen[r * L + j] = oof[g]![r * L + j]!;
    }
    thresholds.set(tuneThresholds(atChosen, y, config.threshold));
  }

  for (let j = 0; j < L; j++) {
    const labels = labelColumn(y, j);
    const start = warm[j]![grid.indexOf(chosen[j]!)];
    const fit = fitLogistic(
      { x, rows: all, labels, weights: weightsOf(config.classWeight, labels, all), c: chosen[j]! },
      start,
      LOGISTIC_LBFGS,
    );
    iterations.push(fit.iterations);
    evaluations += fit.evaluations;
    for (let k = 0; k < x.dim; k++) weight[k * L + j] = fit.params[k]!;
    bias[j] = fit.params[x.dim]!;
    if (step()) return stopped();
  }
  return {
    head: { kind: 'linear', layers: [{ inputs: x.dim, outputs: L, weight, bias }] },
    thresholds,
    fit: fitSummary(config, grid, folds, chosen, cvScores, [...thresholds], iterations, evaluations),
    cancelled: false,
  };
}

/** Out-of-fold F1 of category j: at its tuned threshold, or at the fixed one; null where undefined. */
function cvScore(oof: Float32Array, L: number, j: number, labels: Uint8Array, config: LogRegConfig): number | null {
  if (config.thresholds === 'fixed') return f1At(oof, L, j, labels, config.threshold);
  const column = columnOf(oof, L, j);
  const t = tuneThresholds(column, { rows: labels.length, cols: 1, values: labels }, config.threshold)[0]!;
  return f1At(column, 1, 0, labels, t);
}

/** Column j of a rows × cols matrix as a rows × 1 matrix. */
function columnOf(m: Float32Array, cols: number, j: number): Float32Array {
  const out = new Float32Array(m.length / cols);
  for (let r = 0; r < out.length; r++) out[r] = m[r * cols + j]!;
  return out;
}

function fitSummary(
  config: LogRegConfig,
  grid: number[],
  folds: number,
  chosen: number[],
  cvScores: (number | null)[][],
  thresholds: number[],
  iterations: number[],
  evaluations: number,
): LogRegFit {
  return {
    solver: 'lbfgs',
    c_choice: config.c === 'cv' ? 'cv' : 'fixed',
    // Known to the caller, who made the folds.
    fold_seed: null,
    grid,
    folds,
    c: chosen,
    cv_f1: cvScores,
    class_weight: config.classWeight,
    thresholds_from: config.thresholds === 'tuned' ? 'out-of-fold' : 'fixed',
    thresholds,
    iterations,
    evaluations,
  };
}
