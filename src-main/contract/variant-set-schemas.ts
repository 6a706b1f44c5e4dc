/**
 * Which variants a result is about. A dataset's synthetic set is the variants of its generation
 * jobs (not sweep samples) that passed the reply gate and were not rejected in review, with
 * reviewers' edits and relabels applied (src-main/review/synthetic-set.ts). Experiments, label
 * retention, the audit, exports, the report and the release use it unless told otherwise, and
 * every stored result keeps the counts of the set it used. Pure zod: the renderer bundles this file.
 */
import { z } from 'zod';

/**
 * `synthetic`: the synthetic set (the default). `all-generated`: every generation-job variant that
 * passed the gate, with the model's text and its source's labels, whatever review decided.
 */
export const VARIANT_SETS = ['synthetic', 'all-generated'] as const;
export const VariantSetSchema = z.enum(VARIANT_SETS);
export type VariantSet = z.infer<typeof VariantSetSchema>;

/** The audit may also look at one temperature sweep's samples on their own (`sweep`), never mixed in. */
export const AUDIT_VARIANT_SETS = [...VARIANT_SETS, 'sweep'] as const;
export const AuditVariantSetSchema = z.enum(AUDIT_VARIANT_SETS);
export type AuditVariantSet = z.infer<typeof AuditVariantSetSchema>;

/** The choice of set as the API, the CLI and the jobs take it. */
export const VariantSetChoiceSchema = z.object({
  variantSet: AuditVariantSetSchema.default('synthetic'),
  /** With `sweep`: which sweep (default: the dataset's latest). Refused with another set. */
  sweep: z.number().int().positive().optional(),
});
export type VariantSetChoice = z.input<typeof VariantSetChoiceSchema>;

/**
 * The counts of a set of variants, stored with every result made from it. For `synthetic` and
 * `all-generated` the counts are over the dataset's generation-job variants; for `sweep` over the
 * sweep's samples (which are never reviewed). Every count is of stored variant rows.
 */
export const VariantSetCountsSchema = z.object({
  set: AuditVariantSetSchema,
  /** The sweep whose samples these are; null for the other sets. */
  sweep: z.number().int().nullable(),
  /** Variants stored by the jobs (every attempt the generation stored, failed ones included). */
  generated: z.number().int(),
  /** Of those, the ones the reply gate rejected (status failed). */
  gate_rejected: z.number().int(),
  /**
   * Of those that passed the gate, the ones review keeps out of the synthetic set (REVIEW_RULES).
   * Counted for every set; only `synthetic` leaves them out.
   */
  review_rejected: z.number().int(),
  /** Of the included variants, those whose text is a reviewer's edit (0 for sets that ignore review). */
  edited: z.number().int(),
  /** Of the included variants, those whose labels are a reviewer's relabel (0 for sets that ignore review). */
  relabelled: z.number().int(),
  /** Variants in the set: what the result was computed on. */
  included: z.number().int(),
});
export type VariantSetCounts = z.infer<typeof VariantSetCountsSchema>;

/** The counts query of the workbench's counters: `synthetic.counts`. */
export const VariantSetCountsQuerySchema = VariantSetChoiceSchema.extend({ dataset: z.string().min(1) });

/** The counts of a set as (label, value) lines, in the order the report and the card show them. */
export function countLines(c: VariantSetCounts): [string, number][] {
  return [
    ['generated', c.generated],
    ['rejected by the reply gate', c.gate_rejected],
    ['rejected in review', c.review_rejected],
    ['edited in review', c.edited],
    ['relabelled in review', c.relabelled],
    ['included', c.included],
  ];
}

/** A set in words: "the synthetic set (15 of 20 generated variants)". */
export function describeSet(c: VariantSetCounts): string {
  const name =
    c.set === 'synthetic'
      ? 'the synthetic set'
      : c.set === 'all-generated'
        ? 'all generated variants that passed the gate (review ignored)'
        : `the samples of temperature sweep ${c.sweep}`;
  return `${name}: ${c.included} of ${c.generated} ${c.set === 'sweep' ? 'samples' : 'generated variants'}`;
}

/**
 * What each review decision means for the synthetic set, in words; the Review page, the README
 * and the dataset card say the same. Keys are the decisions, plus how several annotators combine.
 */
export const REVIEW_RULES = {
  accept: 'Accept: the variant stays in the synthetic set as the model wrote it, with its source post’s labels.',
  reject:
    'Reject: the variant leaves the synthetic set (experiments, audit, exports and the release no longer use it).',
  edit: 'Edit: your text replaces the model’s in the synthetic set; the model’s text stays in the workspace as provenance. Similarity, verbatim runs and PII carry-over are measured on your text.',
  relabel: 'Relabel: your labels replace the source post’s labels for this variant in the synthetic set.',
  annotators:
    'Several annotators: each annotator’s latest decision counts. A variant is left out if any annotator’s latest decision is reject (a privacy leak seen once is enough). Otherwise the most recent edit gives its text and the most recent relabel its labels. Variants on which annotators’ latest decisions differ are listed as disagreements.',
} as const;

/** A variant on which annotators' latest decisions differ. */
export const ReviewDisagreementSchema = z.object({
  variant: z.number().int(),
  /** The source post's id in the dataset. */
  source_id: z.string(),
  model: z.string(),
  /** Whether the synthetic set keeps it under the rule above. */
  included: z.boolean(),
  decisions: z.array(z.object({ annotator: z.string(), decision: z.string(), at: z.string() })),
});
export type ReviewDisagreement = z.infer<typeof ReviewDisagreementSchema>;

export const ReviewDisagreementsSchema = z.object({
  /** Variants decided by two or more annotators. */
  shared: z.number().int(),
  disagreements: z.array(ReviewDisagreementSchema),
});

/** `synthlab release` and the Release button: the synthetic set as a dataset, with its card. */
export const ReleaseOptionsSchema = z.object({
  dataset: z.string().trim().min(1, 'dataset name must not be empty'),
  /** The folder to write (created if missing; files in it are replaced atomically). */
  out: z.string().min(1),
});
export type ReleaseOptions = z.input<typeof ReleaseOptionsSchema>;

export const ReleaseResultSchema = z.object({
  dataset: z.string(),
  dir: z.string(),
  /** Absolute paths of the JSONL, CSV and DATASET_CARD.md written. */
  files: z.array(z.string()),
  counts: VariantSetCountsSchema,
  /** The audit and experiment the card summarises, if any was run on the synthetic set. */
  audit: z.number().int().nullable(),
  experiment: z.number().int().nullable(),
});
export type ReleaseResult = z.infer<typeof ReleaseResultSchema>;
