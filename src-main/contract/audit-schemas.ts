/**
 * The privacy audit's data contract: options, per-variant rows and per-model summaries, as
 * zod schemas with the TypeScript types derived from them. The CLI's `audit --json`, the
 * HTTP/IPC layer and the Privacy page all speak these shapes.
 */
import { z } from 'zod';
import { VariantSetChoiceSchema, VariantSetCountsSchema } from './variant-set-schemas.js';
import { RegionSchema } from './schemas.js';

/** Kinds of specific value the PII finder looks for in a source post. */
export const PII_KINDS = [
  'email',
  'phone',
  'url',
  'handle',
  'age',
  'person',
  'place',
  'money',
  'date',
  'number',
] as const;
export const PiiKindSchema = z.enum(PII_KINDS);
export type PiiKind = z.infer<typeof PiiKindSchema>;

/**
 * What a kind counts as: a category of the sample dataset where one fits (contact, age, name,
 * location, finance); dates and other numbers have no category of their own there, so they
 * are reported under their kind.
 */
export const PII_CATEGORIES = ['contact', 'age', 'name', 'location', 'finance', 'date', 'number'] as const;
export const PiiCategorySchema = z.enum(PII_CATEGORIES);
export type PiiCategory = z.infer<typeof PiiCategorySchema>;

export const PII_CATEGORY_OF_KIND: Readonly<Record<PiiKind, PiiCategory>> = {
  email: 'contact',
  phone: 'contact',
  url: 'contact',
  handle: 'contact',
  age: 'age',
  person: 'name',
  place: 'location',
  money: 'finance',
  date: 'date',
  number: 'number',
};

/** How the audit tells that a variant still carries a source's value, per kind (Privacy page and report). */
export const PII_KIND_MATCHING: Readonly<Record<PiiKind, string>> = {
  email: 'same mailbox: case, "+tag" and Gmail\'s dots ignored',
  phone: 'same number in any form (E.164 after parsing); national digits where the country is uncertain',
  url: 'same address without scheme or "www."',
  handle: 'same @name',
  age: 'same age, word for word',
  person: 'same name, word for word',
  place: 'same place, word for word',
  money: 'same amount and currency in any convention ("$1,200" = "1200 dollars"), or the amount as written',
  date: 'same date in any form ("3 March 2024" = "2024-03-03"), or as written',
  number: 'same number, word for word',
};

/** Dataset category names, lower case, that stand for an audit category besides its own name. */
const CATEGORY_SYNONYMS: Readonly<Record<PiiCategory, readonly string[]>> = {
  contact: ['contact', 'contact_information', 'email', 'phone', 'handle'],
  age: ['age'],
  name: ['name', 'person', 'full_name'],
  location: ['location', 'place', 'address', 'city'],
  finance: ['finance', 'financial', 'money', 'income', 'salary'],
  date: ['date', 'dates', 'birthday', 'date_of_birth'],
  number: ['number', 'id_number'],
};

export interface PiiCategoryRelation {
  category: PiiCategory;
  kinds: PiiKind[];
  /** The dataset's category this audit category counts, or null when the dataset has none like it. */
  datasetCategory: string | null;
}

/**
 * How the audit's categories (values found by their shape) relate to a dataset's own categories
 * (its labels, which the audit does not read): each audit category with its kinds and the
 * dataset category of the same name or a synonym; and the dataset categories no audit category
 * stands for (occupation, health, appearance…), which only linkage and verbatim runs measure.
 */
export function piiCategoryRelations(datasetCategories: readonly string[]): {
  relations: PiiCategoryRelation[];
  unmatched: string[];
} {
  const used = new Set<string>();
  const relations = PII_CATEGORIES.map((category) => {
    const names = CATEGORY_SYNONYMS[category];
    const datasetCategory = datasetCategories.find((c) => names.includes(c.trim().toLowerCase().replace(/[\s-]+/g, '_'))) ?? null;
    if (datasetCategory) used.add(datasetCategory);
    return { category, kinds: PII_KINDS.filter((k) => PII_CATEGORY_OF_KIND[k] === category), datasetCategory };
  });
  return { relations, unmatched: datasetCategories.filter((c) => !used.has(c)) };
}

