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

export const TrainOptionsSchema = z.object({
  encoder: EncoderSpecSchema,
  /**
   * TF-IDF: keep only terms whose presence is related to some category by a χ² test at this
   * significance level (see classify/term-selection.ts); 'none' keeps every term.
   */
  termSelection: z.union([z.literal('none'), z.number().gt(0).lt(1)]).default(0.001),
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
  positiveWeight: PositiveWeightSchema.default('none'),
  /** 'tuned': one threshold per category, chosen for F1 on the validation part of the training data. */
  thresholds: z.enum(['fixed', 'tuned']).default('fixed'),
  threshold: z.number().gt(0).lt(1).default(0.5),
  /** Share of the training posts held out to report validation metrics every epoch (and tune thresholds). */
  validationShare: z.number().min(0).lt(1).default(0.1),
  /** Share of a dataset's original posts held out for testing. */
  testShare: z.number().gt(0).lt(1).default(0.2),
  seed: z.number().int().min(0).default(1),
});
export type TrainOptionsInput = z.input<typeof TrainOptionsSchema>;
export type TrainOptions = z.output<typeof TrainOptionsSchema>;

/** Which TF-IDF terms a run used, for settings lines. */
export function termSelectionNote(selection: TrainOptions['termSelection']): string {
  return selection === 'none' ? 'all terms' : `terms with χ² p < ${selection}`;
}

export const CategoryMetricsSchema = z.object({
  name: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  /** Test examples that carry the category. */
  support: z.number().int(),
  /** Test examples the classifier gave the category. */
  predicted: z.number().int(),
  /** No example carries the category: recall and F1 are undefined and reported as 0 (zero_division=0). */
  no_positives: z.boolean(),
  /** The classifier never gave the category: precision is undefined and reported as 0. */
  no_predictions: z.boolean(),
});
export type CategoryMetrics = z.infer<typeof CategoryMetricsSchema>;

export const ClassifierMetricsSchema = z.object({
  macro_f1: z.number(),
  micro_f1: z.number(),
  weighted_f1: z.number(),
  samples_f1: z.number(),
  micro_precision: z.number(),
  micro_recall: z.number(),
  /** Share of examples whose predicted label set equals the true one. */
  subset_accuracy: z.number(),
  /** Share of (example, category) decisions that are wrong. */
  hamming_loss: z.number(),
  examples: z.number().int(),
  categories: z.array(CategoryMetricsSchema),
});
export type ClassifierMetrics = z.infer<typeof ClassifierMetricsSchema>;

export const EpochReportSchema = z.object({
  epoch: z.number().int(),
  epochs: z.number().int(),
  /** Mean training loss over the epoch's batches. */
  loss: z.number(),
  validation: z.object({ loss: z.number(), micro_f1: z.number(), macro_f1: z.number() }).nullable(),
  seconds: z.number(),
});
export type EpochReport = z.infer<typeof EpochReportSchema>;

/** Where training or test examples come from: a dataset's originals, one model's variants, all variants, or a file. */
export const SOURCE_ORIGINAL = 'original';
export const SOURCE_ALL_SYNTHETIC = 'synthetic:all';
export const syntheticSource = (model: string) => `synthetic:${model}`;

export const TrainResultSchema = ClassifierMetricsSchema.extend({
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
  categories: z.array(z.string()),
  /** One per category, in the same order: a category is predicted at or above its threshold. */
  thresholds: z.array(z.number()),
  predictions: z.array(
    z.object({ text: z.string(), labels: z.array(z.string()), scores: z.record(z.string(), z.number()) }),
  ),
});
export type PredictionReport = z.infer<typeof PredictionReportSchema>;
