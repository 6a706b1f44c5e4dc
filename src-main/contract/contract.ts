/**
 * The one API of the engine, shared by Electron IPC, the HTTP browser mode and the React
 * client: each procedure's input and output schema. Types are derived, never written twice.
 * Pure zod: the renderer bundles this file.
 */
import { z } from 'zod';
import {
  DatasetSummarySchema,
  ExportResultSchema,
  GenerationSummarySchema,
  InputFormatSchema,
  ImportFormatSchema,
  CsvDelimiterSchema,
  ImportPresetSchema,
  RegionSchema,
  JobProgressSchema,
  FinishReasonSchema,
  ModelFamilySchema,
  OutcomeTableRowSchema,
  StoreInfoSchema,
  SweepResultSchema,
} from './schemas.js';
import { AuditListItemSchema, AuditOptionsSchema, AuditResultSchema } from './audit-schemas.js';
import { EpochReportSchema, ExperimentResultSchema, PredictionReportSchema, TrainOptionsSchema } from './classify-schemas.js';
import { DoctorReportSchema, RunDefaultsSchema } from './machine-schemas.js';
import { AgreementSchema, DecideSchema, ReviewPageSchema, ReviewProgressSchema, ReviewQuerySchema } from './review-schemas.js';
import {
  ReleaseResultSchema,
  ReviewDisagreementsSchema,
  VariantSetCountsQuerySchema,
  VariantSetCountsSchema,
  VariantSetSchema,
} from './variant-set-schemas.js';

export const JobStateSchema = z.enum(['queued', 'running', 'paused', 'cancelled', 'failed', 'done']);
export const JobKindSchema = z.enum(['import', 'generate', 'sweep', 'download', 'train', 'experiment', 'audit']);

export const JobViewSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  dataset: z.string().nullable(),
  state: JobStateSchema,
  done: z.number().int(),
  total: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
});
export type JobView = z.infer<typeof JobViewSchema>;

export const PostViewSchema = z.object({
  id: z.number().int(),
  externalId: z.string(),
  text: z.string(),
  labels: z.array(z.string()),
});
export type PostView = z.infer<typeof PostViewSchema>;

export const PostQuerySchema = z.object({
  dataset: z.string().min(1),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
  search: z.string().optional(),
  category: z.string().optional(),
});

export const ModelViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  family: z.string(),
  backend: z.enum(['gguf', 'endpoint']),
  file: z.string().nullable(),
  sha256: z.string().nullable(),
  endpoint: z.string().nullable(),
  endpointModel: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});
export type ModelView = z.infer<typeof ModelViewSchema>;

export const HardwareSchema = z.object({
  backend: z.enum(['cuda', 'vulkan', 'metal', 'cpu']),
  gpuDevices: z.array(z.string()),
  physicalCores: z.number().int(),
});

export const VariantViewSchema = z.object({
  id: z.number().int(),
  postId: z.number().int(),
  sourceId: z.string(),
  source: z.string(),
  labels: z.array(z.string()),
  model: z.string(),
  family: z.string(),
  temperature: z.number(),
  seed: z.number().int(),
  status: z.enum(['ok', 'failed']),
  text: z.string().nullable(),
  failureReason: z.string().nullable(),
  attempts: z.number().int(),
  tokensIn: z.number().nullable(),
  tokensOut: z.number().nullable(),
  ms: z.number().nullable(),
  similarity: z.number().nullable(),
  jobId: z.number().nullable(),
  createdAt: z.string(),
});
export type VariantView = z.infer<typeof VariantViewSchema>;

const page = <T extends z.ZodType>(item: T) => z.object({ total: z.number().int(), items: z.array(item) });

const Empty = z.object({});
const Name = z.object({ name: z.string().min(1) });
const JobRef = z.object({ id: z.number().int() });
const Started = z.object({ job: z.number().int() });

function proc<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

/** Which dataset's report, and which sweep, experiment and audit go in (default: the newest of each). */
export const ReportRequestSchema = z.object({
  dataset: z.string().min(1),
  sweep: z.number().int().positive().optional(),
  experiment: z.number().int().positive().optional(),
  audit: z.number().int().positive().optional(),
});
export type ReportRequest = z.infer<typeof ReportRequestSchema>;