/** The linkage attack's "top k" besides top 1. */
export const LINKAGE_TOP_K = 5;

export const AuditOptionsSchema = z.object({
  dataset: z.string().trim().min(1, 'dataset name must not be empty'),
  /** `tfidf`, `onnx:DIR` or `gguf:FILE`. */
  embedder: z.string().trim().min(1).default('tfidf'),
  /** A variant sharing a run of at least this many consecutive words with its source counts as verbatim. */
  minRun: z.number().int().min(1).default(8),
  /** Bins of the closest-record histogram over similarity [0, 1]. */
  histogramBins: z.number().int().min(1).max(1000).default(20),
  /** PII carry-over examples kept per model and category. */
  maxExamples: z.number().int().min(0).default(5),
  threads: z.number().int().positive().optional(),
  /** Which variants: the synthetic set (default), all generated, or one sweep's samples on their own. */
  ...VariantSetChoiceSchema.shape,
  /** Region of national phone numbers and numeric dates; default: the dataset's region (see import). */
  region: RegionSchema.optional(),
});
export type AuditOptions = z.input<typeof AuditOptionsSchema>;
export type ResolvedAuditOptions = z.output<typeof AuditOptionsSchema>;

/** Parameters stored with an audit (what, besides the embedder, its numbers depend on). */
export const AuditParamsSchema = z.object({
  min_run: z.number().int(),
  histogram_bins: z.number().int(),
  max_examples: z.number().int(),
  top_k: z.number().int(),
  /** The region PII was read with; absent in audits from before regions. */
  region: z.string().nullable().optional(),
});
export type AuditParams = z.infer<typeof AuditParamsSchema>;

export const CarriedValueSchema = z.object({
  category: PiiCategorySchema,
  kind: PiiKindSchema,
  /** The value as written in the source. */
  value: z.string(),
});
export type CarriedValue = z.infer<typeof CarriedValueSchema>;

/** One audited variant: what the CSV export holds, one line each. */
export const AuditVariantRowSchema = z.object({
  variant_id: z.number().int(),
  post_id: z.number().int(),
  /** The source post's id in the dataset. */
  source_id: z.string(),
  model: z.string(),
  family: z.string(),
  temperature: z.number(),
  /** Set for temperature-sweep samples, null for generation-job variants. */
  sweep_id: z.number().int().nullable(),
  /**
   * The source's rank among all originals by similarity to the variant (1 = best). Ties are
   * broken at random and the expectation taken: originals_above + 1 + originals_tied / 2.
   */
  source_rank: z.number(),
  originals_above: z.number().int(),
  originals_tied: z.number().int(),
  source_similarity: z.number(),
  /** Similarity to the closest original (the distance to closest record, as a similarity). */
  closest_similarity: z.number(),
  /** The closest original's id; null when every original is equally similar. */
  closest_source_id: z.string().nullable(),
  /** The source is strictly closer than every other original. */
  closest_is_source: z.boolean(),
  /** Longest run of consecutive words shared with the source. */
  longest_run: z.number().int(),
  longest_run_text: z.string(),
  verbatim: z.boolean(),
  /** The audited text is a reviewer's edit, not the model's (absent in audits stored before edits counted). */
  edited: z.boolean().optional(),
  /** Specific values found in the source, by category (categories with none left out). */
  pii_found: z.partialRecord(PiiCategorySchema, z.number().int()),
  /** Those that reappear in the variant. */
  pii_carried: z.array(CarriedValueSchema),
});
export type AuditVariantRow = z.infer<typeof AuditVariantRowSchema>;

