/**
 * The classifier's data contract: training options, metrics, per-epoch progress, run and
 * experiment results. The CLI's --json output (and later HTTP and IPC) speak these shapes;
 * result keys are snake_case like the rest of the engine's JSON.
 */
import { z } from 'zod';
import { VariantSetCountsSchema } from './variant-set-schemas.js';

export const HEAD_KINDS = ['linear', 'mlp'] as const;
export const HeadKindSchema = z.enum(HEAD_KINDS);
export type HeadKind = z.infer<typeof HeadKindSchema>;

/**
 * Learning rates used when none is given. AdamW moves a weight by about `lr` per update
 * whatever the gradient's scale. The linear head starts at zero and needs weights of several
 * units to give confident logits from unit-length features: 1e-3 left it under-fitted after 50
 * epochs (training micro F1 0.12 on 8,000 generated posts). Over χ²-selected TF-IDF terms, 3e-2
 * beat 1e-2 on the sample dataset (bench:train --file, five splits: macro F1 0.338 against
 * 0.290) and lost on the generated corpus (0.805 against 0.835); on dense features the two
 * tie (0.702 and 0.705). The MLP's
 * hidden layer multiplies each step's effect, so it takes Adam's usual 1e-3 (3e-4 did alike).
 */
export const DEFAULT_LEARNING_RATE: Readonly<Record<HeadKind, number>> = { linear: 3e-2, mlp: 1e-3 };

/** `tfidf` (built in) or `onnx:DIR`, a local BERT-family model folder exported to ONNX. */
export const EncoderSpecSchema = z
  .string()
  .regex(/^(tfidf|onnx:.+)$/, 'use tfidf or onnx:DIR')
  .default('tfidf');

/** Weight of positive examples in the loss: none, balanced (negatives/positives per category) or one number. */
export const PositiveWeightSchema = z.union([z.enum(['none', 'balanced']), z.number().positive()]);
export type PositiveWeight = z.infer<typeof PositiveWeightSchema>;

/**
 * How the linear head is trained: 'lbfgs' is L2-regularised logistic regression per category fitted
 * to convergence by L-BFGS (C by cross-validation, class weighting, thresholds tuned out of fold);
 * 'adamw' is the seed protocol (mini-batch AdamW for a fixed number of epochs). The MLP head has
 * only 'adamw'.
 */
export const SOLVERS = ['lbfgs', 'adamw'] as const;
export const SolverSchema = z.enum(SOLVERS);
export type Solver = z.infer<typeof SolverSchema>;

/** The C values cross-validation chooses from (scikit-learn's C: inverse regularisation strength). */
export const C_GRID: readonly number[] = [0.25, 0.5, 1, 2, 4, 8, 16];

export const TrainOptionsSchema = z.object({
  encoder: EncoderSpecSchema,
  /**
   * TF-IDF: keep only terms whose presence is related to some category by a χ² test at this
   * significance level (see classify/term-selection.ts); 'none' keeps every term. Default: none
   * with L-BFGS, 0.001 with AdamW (resolveTrainOptions).
   */
  termSelection: z.union([z.literal('none'), z.number().gt(0).lt(1)]).optional(),
  /** Default: lbfgs for the linear head, adamw for the MLP. */
  solver: SolverSchema.optional(),
  /** L-BFGS: the inverse regularisation strength, or 'cv' to choose it per category from C_GRID. */
  c: z.union([z.literal('cv'), z.number().positive()]).default('cv'),
  /**
   * L-BFGS: folds of the cross-validation that chooses C and tunes thresholds. 3 by default: on
   * offmychest, 5 folds took twice the fits for test macro F1 0.705 against 0.700 (README, bench:train).
   */
  cvFolds: z.number().int().min(2).max(20).default(3),
  /** ONNX encoders: the <s>/[CLS] token's vector or the mean over tokens. */
  pooling: z.enum(['mean', 'cls']).default('mean'),
  /** ONNX encoders: onnxruntime's execution provider; 'cuda' needs its CUDA build, which 'auto' uses where installed. */
  device: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
  threads: z.number().int().positive().optional(),
  head: HeadKindSchema.default('linear'),
  /** Hidden units of the MLP head. */
  hidden: z.number().int().positive().default(128),
  epochs: z.number().int().positive().default(50),
  batchSize: z.number().int().positive().default(8),
  weightDecay: z.number().min(0).default(0.01),
  /** Default: DEFAULT_LEARNING_RATE for the head. */
  lr: z.number().positive().optional(),
  /** Default: balanced with L-BFGS (scikit-learn's class_weight='balanced'), none with AdamW. */
  positiveWeight: PositiveWeightSchema.optional(),
  /**
   * 'tuned': one threshold per category, chosen for F1 on held-out training posts (L-BFGS: the
   * out-of-fold predictions of the cross-validation; AdamW: the validation share). Default: tuned
   * with L-BFGS, fixed with AdamW.
   */
  thresholds: z.enum(['fixed', 'tuned']).optional(),
  threshold: z.number().gt(0).lt(1).default(0.5),
  /** Share of the training posts held out to report validation metrics every epoch (and tune thresholds). */
  validationShare: z.number().min(0).lt(1).default(0.1),
  /** Share of a dataset's original posts held out for testing. */
  testShare: z.number().gt(0).lt(1).default(0.2),
  seed: z.number().int().min(0).default(1),
});
export type TrainOptionsInput = z.input<typeof TrainOptionsSchema>;
export type TrainOptions = z.output<typeof TrainOptionsSchema>;

