/**
 * A multi-label classifier: an encoder, a trained head and one threshold per category; and
 * training one from labelled texts (validation split, encoding, head training in a worker,
 * optional threshold tuning).
 */
import {
  C_GRID,
  DEFAULT_LEARNING_RATE,
  type ClassifierMetrics,
  type EpochReport,
  type LogRegFit,
  type ResolvedTrainOptions,
} from '../contract/classify-schemas.js';
import type { EncoderSource, FeatureEncoder } from './features.js';
import { headProbabilities, type HeadParams } from './head.js';
import { labelMatrix, labelsOfRow, type LabelMatrix } from './matrices.js';
import { evaluate } from './metrics.js';
import type { StoredClassifier } from './model-blob.js';
import { groupedFolds, groupedSplit } from './split.js';
import { applyThresholds, tuneThresholds } from './thresholds.js';
import { trainInWorker } from './trainer.js';

export interface LabelledText {
  text: string;
  labels: readonly string[];
  /** Source post: texts of one group (a post and its variants) stay on one side of every split. */
  group?: number;
}

export interface Prediction {
  labels: string[];
  /** Probability per category. */
  scores: Record<string, number>;
}

export class Classifier {
  constructor(
    readonly categories: readonly string[],
    readonly encoder: FeatureEncoder,
    readonly head: HeadParams,
    readonly thresholds: Float64Array,
    /** Training positives per category, where known: evaluate() flags categories with too few. */
    readonly trainSupport?: readonly number[],
  ) {}

  /** Per-category probabilities (texts × categories, row-major). */
  async probabilities(texts: readonly string[]): Promise<Float32Array> {
    return headProbabilities(this.head, await this.encoder.encode(texts));
  }

  async labelMatrix(texts: readonly string[]): Promise<LabelMatrix> {
    return applyThresholds(await this.probabilities(texts), this.thresholds);
  }

  async predict(texts: readonly string[]): Promise<Prediction[]> {
    const p = await this.probabilities(texts);
    const predicted = applyThresholds(p, this.thresholds);
    const n = this.categories.length;
    return texts.map((_, r) => ({
      labels: labelsOfRow(predicted, r, this.categories),
      scores: Object.fromEntries(this.categories.map((c, j) => [c, p[r * n + j]!])),
    }));
  }

  async evaluate(examples: readonly LabelledText[]): Promise<ClassifierMetrics> {
    const truth = labelMatrix(
      examples.map((e) => e.labels),
      this.categories,
    );
    return evaluate(truth, await this.labelMatrix(examples.map((e) => e.text)), this.categories, this.trainSupport);
  }

  stored(): StoredClassifier {
    return {
      categories: [...this.categories],
      thresholds: this.thresholds,
      encoder: this.encoder.state(),
      head: this.head,
    };
  }
}

export class TrainingCancelledError extends Error {
  override name = 'TrainingCancelledError';
  constructor() {
    super('training was cancelled');
  }
}

export interface TrainingContext {
  encoders: EncoderSource;
  onEpoch?(report: EpochReport): void;
  signal?: AbortSignal;
}

export interface TrainedClassifier {
  classifier: Classifier;
  history: EpochReport[];
  trainSize: number;
  validationSize: number;
  /** L-BFGS: chosen C per category, folds and thresholds; null for AdamW. */
  fit: LogRegFit | null;
}

/** Positives per category (column sums). */
function columnSums(y: LabelMatrix): number[] {
  const sums = new Array<number>(y.cols).fill(0);
  for (let i = 0; i < y.values.length; i++) sums[i % y.cols]! += y.values[i]!;
  return sums;
}

/** Loss weight of positives per category, from the option and the training labels. */
export function positiveWeights(setting: ResolvedTrainOptions['positiveWeight'], y: LabelMatrix): Float64Array | null {
  if (setting === 'none') return null;
  if (typeof setting === 'number') return new Float64Array(y.cols).fill(setting);
  // 'balanced': negatives / positives, the usual choice for BCEWithLogitsLoss's pos_weight.
  const weights = new Float64Array(y.cols);
  for (let j = 0; j < y.cols; j++) {
    let positives = 0;
    for (let r = 0; r < y.rows; r++) positives += y.values[r * y.cols + j]!;
    weights[j] = positives === 0 ? 1 : (y.rows - positives) / positives;
  }
  return weights;
}

/**
 * Trains a classifier on `train`. A stratified `validationShare` of it (whole groups) is held
 * out: it gives the per-epoch validation metrics and, with thresholds 'tuned', the thresholds;
 * the encoder is fitted on the rest only.
 */
export async function trainClassifier(
  categories: readonly string[],
  train: readonly LabelledText[],
  options: ResolvedTrainOptions,
  ctx: TrainingContext,
): Promise<TrainedClassifier> {
  return options.solver === 'lbfgs'
    ? trainLogRegClassifier(categories, train, options, ctx)
    : trainAdamWClassifier(categories, train, options, ctx);
}