/** A count for every category, zeros included, so tables line up across models. */
const countsByCategory = z.record(PiiCategorySchema, z.number().int());

/** The measures over a group of variants (a model, a model at one sweep temperature, or all). */
export const AuditGroupSummarySchema = z.object({
  variants: z.number().int(),
  /** Expected share whose source ranks first (ties broken at random). */
  linkage_top1: z.number(),
  linkage_top5: z.number(),
  /** What guessing would achieve: 1/N and 5/N for N originals. */
  chance_top1: z.number(),
  chance_top5: z.number(),
  /**
   * One-sided exact binomial test of each linkage rate against its chance level: P(X ≥ k) for
   * X ~ Binomial(variants, chance), k the rate × variants rounded. Absent in audits made before it.
   */
  linkage_top1_p: z.number().optional(),
  linkage_top5_p: z.number().optional(),
  mean_source_rank: z.number(),
  /** Share whose closest original is strictly the source. */
  closest_is_source: z.number(),
  mean_closest_similarity: z.number(),
  /** Counts of closest-original similarity in equal bins over [0, 1]; bin i is [i/bins, (i+1)/bins), the last includes 1, negatives fall in the first. */
  closest_histogram: z.array(z.number().int()),
  mean_longest_run: z.number(),
  verbatim_variants: z.number().int(),
  verbatim_share: z.number(),
  /** Values found in the sources of these variants, counted once per variant, by category. */
  pii_values: countsByCategory,
  /** Of those, the ones that reappear in the variant. */
  pii_carryover: countsByCategory,
  /** Variants carrying over at least one value. */
  pii_carryover_variants: z.number().int(),
});
export type AuditGroupSummary = z.infer<typeof AuditGroupSummarySchema>;

export const PiiExampleSchema = CarriedValueSchema.extend({
  source_id: z.string(),
  variant_id: z.number().int(),
});
export type PiiExample = z.infer<typeof PiiExampleSchema>;

export const AuditTemperatureSummarySchema = AuditGroupSummarySchema.extend({ temperature: z.number() });
export type AuditTemperatureSummary = z.infer<typeof AuditTemperatureSummarySchema>;

export const AuditModelSummarySchema = AuditGroupSummarySchema.extend({
  model: z.string(),
  family: z.string(),
  /** Sweep samples (sweep_id set) per temperature, so a temperature can be judged on privacy too. */
  temperatures: z.array(AuditTemperatureSummarySchema),
  /** Up to max_examples carried-over values per category. */
  pii_examples: z.array(PiiExampleSchema),
});
export type AuditModelSummary = z.infer<typeof AuditModelSummarySchema>;

export const AuditResultSchema = z.object({
  audit: z.number().int(),
  dataset: z.string(),
  /** The embedder's stable id, e.g. "tfidf:1-2gram:5f3a…". */
  embedder: z.string(),
  embedder_description: z.string(),
  /** Originals every variant was ranked against. */
  originals: z.number().int(),
  params: AuditParamsSchema,
  /** The variants audited and their counts; null for audits stored before sets were recorded. */
  variant_set: VariantSetCountsSchema.nullable(),
  seconds: z.number(),
  created_at: z.string(),
  /** Every model's variants together. */
  overall: AuditGroupSummarySchema,
  models: z.array(AuditModelSummarySchema),
});
export type AuditResult = z.infer<typeof AuditResultSchema>;

export const AuditListItemSchema = z.object({
  audit: z.number().int(),
  dataset: z.string(),
  embedder: z.string(),
  variants: z.number().int(),
  models: z.array(z.string()),
  variant_set: VariantSetCountsSchema.nullable(),
  created_at: z.string(),
});
export type AuditListItem = z.infer<typeof AuditListItemSchema>;

export const AuditExportFormatSchema = z.enum(['json', 'csv']);
export type AuditExportFormat = z.infer<typeof AuditExportFormatSchema>;
