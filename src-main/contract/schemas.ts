/**
 * The engine's data contract: runtime-validated schemas with the TypeScript types derived
 * from them. The CLI's --json output, IPC and HTTP all speak these shapes.
 */
import { z } from 'zod';
import { VariantSetCountsSchema, VariantSetSchema } from './variant-set-schemas.js';

export const MODEL_FAMILIES = ['llama2-chat', 'llama3-instruct', 'zephyr'] as const;
export const ModelFamilySchema = z.enum(MODEL_FAMILIES);
export type ModelFamily = z.infer<typeof ModelFamilySchema>;

/** Formats an export writes (and an import reads back). */
export const InputFormatSchema = z.enum(['jsonl', 'csv']);
/**
 * Formats an import reads: JSONL/NDJSON, CSV (and TSV), a JSON array (an X/Twitter archive's
 * `tweets.js` with its `window.YTD… =` prefix included) and Parquet.
 */
export const ImportFormatSchema = z.enum(['jsonl', 'csv', 'json', 'parquet']);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;
/** CSV field delimiters an import detects from the header, or is told. */
export const CsvDelimiterSchema = z.enum(['comma', 'semicolon', 'tab', 'pipe']);
export type CsvDelimiter = z.infer<typeof CsvDelimiterSchema>;
/**
 * An ISO 3166-1 alpha-2 region ("FR", "us"), upper-cased: where a dataset's posts come from, for
 * phone numbers written without a country code and the day/month order of numeric dates.
 */
export const RegionSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'a region is a two-letter ISO 3166-1 code such as FR, DE, GB, US, IN, BR or JP')
  .transform((r) => r.toUpperCase());

/** Field mappings of known dumps: Reddit/Pushshift comments and submissions, X/Twitter exports. */
export const ImportPresetSchema = z.enum(['reddit', 'twitter']);
export type ImportPreset = z.infer<typeof ImportPresetSchema>;

export const CategoryDeclSchema = z.object({
  name: z.string().trim().min(1),
  description: z.string().default(''),
});
export type CategoryDecl = z.infer<typeof CategoryDeclSchema>;

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export const ImportOptionsSchema = z.object({
  dataset: z.string().trim().min(1, 'dataset name must not be empty'),
  format: ImportFormatSchema.optional(),
  /** CSV column or JSON/Parquet field (a dotted path such as "tweet.id_str" in JSON) of each part of a post. */
  idColumn: z.string().min(1).default('id'),
  textColumn: z.string().min(1).default('text'),
  labelsColumn: z.string().min(1).default('labels'),
  /** CSV: force the delimiter instead of detecting it from the header. */
  delimiter: CsvDelimiterSchema.optional(),
  /** Labels cells: the one separator between names (e.g. ","); default ";" or "|". */
  labelSeparator: z.string().min(1).optional(),
  /** Reddit/Pushshift or X/Twitter field mapping; the column options still override it where given. */
  preset: ImportPresetSchema.optional(),
  /**
   * Ill-formed Unicode (invalid UTF-8 bytes, lone surrogates from JSON escapes) is refused with
   * its place unless this is set; then each bad sequence is stored as U+FFFD.
   */
  replaceInvalid: z.boolean().default(false),
  /** Sets the dataset's default region (kept for later imports and audits). */
  region: RegionSchema.optional(),
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
  format: ImportFormatSchema,
  /** Posts read from the file. */
  posts: z.number().int(),
  new: z.number().int(),
  /** Already present posts whose labels changed. */
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** All categories of the dataset after the import. */
  categories: z.array(z.string()),
  /** Records deliberately left out, by reason (e.g. "[deleted]": 3). */
  skipped: z.record(z.string(), z.number().int()).default({}),
  /** Ill-formed sequences stored as U+FFFD (only with replaceInvalid). */
  replacedInvalid: z.number().int().default(0),
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
  /** With kind 'variants': which set (the synthetic set unless told otherwise). */
  variantSet: VariantSetSchema.default('synthetic'),
});
export type ExportOptions = z.input<typeof ExportOptionsSchema>;