/** Training options with the solver-dependent defaults filled in: what a run records. */
export type ResolvedTrainOptions = TrainOptions & {
  solver: Solver;
  termSelection: 'none' | number;
  positiveWeight: PositiveWeight;
  thresholds: 'fixed' | 'tuned';
};

/**
 * Fills the defaults that depend on the solver. L-BFGS over every TF-IDF term with balanced
 * class weights and out-of-fold thresholds is the default (README, bench:train: it beats
 * scikit-learn's reference on offmychest); AdamW keeps the seed protocol's settings. An MLP head
 * with solver lbfgs is an error.
 */
export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  const solver = options.solver ?? (options.head === 'mlp' ? 'adamw' : 'lbfgs');
  if (solver === 'lbfgs' && options.head !== 'linear')
    throw new Error('solver lbfgs fits the linear head only: use --solver adamw with --head mlp');
  const lbfgs = solver === 'lbfgs';
  return {
    ...options,
    solver,
    termSelection: options.termSelection ?? (lbfgs ? 'none' : 0.001),
    positiveWeight: options.positiveWeight ?? (lbfgs ? 'balanced' : 'none'),
    thresholds: options.thresholds ?? (lbfgs ? 'tuned' : 'fixed'),
  };
}

/** Training posts below which a run is flagged as too small to mean much. */
export const MIN_TRAINING_POSTS = 30;
/** Training positives below which a category's result is flagged as too thin to mean much. */
export const MIN_CATEGORY_POSITIVES = 5;

/**
 * What the method is, in words for users: the encoder (TF-IDF, or a frozen pre-trained encoder
 * that is not fine-tuned) and how the head was trained.
 */
export function methodName(options: ResolvedTrainOptions): string {
  const onnx = options.encoder.startsWith('onnx:');
  const features = onnx
    ? `frozen ${options.encoder.slice('onnx:'.length).split(/[\\/]/).filter(Boolean).pop() ?? 'ONNX'} encoder (not fine-tuned)`
    : 'TF-IDF';
  if (options.solver === 'lbfgs') {
    const c = options.c === 'cv' ? `C by ${options.cvFolds}-fold CV` : `C = ${options.c}`;
    return `${features} + logistic regression (L-BFGS, ${c})`;
  }
  const head = options.head === 'mlp' ? `MLP head (${options.hidden} hidden units)` : 'linear head';
  return `${features} + trained ${head} (AdamW, ${options.epochs} epochs, batch ${options.batchSize}, weight decay ${options.weightDecay})`;
}

/** How an L-BFGS logistic-regression head was fitted, stored with its run. */
export const LogRegFitSchema = z.object({
  solver: z.literal('lbfgs'),
  c_choice: z.enum(['cv', 'fixed']),
  /** The C values tried, ascending. */
  grid: z.array(z.number()),
  /** Cross-validation folds (0 when neither C nor the thresholds needed them). */
  folds: z.number().int(),
  /** Seed of the folds' iterative stratification (the run's seed + 1); null where no folds were made. */
  fold_seed: z.number().int().nullable().default(null),
  /** The C of each category, in category order. */
  c: z.array(z.number()),
  /**
   * Per category, the out-of-fold F1 of each C of the grid tried, in grid order; null where undefined (no positive,
   * none predicted). Shorter than the grid where the path stopped past the best C (classify/logreg-cv.ts).
   */
  cv_f1: z.array(z.array(z.number().nullable())),
  class_weight: PositiveWeightSchema,
  thresholds_from: z.enum(['out-of-fold', 'fixed']),
  thresholds: z.array(z.number()),
  /** L-BFGS iterations of each category's final fit. */
  iterations: z.array(z.number().int()),
  /** Objective evaluations of all fits together (cross-validation included): the work done, whatever the machine's load. */
  evaluations: z.number().int(),
});
export type LogRegFit = z.infer<typeof LogRegFitSchema>;