/**
 * L-BFGS logistic regression (logreg-cv.ts): TF-IDF fitted on all training texts, C and
 * thresholds chosen by cross-validation over whole groups of the training texts, then the
 * head refitted on all of them. No validation share is held out: the folds take its place.
 */
async function trainLogRegClassifier(
  categories: readonly string[],
  train: readonly LabelledText[],
  options: ResolvedTrainOptions,
  ctx: TrainingContext,
): Promise<TrainedClassifier> {
  if (!train.length) throw new Error('no training examples');
  const y = labelMatrix(
    train.map((e) => e.labels),
    categories,
  );
  const encoder = await ctx.encoders.fit({
    texts: train.map((e) => e.text),
    labels: y,
    termSelection: options.termSelection,
  });
  const items = train.map((e, i) => ({ group: e.group ?? -(i + 1), labels: e.labels }));
  const needFolds = options.c === 'cv' || options.thresholds === 'tuned';
  const groups = new Set(items.map((i) => i.group)).size;
  if (needFolds && groups < 2)
    throw new Error(
      `choosing C or tuning thresholds by cross-validation needs at least 2 training posts, got ${groups}`,
    );
  // Fewer posts than folds: one post per fold (leave-one-out).
  const foldOf = needFolds ? groupedFolds(items, Math.min(options.cvFolds, groups), options.seed + 1) : null;
  const classWeight = options.positiveWeight;
  const outcome = await trainInWorker(
    { x: await encoder.encode(train.map((e) => e.text)), y, validation: null },
    {
      solver: 'lbfgs',
      config: {
        c: options.c,
        grid: C_GRID,
        foldOf,
        classWeight,
        thresholds: options.thresholds,
        threshold: options.threshold,
      },
    },
    ctx.signal ? { signal: ctx.signal } : {},
  );
  if (outcome.cancelled) throw new TrainingCancelledError();
  const logreg = outcome.logreg!;
  return {
    classifier: new Classifier(categories, encoder, outcome.head, logreg.thresholds, columnSums(y)),
    history: [],
    trainSize: train.length,
    validationSize: 0,
    fit: { ...logreg.fit, fold_seed: foldOf ? options.seed + 1 : null },
  };
}

/** The seed protocol: mini-batch AdamW for a fixed number of epochs (train-loop.ts). */
async function trainAdamWClassifier(
  categories: readonly string[],
  train: readonly LabelledText[],
  options: ResolvedTrainOptions,
  ctx: TrainingContext,
): Promise<TrainedClassifier> {
  const items = train.map((e, i) => ({ group: e.group ?? -(i + 1), labels: e.labels }));
  // A seed of its own, so the validation split is not a copy of the test split's choices.
  const split =
    options.validationShare > 0
      ? groupedSplit(items, options.validationShare, options.seed + 1)
      : { train: items.map((_, i) => i), test: [] };
  const fit = split.train.map((i) => train[i]!);
  const validation = split.test.map((i) => train[i]!);
  if (!fit.length) throw new Error('no training examples');
  if (options.thresholds === 'tuned' && !validation.length) {
    throw new Error(
      'tuned thresholds need a validation part: set a validation share above 0 (and have enough training posts)',
    );
  }

  const y = labelMatrix(
    fit.map((e) => e.labels),
    categories,
  );
  const encoder = await ctx.encoders.fit({
    texts: fit.map((e) => e.text),
    labels: y,
    termSelection: options.termSelection,
  });
  const validationData = validation.length
    ? {
        x: await encoder.encode(validation.map((e) => e.text)),
        y: labelMatrix(
          validation.map((e) => e.labels),
          categories,
        ),
      }
    : null;
  const positiveWeight = positiveWeights(options.positiveWeight, y);
  const outcome = await trainInWorker(
    { x: await encoder.encode(fit.map((e) => e.text)), y, validation: validationData },
    {
      solver: 'adamw',
      config: {
        head: options.head,
        hidden: options.hidden,
        epochs: options.epochs,
        batchSize: options.batchSize,
        lr: options.lr ?? DEFAULT_LEARNING_RATE[options.head],
        weightDecay: options.weightDecay,
        seed: options.seed,
        positiveWeight,
      },
    },
    { ...(ctx.onEpoch ? { onEpoch: ctx.onEpoch } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );
  if (outcome.cancelled) throw new TrainingCancelledError();

  const thresholds =
    options.thresholds === 'tuned' && validationData
      ? tuneThresholds(headProbabilities(outcome.head, validationData.x), validationData.y, options.threshold)
      : new Float64Array(categories.length).fill(options.threshold);
  return {
    classifier: new Classifier(categories, encoder, outcome.head, thresholds, columnSums(y)),
    history: outcome.history,
    trainSize: fit.length,
    validationSize: validation.length,
    fit: null,
  };
}