export const ExportResultSchema = z.object({
  dataset: z.string(),
  file: z.string(),
  format: InputFormatSchema,
  kind: ExportKindSchema,
  rows: z.number().int(),
  /** The variants written and their counts; null for a posts export. */
  variant_set: VariantSetCountsSchema.nullable(),
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

/**
 * What one attempt at a rephrasing came to: the gate's outcome, or `error` when the call itself failed
 * (an HTTP 4xx/5xx after the backend's retries, a thrown error) and there was no reply to judge.
 */
export const AttemptOutcomeSchema = z.union([GateOutcomeSchema, z.literal('error')]);
export type AttemptOutcome = z.infer<typeof AttemptOutcomeSchema>;

/** How many times one outcome occurred. */
export const OutcomeCountSchema = z.object({ outcome: AttemptOutcomeSchema, n: z.number().int() });
export type OutcomeCount = z.infer<typeof OutcomeCountSchema>;

/**
 * Attempts per (model, temperature) of a job or sweep by outcome: every attempt, accepted or not, so that
 * the gate can be audited. `acceptedShare` is accepted / attempts that got a reply (errors excluded); null
 * when there were none.
 */
export const OutcomeTableRowSchema = z.object({
  model: z.string(),
  temperature: z.number(),
  attempts: z.number().int(),
  accepted: z.number().int(),
  errors: z.number().int(),
  acceptedShare: z.number().nullable(),
  /** Variants (final rows) of this model and temperature, and how many of them failed. */
  variants: z.number().int(),
  failedVariants: z.number().int(),
  outcomes: z.array(OutcomeCountSchema),
});
export type OutcomeTableRow = z.infer<typeof OutcomeTableRowSchema>;

/** Default for GenerationParams.maxFailuresInRow: posts failing in a row (per model) that stop a job. */
export const DEFAULT_MAX_FAILURES_IN_ROW = 5;
/** Default for SweepParams.minAcceptedShare: a temperature must have at least this share of replies accepted. */
export const DEFAULT_MIN_ACCEPTED_SHARE = 0.8;

/** How each post is generated, shared by generation jobs and sweeps (stored with the job so it resumes exactly). */
const GenerationRunFields = {
  /** Attempts per (post, model), each with the next seed, before the variant is recorded as failed. */
  maxAttempts: z.number().int().min(1).max(20).default(3),
  validation: ValidationOptionsSchema.default({ minLengthRatio: 0.3, maxLengthRatio: 3, maxOverlap: 0.8 }),
  /** Upper bound on generated tokens; by default it follows the source's length. */
  maxTokens: z.number().int().positive().optional(),
  /**
   * A model whose calls fail (HTTP error, thrown error; not gate rejections) on this many posts in a row
   * stops the job; a single failing post only gets a failed row.
   */
  maxFailuresInRow: z.number().int().min(1).max(1000).default(DEFAULT_MAX_FAILURES_IN_ROW),
  threads: z.number().int().positive().optional(),
  /** Default: the engine's thread policy (RunDefaults). */
  parallel: z.number().int().min(1).max(64).optional(),
  gpu: z.boolean().default(true),
};

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
  ...GenerationRunFields,
});
export type GenerationParams = z.output<typeof GenerationParamsSchema>;
export type GenerationParamsInput = z.input<typeof GenerationParamsSchema>;

export const JobProgressSchema = z.object({
  job: z.number().int(),
  state: z.enum(['queued', 'running', 'paused', 'cancelled', 'failed', 'done']),
  done: z.number().int(),
  total: z.number().int(),
  failed: z.number().int(),
  /** Output tokens per second of this run; null while unknown (no token counts, e.g. HTTP replies without usage). */
  tokensPerSecond: z.number().nullable(),
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
  /** Null when token usage is unknown. */
  tokens_per_second: z.number().nullable(),
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
  /** A temperature is only chosen when at least this share of its replies passed the gate (0–1). */
  minAcceptedShare: z.number().min(0).max(1).default(DEFAULT_MIN_ACCEPTED_SHARE),
  promptTemplateId: z.number().int(),
  ...GenerationRunFields,
});
export type SweepParams = z.output<typeof SweepParamsSchema>;
export type SweepParamsInput = z.input<typeof SweepParamsSchema>;

/** One (model, temperature) of a sweep. Similarity statistics are over accepted variants only. */
export const SweepPointSchema = z.object({
  temperature: z.number(),
  /** Mean cosine similarity of the accepted variants to their sources; null with none. */
  mean: z.number().nullable(),
  std: z.number().nullable(),
  /** 95% t interval of the mean, clamped to the cosine's range [-1, 1]; null below two accepted variants. */
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  /** Accepted variants. */
  n: z.number().int(),
  /** Failed variants (no attempt accepted). */
  failed: z.number().int(),
  mean_length_ratio: z.number().nullable(),
  /** Attempts (each model reply, retries included) and the accepted share of those that got a reply. */
  attempts: z.number().int().default(0),
  accepted_share: z.number().nullable().default(null),
  /** Attempts by outcome other than accepted (gate rejections and call errors). */
  rejections: z.array(OutcomeCountSchema).default([]),
});
export type SweepPointView = z.infer<typeof SweepPointSchema>;

/**
 * How a model's temperature was chosen: `chosen` null with `reason` saying why when no temperature
 * qualified; `significant` false when the chosen point's 95% CI overlaps the runner-up's.
 */
export const SweepChoiceSchema = z.object({
  chosen: z.number().nullable(),
  runnerUp: z.number().nullable(),
  /** Null when there is no runner-up or a CI is missing. */
  significant: z.boolean().nullable(),
  reason: z.string(),
});
export type SweepChoice = z.infer<typeof SweepChoiceSchema>;

export const SweepResultSchema = z.object({
  sweep: z.number().int(),
  job: z.number().int(),
  state: z.enum(['queued', 'running', 'paused', 'cancelled', 'failed', 'done']),
  embedder: z.string(),
  sample: z.number().int(),
  /** The minimum accepted share the choice used. */
  minAcceptedShare: z.number().default(DEFAULT_MIN_ACCEPTED_SHARE),
  models: z.array(
    z.object({
      model: z.string(),
      chosen: z.number().nullable(),
      choice: SweepChoiceSchema.optional(),
      points: z.array(SweepPointSchema),
    }),
  ),
});
export type SweepResult = z.infer<typeof SweepResultSchema>;