export const api = {
  'info.get': proc(Empty, StoreInfoSchema),

  'datasets.list': proc(Empty, z.array(DatasetSummarySchema)),
  'datasets.posts': proc(PostQuerySchema, page(PostViewSchema)),
  /** `file` is a path on the machine running the engine (a native dialog's answer, or an upload's). */
  'datasets.import': proc(
    z.object({
      file: z.string().min(1),
      dataset: z.string().trim().min(1, 'give the dataset a name'),
      format: ImportFormatSchema.optional(),
      textColumn: z.string().optional(),
      idColumn: z.string().optional(),
      labelsColumn: z.string().optional(),
      delimiter: CsvDelimiterSchema.optional(),
      labelSeparator: z.string().min(1).optional(),
      preset: ImportPresetSchema.optional(),
      replaceInvalid: z.boolean().optional(),
      region: RegionSchema.optional(),
    }),
    Started,
  ),
  'datasets.export': proc(
    z.object({ dataset: z.string().min(1), format: InputFormatSchema, kind: z.enum(['posts', 'variants']), file: z.string().min(1), variantSet: VariantSetSchema.optional() }),
    ExportResultSchema,
  ),

  'models.list': proc(Empty, z.object({ models: z.array(ModelViewSchema), hardware: HardwareSchema })),
  'models.addGguf': proc(z.object({ name: z.string().trim().min(1), family: ModelFamilySchema, file: z.string().min(1) }), ModelViewSchema),
  'models.addEndpoint': proc(
    z.object({ name: z.string().trim().min(1), family: ModelFamilySchema, url: z.string().url(), model: z.string().min(1), check: z.boolean().default(true) }),
    ModelViewSchema,
  ),
  'models.addTiny': proc(Empty, z.array(ModelViewSchema)),
  'models.remove': proc(Name, z.object({ removed: z.string() })),
  'models.download': proc(
    z.object({ source: z.string().min(1), name: z.string().trim().min(1), family: ModelFamilySchema, sha256: z.string().optional() }),
    Started,
  ),
  'models.testPrompt': proc(
    z.object({ name: z.string().min(1), prompt: z.string().min(1), temperature: z.number().min(0).max(2).default(0.7), seed: z.number().int().default(1), maxTokens: z.number().int().min(1).max(1024).default(64) }),
    z.object({ text: z.string(), tokensIn: z.number().nullable(), tokensOut: z.number().nullable(), finishReason: FinishReasonSchema.optional(), ms: z.number(), hardware: z.string() }),
  ),

  'generate.start': proc(
    z.object({
      dataset: z.string().min(1),
      models: z.array(z.string().min(1)).min(1, 'choose at least one model'),
      /** "auto", one number for all models, or per-model values. */
      temperature: z.union([z.literal('auto'), z.number().min(0).max(2), z.record(z.string(), z.number().min(0).max(2))]).optional(),
      seed: z.number().int().min(0).optional(),
      limit: z.number().int().positive().optional(),
      parallel: z.number().int().min(1).max(64).optional(),
      threads: z.number().int().positive().optional(),
      maxAttempts: z.number().int().min(1).max(20).optional(),
      maxTokens: z.number().int().positive().optional(),
      maxFailuresInRow: z.number().int().min(1).max(1000).optional(),
    }),
    Started,
  ),

  'jobs.list': proc(z.object({ kind: z.string().optional(), dataset: z.string().optional() }), z.array(JobViewSchema)),
  'jobs.get': proc(JobRef, JobViewSchema),
  'jobs.pause': proc(JobRef, JobViewSchema),
  'jobs.resume': proc(JobRef, JobViewSchema),
  'jobs.cancel': proc(JobRef, JobViewSchema),
  'jobs.summary': proc(
    JobRef,
    GenerationSummarySchema.partial().extend({
      job: z.number().int(),
      /** Output tokens over generation time, per sequence (VariantRepo.sequenceTokensPerSecond). */
      sequence_tokens_per_second: z.number().optional(),
    }),
  ),

  /** Every attempt of a generation job or a sweep by model, temperature and reply-gate outcome. */
  'generate.outcomes': proc(
    z.union([z.object({ job: z.number().int() }), z.object({ sweep: z.number().int() })]),
    z.array(OutcomeTableRowSchema),
  ),

  'variants.list': proc(
    z.object({
      dataset: z.string().min(1),
      job: z.number().int().optional(),
      model: z.string().optional(),
      status: z.enum(['ok', 'failed']).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    page(VariantViewSchema),
  ),

  'prompts.get': proc(Empty, z.object({ id: z.number().int(), version: z.number().int(), body: z.string() })),
  'prompts.save': proc(z.object({ body: z.string().min(1) }), z.object({ id: z.number().int(), version: z.number().int(), body: z.string() })),

  'sweeps.list': proc(z.object({ dataset: z.string().min(1) }), z.array(SweepResultSchema)),
  'sweeps.start': proc(
    z.object({
      dataset: z.string().min(1),
      models: z.array(z.string().min(1)).min(1, 'choose at least one model'),
      sampleSize: z.number().int().min(1).max(10_000).default(50),
      temperatures: z.array(z.number().min(0).max(2)).min(1).optional(),
      k: z.number().int().min(1).max(20).default(1),
      seed: z.number().int().min(0).default(1),
      embedder: z.string().default('tfidf'),
      /** Least share of replies the reply gate must accept for a temperature to be chosen (default 0.8). */
      minAcceptedShare: z.number().min(0).max(1).optional(),
      threads: z.number().int().positive().optional(),
      maxTokens: z.number().int().positive().optional(),
      maxAttempts: z.number().int().min(1).max(20).optional(),
      maxFailuresInRow: z.number().int().min(1).max(1000).optional(),
    }),
    Started,
  ),
  /** Per registered model, the temperature `--temperature auto` would use on the dataset, and the sweep that chose it. */
  'sweeps.chosen': proc(
    z.object({ dataset: z.string().min(1) }),
    z.array(z.object({ model: z.string(), temperature: z.number(), sweep: z.number().int() })),
  ),
  /** The sampled originals and their variants at one point of a sweep's curve. */
  'sweeps.point': proc(
    z.object({ sweep: z.number().int(), model: z.string().min(1), temperature: z.number() }),
    z.array(z.object({ postId: z.number().int(), sourceId: z.string(), source: z.string(), variant: z.string().nullable(), status: z.enum(['ok', 'failed']), similarity: z.number().nullable(), failureReason: z.string().nullable() })),
  ),

  'review.queue': proc(ReviewQuerySchema, ReviewPageSchema),
  'review.decide': proc(DecideSchema, z.object({ id: z.number().int(), at: z.string() })),
  'review.progress': proc(z.object({ dataset: z.string().min(1), annotator: z.string().trim().min(1) }), ReviewProgressSchema),
  'review.agreement': proc(z.object({ dataset: z.string().min(1) }), AgreementSchema),
  /** Variants on which annotators' latest decisions differ. */
  'review.disagreements': proc(z.object({ dataset: z.string().min(1) }), ReviewDisagreementsSchema),
  /** The counts of a variant set (the synthetic set by default): every page's counter reads this one query. */
  'synthetic.counts': proc(VariantSetCountsQuerySchema, VariantSetCountsSchema),
  /** Writes the synthetic set as a dataset (JSONL, CSV) with DATASET_CARD.md; `dir` defaults to a folder beside the workspace. */
  'release.create': proc(z.object({ dataset: z.string().min(1), dir: z.string().min(1).optional() }), ReleaseResultSchema),

  /** Experiments (a)–(e) and label retention; per-epoch loss arrives as 'epoch' events. */
  'experiments.start': proc(TrainOptionsSchema.partial().extend({ dataset: z.string().min(1), variantSet: VariantSetSchema.optional() }), Started),
  'experiments.list': proc(z.object({ dataset: z.string().min(1) }), z.array(z.object({ id: z.number().int(), encoder: z.string(), head: z.string(), method: z.string(), createdAt: z.string() }))),
  'experiments.get': proc(z.object({ id: z.number().int() }), ExperimentResultSchema),
  'classifier.predict': proc(
    z.object({
      run: z.number().int().positive(),
      texts: z.array(z.string().trim().min(1, 'must not be blank')).min(1, 'give at least one text').max(100),
    }),
    PredictionReportSchema,
  ),

  'reports.create': proc(ReportRequestSchema.extend({ file: z.string().min(1).optional() }), z.object({ file: z.string(), bytes: z.number().int() })),
  /** The report's HTML, for the in-app preview. */
  'reports.preview': proc(ReportRequestSchema, z.object({ html: z.string() })),

  'audits.start': proc(AuditOptionsSchema, Started),
  'audits.list': proc(z.object({ dataset: z.string().optional() }), z.array(AuditListItemSchema)),
  'audits.get': proc(z.object({ id: z.number().int() }), AuditResultSchema),

  /** The threads, sequences and concurrency a job gets when its form leaves them empty (the thread policy). */
  'machine.defaults': proc(Empty, RunDefaultsSchema),
  /** `synthlab doctor`: what this machine will use, measured. */
  'machine.doctor': proc(Empty, DoctorReportSchema),
} as const;

export type Api = typeof api;
export type ProcedureName = keyof Api;
export type ProcInput<K extends ProcedureName> = z.input<Api[K]['input']>;
export type ProcOutput<K extends ProcedureName> = z.output<Api[K]['output']>;

export function isProcedure(name: string): name is ProcedureName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** Pushed to clients while jobs run: progress, and the end of a job. */
export const ApiEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), kind: z.string(), progress: JobProgressSchema }),
  z.object({ type: z.literal('epoch'), kind: z.string(), job: z.number().int(), source: z.string(), report: EpochReportSchema }),
  z.object({ type: z.literal('finished'), kind: z.string(), job: z.number().int(), state: JobStateSchema, error: z.string().nullable() }),
]);
export type ApiEvent = z.infer<typeof ApiEventSchema>;

/** The reply envelope of every call, over HTTP and IPC alike. */
export type ApiReply<T> = { ok: true; result: T } | { ok: false; error: string; issues?: { path: string; message: string }[] };
