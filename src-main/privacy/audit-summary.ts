/**
 * Turns per-variant audit rows into the per-model, per-temperature and overall measures.
 * Pure: the rows hold everything needed.
 */
import {
  LINKAGE_TOP_K,
  PII_CATEGORIES,
  type AuditGroupSummary,
  type AuditModelSummary,
  type AuditVariantRow,
  type PiiCategory,
  type PiiExample,
} from '../contract/audit-schemas.js';
import { linkagePValue } from './binomial.js';
import { histogram } from './histogram.js';
import { topKProbability } from './similarity-index.js';

export interface SummaryParams {
  /** Originals each variant was ranked against. */
  originals: number;
  histogramBins: number;
  maxExamples: number;
}

function zeroPerCategory(): Record<PiiCategory, number> {
  return Object.fromEntries(PII_CATEGORIES.map((c) => [c, 0])) as Record<PiiCategory, number>;
}

function mean(rows: readonly AuditVariantRow[], pick: (r: AuditVariantRow) => number): number {
  let sum = 0;
  for (const r of rows) sum += pick(r);
  return sum / rows.length;
}

export function summarizeGroup(
  rows: readonly AuditVariantRow[],
  params: Omit<SummaryParams, 'maxExamples'>,
): AuditGroupSummary {
  if (!rows.length) throw new RangeError('cannot summarise an empty group of variants');
  const piiValues = zeroPerCategory();
  const piiCarryover = zeroPerCategory();
  let carryoverVariants = 0;
  for (const r of rows) {
    for (const [category, n] of Object.entries(r.pii_found)) piiValues[category as PiiCategory] += n ?? 0;
    for (const c of r.pii_carried) piiCarryover[c.category]++;
    if (r.pii_carried.length) carryoverVariants++;
  }
  const verbatim = rows.filter((r) => r.verbatim).length;
  const ranking = (r: AuditVariantRow) => ({ above: r.originals_above, tied: r.originals_tied });
  const linkage1 = mean(rows, (r) => topKProbability(ranking(r), 1));
  const linkage5 = mean(rows, (r) => topKProbability(ranking(r), LINKAGE_TOP_K));
  const chance1 = 1 / params.originals;
  const chance5 = Math.min(LINKAGE_TOP_K, params.originals) / params.originals;
  return {
    variants: rows.length,
    linkage_top1: linkage1,
    linkage_top5: linkage5,
    chance_top1: chance1,
    chance_top5: chance5,
    linkage_top1_p: linkagePValue(linkage1, rows.length, chance1),
    linkage_top5_p: linkagePValue(linkage5, rows.length, chance5),
    mean_source_rank: mean(rows, (r) => r.source_rank),
    closest_is_source: mean(rows, (r) => (r.closest_is_source ? 1 : 0)),
    mean_closest_similarity: mean(rows, (r) => r.closest_similarity),
    closest_histogram: histogram(
      rows.map((r) => r.closest_similarity),
      params.histogramBins,
    ),
    mean_longest_run: mean(rows, (r) => r.longest_run),
    verbatim_variants: verbatim,
    verbatim_share: verbatim / rows.length,
    pii_values: piiValues,
    pii_carryover: piiCarryover,
    pii_carryover_variants: carryoverVariants,
  };
}

/** The first `max` carried-over values of each category, in row order. */
export function piiExamples(rows: readonly AuditVariantRow[], max: number): PiiExample[] {
  const perCategory = zeroPerCategory();
  const out: PiiExample[] = [];
  for (const r of rows) {
    for (const c of r.pii_carried) {
      if (perCategory[c.category] >= max) continue;
      perCategory[c.category]++;
      out.push({ ...c, source_id: r.source_id, variant_id: r.variant_id });
    }
  }
  return out;
}

function groupBy<K>(rows: readonly AuditVariantRow[], key: (r: AuditVariantRow) => K): Map<K, AuditVariantRow[]> {
  const groups = new Map<K, AuditVariantRow[]>();
  for (const r of rows) {
    const k = key(r);
    const group = groups.get(k);
    if (group) group.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/**
 * One summary per model (all its variants), each with its sweep samples broken down by
 * temperature; models by name, temperatures ascending.
 */
export function summarizeModels(rows: readonly AuditVariantRow[], params: SummaryParams): AuditModelSummary[] {
  return [...groupBy(rows, (r) => r.model)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([model, modelRows]) => ({
      model,
      family: modelRows[0]!.family,
      ...summarizeGroup(modelRows, params),
      temperatures: [
        ...groupBy(
          modelRows.filter((r) => r.sweep_id !== null),
          (r) => r.temperature,
        ),
      ]
        .sort(([a], [b]) => a - b)
        .map(([temperature, group]) => ({ temperature, ...summarizeGroup(group, params) })),
      pii_examples: piiExamples(modelRows, params.maxExamples),
    }));
}