/** Which TF-IDF terms a run used, for settings lines. */
export function termSelectionNote(selection: TrainOptions['termSelection']): string {
  return selection === 'none' ? 'all terms' : `terms with χ² p < ${selection}`;
}

/**
 * One category's test metrics. Undefined is not zero: precision is null when the classifier
 * never gave the category (TP + FP = 0), recall when no test example carries it (TP + FN = 0),
 * F1 when both hold (TP + FP + FN = 0: the category cannot be evaluated on this test set).
 */
export const CategoryMetricsSchema = z.object({
  name: z.string(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  f1: z.number().nullable(),
  /** Test examples that carry the category. */
  support: z.number().int(),
  /** Test examples the classifier gave the category. */
  predicted: z.number().int(),
  /** No test example carries the category: recall is undefined. */
  no_positives: z.boolean(),
  /** The classifier never gave the category: precision is undefined. */
  no_predictions: z.boolean(),
  /** Training examples that carry the category; null where unknown (runs stored before it was recorded). */
  train_support: z.number().int().nullable().default(null),
  /** Fewer than MIN_CATEGORY_POSITIVES training examples carry the category: its result means little. */
  few_examples: z.boolean().default(false),
});
export type CategoryMetrics = z.infer<typeof CategoryMetricsSchema>;

/**
 * Aggregates over categories and examples; null where undefined. Macro F1 averages the
 * categories whose F1 is defined; `not_evaluable` names those left out.
 */
export const ClassifierMetricsSchema = z.object({
  macro_f1: z.number().nullable(),
  micro_f1: z.number().nullable(),
  /** Support-weighted mean of the defined per-category F1s; null when no test example has a label. */
  weighted_f1: z.number().nullable(),
  /** Mean per-example F1 over examples with a true or a predicted label (undefined for the others). */
  samples_f1: z.number().nullable(),
  micro_precision: z.number().nullable(),
  micro_recall: z.number().nullable(),
  /** Share of examples whose predicted label set equals the true one. */
  subset_accuracy: z.number().nullable(),
  /** Share of (example, category) decisions that are wrong. */
  hamming_loss: z.number().nullable(),
  examples: z.number().int(),
  /** Categories whose F1 is undefined on this test set (no test example, no prediction): left out of macro F1. */
  not_evaluable: z.array(z.string()).default([]),
  categories: z.array(CategoryMetricsSchema),
});
export type ClassifierMetrics = z.infer<typeof ClassifierMetricsSchema>;

export const EpochReportSchema = z.object({
  epoch: z.number().int(),
  epochs: z.number().int(),
  /** Mean training loss over the epoch's batches. */
  loss: z.number(),
  validation: z
    .object({ loss: z.number(), micro_f1: z.number().nullable(), macro_f1: z.number().nullable() })
    .nullable(),
  seconds: z.number(),
});
export type EpochReport = z.infer<typeof EpochReportSchema>;

/** Where training or test examples come from: a dataset's originals, one model's variants, all variants, or a file. */
export const SOURCE_ORIGINAL = 'original';
export const SOURCE_ALL_SYNTHETIC = 'synthetic:all';
export const syntheticSource = (model: string) => `synthetic:${model}`;

/**
 * How a run was made, stored with it (metrics_json) and shown with its results. Defaults read
 * runs stored before these were recorded.
 */
export const RunProvenanceSchema = z.object({
  /** The method in words (methodName). */
  method: z.string().default(''),
  /** The L-BFGS fit: chosen C per category, folds, out-of-fold thresholds; null for AdamW. */
  fit: LogRegFitSchema.nullable().default(null),
  /** Fewer than MIN_TRAINING_POSTS training examples: the run's results mean little. */
  small_training_set: z.boolean().default(false),
  /** Seed of the test split (datasets), the validation split and the folds. */
  seed: z.number().int().nullable().default(null),
  /** Ids of the dataset posts held out for testing (their variants follow them); null for a pair of files. */
  test_posts: z.array(z.number().int()).nullable().default(null),
});
export type RunProvenance = z.infer<typeof RunProvenanceSchema>;

export const TrainResultSchema = ClassifierMetricsSchema.extend({
  ...RunProvenanceSchema.shape,
  run: z.number().int(),
  dataset: z.string().nullable(),
  train_source: z.string(),
  test_source: z.string(),
  encoder: z.string(),
  head: HeadKindSchema,
  train_size: z.number().int(),
  validation_size: z.number().int(),
  test_size: z.number().int(),
  thresholds: z.array(z.number()),
  history: z.array(EpochReportSchema),
  seconds: z.number(),
});
export type TrainResult = z.infer<typeof TrainResultSchema>;

/**
 * The experiments of the study: (a) originals → originals, (b) each model's variants → the same
 * model's variants, (c) all variants → all variants, (d) synthetic → held-out originals (TSTR),
 * (e) originals → synthetic.
 */
export const ExperimentKindSchema = z.enum(['a', 'b', 'c', 'd', 'e']);
export type ExperimentKind = z.infer<typeof ExperimentKindSchema>;

export const ExperimentRunSchema = z.object({
  run: z.number().int(),
  experiment: ExperimentKindSchema,
  train_source: z.string(),
  test_source: z.string(),
  train_size: z.number().int(),
  test_size: z.number().int(),
  /** The run that trained the head this evaluation uses (itself when it trained one). */
  head_run: z.number().int(),
  /** How that head was fitted (L-BFGS: C per category, folds, thresholds); null for AdamW. */
  fit: LogRegFitSchema.nullable().default(null),
  metrics: ClassifierMetricsSchema,
});
export type ExperimentRun = z.infer<typeof ExperimentRunSchema>;

/**
 * Label retention: the head trained on originals, applied to the variants of held-out posts.
 * Of the variants whose source carries the category, the share the classifier still tags with
 * it; beside it, the same share on the sources themselves (the classifier's own ceiling) and
 * the share of variants tagged although their source lacks the category (a classifier that tags
 * everything would "retain" everything).
 */
export const LabelRetentionSchema = z.object({
  source: z.string(),
  category: z.string(),
  /** Variants whose source post carries the category. */
  sources: z.number().int(),
  /** Of those, variants the classifier tags with the category. */
  retained: z.number().int(),
  share: z.number().nullable(),
  /** Of the same source posts, those the classifier tags with the category. */
  source_detected: z.number().int(),
  source_share: z.number().nullable(),
  /** Variants whose source post lacks the category. */
  others: z.number().int(),
  /** Of those, variants the classifier tags with the category all the same. */
  spurious: z.number().int(),
  spurious_share: z.number().nullable(),
});
export type LabelRetention = z.infer<typeof LabelRetentionSchema>;

export const ExperimentResultSchema = z.object({
  experiment: z.number().int(),
  dataset: z.string(),
  encoder: z.string(),
  head: HeadKindSchema,
  /** The method in words (methodName), e.g. "TF-IDF + logistic regression (L-BFGS, C by 3-fold CV)". */
  method: z.string().default(''),
  options: TrainOptionsSchema,
  split: z.object({ seed: z.number().int(), train_posts: z.number().int(), test_posts: z.number().int() }),
  models: z.array(z.string()),
  /** The variants trained and tested on (synthetic set by default); null for experiments stored before sets were recorded. */
  variant_set: VariantSetCountsSchema.nullable(),
  runs: z.array(ExperimentRunSchema),
  /** Runs that could not be made, e.g. a model with no variants on one side of the split. */
  skipped: z.array(
    z.object({
      experiment: ExperimentKindSchema,
      train_source: z.string(),
      test_source: z.string(),
      reason: z.string(),
    }),
  ),
  retention: z.array(LabelRetentionSchema),
  seconds: z.number(),
});
export type ExperimentResult = z.infer<typeof ExperimentResultSchema>;

/** Labels of new texts from a stored run: `synthlab predict --json` and the API's classifier.predict. */
export const PredictionReportSchema = z.object({
  run: z.number().int(),
  encoder: z.string(),
  head: z.string(),
  /** The method in words (methodName); empty for runs stored before it was recorded. */
  method: z.string().default(''),
  categories: z.array(z.string()),
  /** One per category, in the same order: a category is predicted at or above its threshold. */
  thresholds: z.array(z.number()),
  predictions: z.array(
    z.object({ text: z.string(), labels: z.array(z.string()), scores: z.record(z.string(), z.number()) }),
  ),
});
export type PredictionReport = z.infer<typeof PredictionReportSchema>;
