/**
 * The engine's data contract: runtime-validated schemas with the TypeScript types derived
 * from them. The CLI's --json output, IPC and HTTP all speak these shapes.
 */
import { z } from 'zod';

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
