/** The review contract: an original beside its variants, and annotators' decisions. Pure zod. */
import { z } from 'zod';

export const DECISIONS = ['accept', 'reject', 'edit', 'relabel'] as const;
export const DecisionSchema = z.enum(DECISIONS);

export const ReviewQuerySchema = z.object({
  dataset: z.string().min(1),
  annotator: z.string().trim().min(1, 'enter your name as annotator'),
  model: z.string().optional(),
  /** 'undecided': variants this annotator has not decided yet. */
  decision: z.enum(['undecided', ...DECISIONS]).optional(),
  category: z.string().optional(),
  minSimilarity: z.number().min(-1).max(1).optional(),
  maxSimilarity: z.number().min(-1).max(1).optional(),
  /** One original only, by its id in the dataset (how the Privacy page links to an example). */
  post: z.string().trim().min(1).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100).default(20),
});

export const ReviewDecisionViewSchema = z.object({
  decision: DecisionSchema,
  editedText: z.string().nullable(),
  labels: z.array(z.string()).nullable(),
  at: z.string(),
});

export const ReviewVariantSchema = z.object({
  id: z.number().int(),
  model: z.string(),
  temperature: z.number(),
  /** The model's text. */
  text: z.string(),
  /** The text the synthetic set holds now, after every annotator's edits (REVIEW_RULES). */
  currentText: z.string(),
  /** Whether the synthetic set keeps the variant under every annotator's latest decisions. */
  inSet: z.boolean(),
  /** Similarity, verbatim run and PII carry-over describe the shown text: this annotator's edit, else currentText. */
  similarity: z.number().nullable(),
  /** Longest run of consecutive words shared with the original. */
  verbatimRun: z.number().int(),
  /** Specific values of the original that reappear verbatim. */
  piiCarried: z.array(z.object({ category: z.string(), value: z.string() })),
  decision: ReviewDecisionViewSchema.nullable(),
});

export const ReviewItemSchema = z.object({
  post: z.object({ id: z.number().int(), externalId: z.string(), text: z.string(), labels: z.array(z.string()) }),
  variants: z.array(ReviewVariantSchema),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

export const ReviewPageSchema = z.object({ total: z.number().int(), items: z.array(ReviewItemSchema) });

export const DecideSchema = z
  .object({
    variantId: z.number().int(),
    annotator: z.string().trim().min(1, 'enter your name as annotator'),
    decision: DecisionSchema,
    editedText: z.string().optional(),
    labels: z.array(z.string()).optional(),
    note: z.string().optional(),
  })
  .refine((d) => d.decision !== 'edit' || (d.editedText ?? '').trim().length > 0, { message: 'an edit needs the edited text', path: ['editedText'] })
  .refine((d) => d.decision !== 'relabel' || d.labels !== undefined, { message: 'a relabel needs the labels', path: ['labels'] });

export const ReviewProgressSchema = z.object({
  annotator: z.string(),
  variants: z.number().int(),
  reviewed: z.number().int(),
  byDecision: z.record(z.string(), z.number().int()),
});

export const AgreementSchema = z.array(
  z.object({ annotators: z.tuple([z.string(), z.string()]), items: z.number().int(), kappa: z.number().nullable(), agreement: z.number().nullable() }),
);
