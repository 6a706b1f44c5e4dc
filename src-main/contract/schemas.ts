/**
 * The engine's data contract: runtime-validated schemas with the TypeScript types derived
 * from them. The CLI's --json output, IPC and HTTP all speak these shapes.
 */
import { z } from 'zod';

export const MODEL_FAMILIES = ['llama2-chat', 'llama3-instruct', 'zephyr'] as const;
export const ModelFamilySchema = z.enum(MODEL_FAMILIES);
export type ModelFamily = z.infer<typeof ModelFamilySchema>;

export const InputFormatSchema = z.enum(['jsonl', 'csv']);

export const CategoryDeclSchema = z.object({
  name: z.string().trim().min(1),
  description: z.string().default(''),
});
export type CategoryDecl = z.infer<typeof CategoryDeclSchema>;

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export const ImportOptionsSchema = z.object({
  dataset: z.string().trim().min(1, 'dataset name must not be empty'),
  format: InputFormatSchema.optional(),
  idColumn: z.string().min(1).default('id'),
  textColumn: z.string().min(1).default('text'),
  labelsColumn: z.string().min(1).default('labels'),
  labelColumns: z.array(z.string().min(1)).optional(),
  /** Declares the allowed categories: any other label is an error. */
  categories: z.array(CategoryDeclSchema).optional(),
  description: z.string().optional(),
  maxLineBytes: z.number().int().positive().default(DEFAULT_MAX_LINE_BYTES),
});
export type ImportOptions = z.input<typeof ImportOptionsSchema>;
export type ResolvedImportOptions = z.output<typeof ImportOptionsSchema>;

