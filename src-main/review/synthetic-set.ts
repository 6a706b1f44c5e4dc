/**
 * The one definition of a dataset's synthetic set, and of the other sets a result may be made
 * from (contract: variant-set-schemas.ts).
 *
 * Synthetic set: the variants of generation jobs (sweep_id IS NULL) that passed the reply gate
 * (status 'ok') and that review does not keep out; a reviewer's edit replaces the model's text
 * and a relabel replaces the source's labels. How several annotators' decisions combine is
 * `resolveReview` (pure), worded for people in REVIEW_RULES. `loadVariantSet` is the store
 * query every consumer (experiments, retention, the audit, exports, the report, the release and
 * the workbench's counters) goes through, so their counts agree.
 */
import {
  VariantSetChoiceSchema,
  type AuditVariantSet,
  type ReviewDisagreement,
  type VariantSetChoice,
  type VariantSetCounts,
} from '../contract/variant-set-schemas.js';
import type { Store } from '../store/store.js';

export class VariantSetError extends Error {
  override name = 'VariantSetError';
}

export type ReviewDecisionKind = 'accept' | 'reject' | 'edit' | 'relabel';

/** One stored review decision (a row of `reviews`). */
export interface ReviewDecision {
  /** The review's id: later decisions have larger ids. */
  id: number;
  annotator: string;
  decision: ReviewDecisionKind;
  editedText: string | null;
  labels: string[] | null;
  /** Similarity of editedText to the source (TF-IDF on the dataset's originals); null without an edit. */
  similarity: number | null;
  at: string;
}

/** A variant as its model wrote it: the default when review changes nothing. */
export interface ModelVariant {
  text: string;
  /** The source post's labels. */
  labels: readonly string[];
  similarity: number | null;
}

export interface ResolvedReview {
  /** Review keeps the variant out of the synthetic set. */
  rejected: boolean;
  /** The text the synthetic set holds: the latest edit's, else the model's. */
  text: string;
  labels: string[];
  edited: boolean;
  relabelled: boolean;
  /** Similarity of `text` to the source. */
  similarity: number | null;
  /** Each annotator's latest decision, by annotator name. */
  latest: ReviewDecision[];
  /** The annotators' latest decisions differ (in kind, edited text or labels). */
  disagreement: boolean;
}

const sameLabels = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * How review decisions make a variant's place in the synthetic set. Pure.
 *
 * Each annotator's latest decision (largest id) counts. Any latest `reject` keeps the variant
 * out: in a privacy dataset one reviewer who saw a leak outweighs others who did not. Among the
 * latest decisions, the most recent `edit` gives the text (and its similarity) and the most
 * recent decision carrying labels (`relabel`, or an `edit` saved with labels) gives the labels.
 * `decisions` may come in any order.
 */
export function resolveReview(model: ModelVariant, decisions: readonly ReviewDecision[]): ResolvedReview {
  const byAnnotator = new Map<string, ReviewDecision>();
  for (const d of decisions) {
    const seen = byAnnotator.get(d.annotator);
    if (!seen || d.id > seen.id) byAnnotator.set(d.annotator, d);
  }
  const latest = [...byAnnotator.values()].sort((a, b) =>
    a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0,
  );
  const newest = (pick: (d: ReviewDecision) => boolean) =>
    latest
      .filter(pick)
      .reduce<ReviewDecision | undefined>((best, d) => (!best || d.id > best.id ? d : best), undefined);
  const edit = newest((d) => d.decision === 'edit' && d.editedText !== null);
  const relabel = newest((d) => (d.decision === 'relabel' || d.decision === 'edit') && d.labels !== null);
  const kinds = new Set(latest.map((d) => d.decision));
  const texts = new Set(latest.filter((d) => d.decision === 'edit').map((d) => d.editedText));
  const labelSets = latest.filter((d) => d.decision === 'relabel' && d.labels).map((d) => d.labels!);
  return {
    rejected: kinds.has('reject'),
    text: edit ? edit.editedText! : model.text,
    labels: relabel ? [...relabel.labels!] : [...model.labels],
    edited: edit !== undefined,
    relabelled: relabel !== undefined,
    similarity: edit ? edit.similarity : model.similarity,
    latest,
    disagreement: kinds.size > 1 || texts.size > 1 || labelSets.some((l) => !sameLabels(l, labelSets[0]!)),
  };
}

