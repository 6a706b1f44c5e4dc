/**
 * The audit of one variant against its source and the ranking of all originals: the row the
 * summaries and the CSV export are made of. Pure.
 */
import type { AuditVariantRow, PiiCategory } from '../contract/audit-schemas.js';
import type { PiiValue } from './pii-extract.js';
import { carriedOver } from './pii-match.js';
import type { PiiOptions } from './pii-normalize.js';
import { expectedRank, type SourceRanking } from './similarity-index.js';
import { longestCommonWordRun } from './word-runs.js';

export interface AuditedOriginal {
  id: number;
  externalId: string;
  text: string;
}

export interface AuditedVariant {
  id: number;
  postId: number;
  model: string;
  family: string;
  temperature: number;
  sweepId: number | null;
  /** The text audited: for the synthetic set, a reviewer's edit where there is one. */
  text: string;
  edited: boolean;
}

export interface VariantAuditInput {
  variant: AuditedVariant;
  source: AuditedOriginal;
  /** The PII values of the source (found once per source, shared by its variants). */
  sourcePii: readonly PiiValue[];
  ranking: SourceRanking;
  /** The original at ranking.closestIndex, if any. */
  closest: AuditedOriginal | undefined;
  minRun: number;
  /** The region national phone numbers and numeric dates are read in. */
  piiOptions?: PiiOptions;
}

export function countByCategory(values: readonly PiiValue[]): Partial<Record<PiiCategory, number>> {
  const counts: Partial<Record<PiiCategory, number>> = {};
  for (const v of values) counts[v.category] = (counts[v.category] ?? 0) + 1;
  return counts;
}

export function auditVariant({
  variant,
  source,
  sourcePii,
  ranking,
  closest,
  minRun,
  piiOptions = {},
}: VariantAuditInput): AuditVariantRow {
  const run = longestCommonWordRun(source.text, variant.text);
  return {
    variant_id: variant.id,
    post_id: source.id,
    source_id: source.externalId,
    model: variant.model,
    family: variant.family,
    temperature: variant.temperature,
    sweep_id: variant.sweepId,
    source_rank: expectedRank(ranking),
    originals_above: ranking.above,
    originals_tied: ranking.tied,
    source_similarity: ranking.sourceSimilarity,
    closest_similarity: ranking.closestSimilarity,
    closest_source_id: closest?.externalId ?? null,
    closest_is_source: ranking.above === 0 && ranking.tied === 0,
    longest_run: run.length,
    longest_run_text: run.words.join(' '),
    verbatim: run.length >= minRun,
    edited: variant.edited,
    pii_found: countByCategory(sourcePii),
    pii_carried: carriedOver(sourcePii, variant.text, piiOptions).map((v) => ({
      category: v.category,
      kind: v.kind,
      value: v.text,
    })),
  };
}