export const ImportResultSchema = z.object({
  dataset: z.string(),
  file: z.string(),
  format: InputFormatSchema,
  /** Posts read from the file. */
  posts: z.number().int(),
  new: z.number().int(),
  /** Already present posts whose labels changed. */
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** All categories of the dataset after the import. */
  categories: z.array(z.string()),
  seconds: z.number(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const CategorySummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  posts: z.number().int(),
});

export const DatasetSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  posts: z.number().int(),
  categoriesLocked: z.boolean(),
  createdAt: z.string(),
  categories: z.array(CategorySummarySchema),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

export const ExportKindSchema = z.enum(['posts', 'variants']);
export const ExportOptionsSchema = z.object({
  dataset: z.string().trim().min(1),
  format: InputFormatSchema.default('jsonl'),
  kind: ExportKindSchema.default('posts'),
});
export type ExportOptions = z.input<typeof ExportOptionsSchema>;

export const ExportResultSchema = z.object({
  dataset: z.string(),
  file: z.string(),
  format: InputFormatSchema,
  kind: ExportKindSchema,
  rows: z.number().int(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

export const StoreInfoSchema = z.object({
  database: z.string(),
  schemaVersion: z.number().int(),
  sizeBytes: z.number().int(),
  counts: z.object({
    datasets: z.number().int(),
    posts: z.number().int(),
    categories: z.number().int(),
    models: z.number().int(),
    variants: z.number().int(),
    reviews: z.number().int(),
    jobs: z.number().int(),
    classifierRuns: z.number().int(),
  }),
});
export type StoreInfo = z.infer<typeof StoreInfoSchema>;

export const ValidationOptionsSchema = z.object({
  minLengthRatio: z.number().positive().default(0.3),
  maxLengthRatio: z.number().positive().default(3),
  maxOverlap: z.number().min(0).max(1).default(0.8),
});

/**
 * The reply gate's named outcomes (src-main/generate/reply-gate.ts): `accepted`, or why a model's reply
 * is not a usable rephrasing of its post. Stored with every attempt so that a researcher can audit the gate.
 */
export const GateOutcomeSchema = z.enum([
  'accepted',
  'refusal', // refuses, lectures or moralises instead of (or beside) rewriting
  'instruction_echo', // repeats or continues the instructions, or answers the post instead of rewriting it
  'alternatives', // several candidate rewrites and no single answer
  'special_tokens', // leaked chat-template tokens or role markers
  'truncated', // cut off by the token limit (finish reason "length")
  'language_mismatch', // another language or script than the source
  'garbled', // control characters, U+FFFD, word salad
  'off_topic', // fluent text unrelated to the post
  'empty', // nothing, or no words
  'verbatim', // a verbatim or near-verbatim copy of the source
  'length', // length out of the allowed range relative to the source
]);
export type GateOutcome = z.infer<typeof GateOutcomeSchema>;

/** Why a model stopped producing tokens, as OpenAI-compatible servers report it; null when unknown. */
export const FinishReasonSchema = z.enum(['stop', 'length', 'abort', 'error']).nullable();
export type FinishReason = z.infer<typeof FinishReasonSchema>;

/** What a generation job was asked to do; stored with the job so it can resume exactly. */
export const GenerationParamsSchema = z.object({
  dataset: z.string(),
  datasetId: z.number().int(),
  models: z
    .array(z.object({ modelId: z.number().int(), name: z.string(), temperature: z.number().min(0).max(2) }))
    .min(1, 'choose at least one model'),
  seed: z.number().int().min(0).default(1),
  /** Only the first N posts of the dataset (by import order). */
  limit: z.number().int().positive().optional(),
  promptTemplateId: z.number().int(),
  /** Attempts per (post, model), each with the next seed, before the variant is recorded as failed. */
  maxAttempts: z.number().int().min(1).max(20).default(3),
  validation: ValidationOptionsSchema.default({ minLengthRatio: 0.3, maxLengthRatio: 3, maxOverlap: 0.8 }),
  /** Upper bound on generated tokens; by default it follows the source's length. */
  maxTokens: z.number().int().positive().optional(),
  threads: z.number().int().positive().optional(),
  /** Default: the engine's thread policy (RunDefaults). */
  parallel: z.number().int().min(1).max(64).optional(),
  gpu: z.boolean().default(true),
});
export type GenerationParams = z.output<typeof GenerationParamsSchema>;
export type GenerationParamsInput = z.input<typeof GenerationParamsSchema>;

export const JobProgressSchema = z.object({
  job: z.number().int(),
  state: z.enum(['queued', 'running', 'paused', 'cancelled', 'failed', 'done']),
  done: z.number().int(),
  total: z.number().int(),
  failed: z.number().int(),
  tokensPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  model: z.string().optional(),
  hardware: z.string().optional(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const GenerationSummarySchema = z.object({
  job: z.number().int(),
  state: z.enum(['queued', 'running', 'paused', 'cancelled', 'failed', 'done']),
  variants: z.number().int(),
  failed: z.number().int(),
  tokens_per_second: z.number(),
  seconds: z.number(),
  models: z.array(z.object({ model: z.string(), temperature: z.number(), hardware: z.string() })),
});
export type GenerationSummary = z.infer<typeof GenerationSummarySchema>;

export const DEFAULT_SWEEP_TEMPERATURES = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/** A temperature sweep's settings, stored with its job so it can resume. */
export const SweepParamsSchema = z.object({
  sweepId: z.number().int().optional(),
  dataset: z.string(),
  datasetId: z.number().int(),
  models: z.array(z.object({ modelId: z.number().int(), name: z.string() })).min(1, 'choose at least one model'),
  sampleSize: z.number().int().positive().default(50),
  temperatures: z.array(z.number().min(0).max(2)).min(1).default(DEFAULT_SWEEP_TEMPERATURES),
  /** Variants per (post, temperature). */
  k: z.number().int().min(1).max(20).default(1),
  seed: z.number().int().min(0).default(1),
  embedder: z.string().default('tfidf'),
  maxFailureShare: z.number().min(0).max(1).optional(),
  promptTemplateId: z.number().int(),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  validation: ValidationOptionsSchema.default({ minLengthRatio: 0.3, maxLengthRatio: 3, maxOverlap: 0.8 }),
  maxTokens: z.number().int().positive().optional(),
  threads: z.number().int().positive().optional(),
  /** Default: the engine's thread policy (RunDefaults). */
  parallel: z.number().int().min(1).max(64).optional(),
  gpu: z.boolean().default(true),
});
export type SweepParams = z.output<typeof SweepParamsSchema>;
export type SweepParamsInput = z.input<typeof SweepParamsSchema>;

export const SweepPointSchema = z.object({
  temperature: z.number(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  n: z.number().int(),
  failed: z.number().int(),
  mean_length_ratio: z.number().nullable(),
});

export const SweepResultSchema = z.object({
  sweep: z.number().int(),
  job: z.number().int(),
  state: z.enum(['queued', 'running', 'paused', 'cancelled', 'failed', 'done']),
  embedder: z.string(),
  sample: z.number().int(),
  models: z.array(z.object({ model: z.string(), chosen: z.number().nullable(), points: z.array(SweepPointSchema) })),
});
export type SweepResult = z.infer<typeof SweepResultSchema>;