/** A variant of a set, with its provenance and the text and labels the set holds. */
export interface SetVariant {
  id: number;
  postId: number;
  /** The source post's id in the dataset. */
  sourceId: string;
  model: string;
  family: string;
  modelSha256: string | null;
  temperature: number;
  seed: number;
  jobId: number | null;
  sweepId: number | null;
  promptVersion: number | null;
  /** The model's text (provenance; differs from `text` when edited). */
  modelText: string;
  text: string;
  labels: string[];
  sourceLabels: string[];
  edited: boolean;
  relabelled: boolean;
  similarity: number | null;
  /** Each annotator's latest decision (empty for sets that ignore review). */
  reviews: ReviewDecision[];
}

export interface LoadedVariantSet {
  datasetId: number;
  counts: VariantSetCounts;
  /** The set's variants, by id. */
  variants: SetVariant[];
}

interface VariantDbRow {
  id: number;
  post_id: number;
  source_id: string;
  model: string;
  family: string;
  model_sha256: string | null;
  temperature: number;
  seed: number;
  job_id: number | null;
  sweep_id: number | null;
  prompt_version: number | null;
  status: 'ok' | 'failed';
  text: string | null;
  similarity: number | null;
}

interface ReviewDbRow {
  id: number;
  variant_id: number;
  annotator: string;
  decision: ReviewDecisionKind;
  edited_text: string | null;
  labels_json: string | null;
  similarity: number | null;
  created_at: string;
}

function needDataset(store: Store, dataset: string) {
  const row = store.datasets.get(dataset);
  if (!row) throw new VariantSetError(`no dataset named "${dataset}"`);
  return row;
}

/** The sweep a `sweep` choice means: the one given (checked to be the dataset's), else the latest. */
function resolveSweep(
  store: Store,
  datasetId: number,
  dataset: string,
  set: AuditVariantSet,
  sweep: number | undefined,
): number | null {
  if (set !== 'sweep') {
    if (sweep !== undefined)
      throw new VariantSetError(`a sweep (${sweep}) goes only with the variant set "sweep", not "${set}"`);
    return null;
  }
  if (sweep !== undefined) {
    const owner = store.db.prepare<[number], number>('SELECT dataset_id FROM sweeps WHERE id = ?').pluck().get(sweep);
    if (owner === undefined) throw new VariantSetError(`no sweep ${sweep}`);
    if (owner !== datasetId) throw new VariantSetError(`sweep ${sweep} is not a sweep of dataset "${dataset}"`);
    return sweep;
  }
  const latest = store.db
    .prepare<[number], number>('SELECT max(id) FROM sweeps WHERE dataset_id = ?')
    .pluck()
    .get(datasetId);
  if (latest === null || latest === undefined)
    throw new VariantSetError(`dataset "${dataset}" has no temperature sweep to audit`);
  return latest;
}

/** Each post's labels, by post id (one flat query: a post without labels has no entry). */
function labelsByPost(store: Store, datasetId: number): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const rows = store.db
    .prepare<[number], { post_id: number; name: string }>(
      `SELECT l.post_id, c.name FROM post_labels l JOIN categories c ON c.id = l.category_id
       WHERE c.dataset_id = ? ORDER BY l.post_id, c.id`,
    )
    .all(datasetId);
  for (const r of rows) {
    const list = out.get(r.post_id);
    if (list) list.push(r.name);
    else out.set(r.post_id, [r.name]);
  }
  return out;
}

/** Every review decision of the dataset's generation-job variants that passed the gate, grouped by variant. */
function reviewsByVariant(store: Store, datasetId: number): Map<number, ReviewDecision[]> {
  const rows = store.db
    .prepare<[number], ReviewDbRow>(
      `SELECT r.id, r.variant_id, r.annotator, r.decision, r.edited_text, r.labels_json, r.similarity, r.created_at
       FROM reviews r JOIN variants v ON v.id = r.variant_id JOIN posts p ON p.id = v.post_id
       WHERE p.dataset_id = ? AND v.sweep_id IS NULL AND v.status = 'ok' AND v.text IS NOT NULL ORDER BY r.id`,
    )
    .all(datasetId);
  return groupByVariant(rows);
}

/** Review rows as decisions, grouped by variant, in the rows' order. */
function groupByVariant(rows: readonly ReviewDbRow[]): Map<number, ReviewDecision[]> {
  const out = new Map<number, ReviewDecision[]>();
  for (const r of rows) {
    const d: ReviewDecision = {
      id: r.id,
      annotator: r.annotator,
      decision: r.decision,
      editedText: r.edited_text,
      labels: r.labels_json ? (JSON.parse(r.labels_json) as string[]) : null,
      similarity: r.similarity,
      at: r.created_at,
    };
    const list = out.get(r.variant_id);
    if (list) list.push(d);
    else out.set(r.variant_id, [d]);
  }
  return out;
}

/** Every decision of the given variants, grouped by variant (for a page of the review queue). */
export function reviewsOf(store: Store, variantIds: readonly number[]): Map<number, ReviewDecision[]> {
  if (!variantIds.length) return new Map();
  const rows = store.db
    .prepare(
      `SELECT id, variant_id, annotator, decision, edited_text, labels_json, similarity, created_at FROM reviews
       WHERE variant_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(variantIds)) as ReviewDbRow[];
  return groupByVariant(rows);
}

function emptyCounts(set: AuditVariantSet, sweep: number | null): VariantSetCounts {
  return { set, sweep, generated: 0, gate_rejected: 0, review_rejected: 0, edited: 0, relabelled: 0, included: 0 };
}

/**
 * Counts one variant that passed the gate into its set's counts; says whether the set includes
 * it. Only the synthetic set applies review: others count what review says but keep everything.
 */
function tally(counts: VariantSetCounts, set: AuditVariantSet, review: ResolvedReview): boolean {
  if (review.rejected) counts.review_rejected++;
  if (set === 'synthetic') {
    if (review.rejected) return false;
    if (review.edited) counts.edited++;
    if (review.relabelled) counts.relabelled++;
  }
  counts.included++;
  return true;
}

function resolveChoice(store: Store, dataset: string, choice: VariantSetChoice) {
  const c = VariantSetChoiceSchema.parse(choice);
  const d = needDataset(store, dataset);
  return { c, d, sweep: resolveSweep(store, d.id, dataset, c.variantSet, c.sweep) };
}

/**
 * A dataset's variants of one set with their counts: `synthetic` (default), `all-generated`, or
 * `sweep` (one sweep's samples, the dataset's latest unless `choice.sweep` names one). Throws
 * VariantSetError for an unknown dataset or sweep, or a sweep given with another set.
 */
export function loadVariantSet(store: Store, dataset: string, choice: VariantSetChoice = {}): LoadedVariantSet {
  const { c, d, sweep } = resolveChoice(store, dataset, choice);
  const rows = store.db
    .prepare<[number, number | null, number | null], VariantDbRow>(
      `SELECT v.id, v.post_id, p.external_id AS source_id, m.name AS model, v.family, v.model_sha256, v.temperature,
              v.seed, v.job_id, v.sweep_id, t.version AS prompt_version, v.status, v.text, v.similarity
       FROM variants v JOIN posts p ON p.id = v.post_id JOIN models m ON m.id = v.model_id
       LEFT JOIN prompt_templates t ON t.id = v.prompt_template_id
       WHERE p.dataset_id = ? AND ((? IS NULL AND v.sweep_id IS NULL) OR v.sweep_id = ?)
       ORDER BY v.id`,
    )
    .all(d.id, sweep, sweep);
  const sourceLabels = labelsByPost(store, d.id);
  // Sweep samples are never reviewed (the queue shows generation variants only).
  const reviews = sweep === null ? reviewsByVariant(store, d.id) : new Map<number, ReviewDecision[]>();
  const counts = emptyCounts(c.variantSet, sweep);
  counts.generated = rows.length;
  const applyReview = c.variantSet === 'synthetic';
  const variants: SetVariant[] = [];
  for (const r of rows) {
    if (r.status !== 'ok' || r.text === null) {
      counts.gate_rejected++;
      continue;
    }
    const labels = sourceLabels.get(r.post_id) ?? [];
    const resolved = resolveReview({ text: r.text, labels, similarity: r.similarity }, reviews.get(r.id) ?? []);
    if (!tally(counts, c.variantSet, resolved)) continue;
    const variant: SetVariant = {
      id: r.id,
      postId: r.post_id,
      sourceId: r.source_id,
      model: r.model,
      family: r.family,
      modelSha256: r.model_sha256,
      temperature: r.temperature,
      seed: r.seed,
      jobId: r.job_id,
      sweepId: r.sweep_id,
      promptVersion: r.prompt_version,
      modelText: r.text,
      text: applyReview ? resolved.text : r.text,
      labels: applyReview ? resolved.labels : [...labels],
      sourceLabels: labels,
      edited: applyReview && resolved.edited,
      relabelled: applyReview && resolved.relabelled,
      similarity: applyReview ? resolved.similarity : r.similarity,
      reviews: resolved.latest,
    };
    variants.push(variant);
  }
  return { datasetId: d.id, counts, variants };
}

/**
 * The counts of a set without loading its variants: what the workbench's counters show after
 * every decision. The same rule as loadVariantSet (resolveReview, tally), applied to the reviewed
 * variants only, since an unreviewed variant that passed the gate is simply included.
 */
export function variantSetCounts(store: Store, dataset: string, choice: VariantSetChoice = {}): VariantSetCounts {
  const { c, d, sweep } = resolveChoice(store, dataset, choice);
  const totals = store.db
    .prepare<[number, number | null, number | null], { generated: number; passed: number | null }>(
      `SELECT count(*) AS generated, sum(v.status = 'ok' AND v.text IS NOT NULL) AS passed
       FROM variants v JOIN posts p ON p.id = v.post_id
       WHERE p.dataset_id = ? AND ((? IS NULL AND v.sweep_id IS NULL) OR v.sweep_id = ?)`,
    )
    .get(d.id, sweep, sweep)!;
  const counts = emptyCounts(c.variantSet, sweep);
  counts.generated = totals.generated;
  const passed = totals.passed ?? 0;
  counts.gate_rejected = totals.generated - passed;
  const reviews = sweep === null ? reviewsByVariant(store, d.id) : new Map<number, ReviewDecision[]>();
  const unreviewed = { text: '', labels: [], similarity: null };
  for (const decisions of reviews.values()) tally(counts, c.variantSet, resolveReview(unreviewed, decisions));
  counts.included += passed - reviews.size;
  return counts;
}

/**
 * Variants on which annotators' latest decisions differ, and how many variants two or more
 * annotators decided. Newest disagreement first.
 */
export function reviewDisagreements(
  store: Store,
  dataset: string,
): { shared: number; disagreements: ReviewDisagreement[] } {
  const d = needDataset(store, dataset);
  const reviews = reviewsByVariant(store, d.id);
  const info = store.db
    .prepare<[number], { id: number; source_id: string; model: string; text: string | null; status: string }>(
      `SELECT v.id, p.external_id AS source_id, m.name AS model, v.text, v.status
       FROM variants v JOIN posts p ON p.id = v.post_id JOIN models m ON m.id = v.model_id
       WHERE p.dataset_id = ? AND v.sweep_id IS NULL AND EXISTS (SELECT 1 FROM reviews r WHERE r.variant_id = v.id)`,
    )
    .all(d.id);
  let shared = 0;
  const out: ReviewDisagreement[] = [];
  for (const v of info) {
    const r = resolveReview({ text: v.text ?? '', labels: [], similarity: null }, reviews.get(v.id) ?? []);
    if (r.latest.length < 2) continue;
    shared++;
    if (!r.disagreement) continue;
    out.push({
      variant: v.id,
      source_id: v.source_id,
      model: v.model,
      included: v.status === 'ok' && !r.rejected,
      decisions: r.latest.map((x) => ({ annotator: x.annotator, decision: x.decision, at: x.at })),
    });
  }
  out.sort((a, b) => b.variant - a.variant);
  return { shared, disagreements: out };
}
