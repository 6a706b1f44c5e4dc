/**
 * Annotators' reviews of synthetic variants. Every decision is one INSERT, committed at once
 * (WAL), so nothing is lost in a crash; an annotator's latest decision on a variant counts.
 */
import type { z } from 'zod';
import type { AgreementSchema, DecideSchema, ReviewPageSchema, ReviewProgressSchema, ReviewQuerySchema } from '../contract/review-schemas.js';
import { carriedOver } from '../privacy/pii-match.js';
import { extractPii } from '../privacy/pii-extract.js';
import { longestCommonWordRun } from '../privacy/word-runs.js';
import { datasetTexts } from '../similarity/open-embedder.js';
import { fitTfidf, tfidfVector, type TfidfModel } from '../similarity/tfidf.js';
import { cosine } from '../similarity/vectors.js';
import type { Store } from '../store/store.js';
import { cohensKappa } from './kappa.js';
import { resolveReview, reviewsOf } from './synthetic-set.js';

export class ReviewError extends Error {
  override name = 'ReviewError';
}

type Query = z.output<typeof ReviewQuerySchema>;

const LATEST = `SELECT r.* FROM reviews r WHERE r.id = (SELECT max(id) FROM reviews x WHERE x.variant_id = r.variant_id AND x.annotator = r.annotator)`;

function matchingVariants(q: Query): { sql: string; args: unknown[] } {
  const sql = `SELECT v.id, v.post_id FROM variants v
    JOIN posts p ON p.id = v.post_id JOIN models m ON m.id = v.model_id
    LEFT JOIN (${LATEST}) l ON l.variant_id = v.id AND l.annotator = ?
    WHERE p.dataset_id = ? AND v.sweep_id IS NULL AND v.status = 'ok'
      AND (? IS NULL OR m.name = ?)
      AND (? IS NULL OR (? = 'undecided' AND l.id IS NULL) OR l.decision = ?)
      AND (? IS NULL OR EXISTS (SELECT 1 FROM post_labels pl JOIN categories c ON c.id = pl.category_id WHERE pl.post_id = p.id AND c.name = ?))
      AND (? IS NULL OR v.similarity >= ?) AND (? IS NULL OR v.similarity <= ?)
      AND (? IS NULL OR p.external_id = ?)`;
  const d = q.decision ?? null;
  return {
    sql,
    args: [q.annotator, null, q.model ?? null, q.model ?? null, d, d, d, q.category ?? null, q.category ?? null, q.minSimilarity ?? null, q.minSimilarity ?? null, q.maxSimilarity ?? null, q.maxSimilarity ?? null, q.post ?? null, q.post ?? null],
  };
}

function labelsOf(store: Store, postId: number): string[] {
  return store.db
    .prepare<[number], string>('SELECT c.name FROM post_labels l JOIN categories c ON c.id = l.category_id WHERE l.post_id = ? ORDER BY c.id')
    .pluck()
    .all(postId);
}

export function reviewQueue(store: Store, q: Query): z.infer<typeof ReviewPageSchema> {
  const dataset = store.datasets.get(q.dataset);
  if (!dataset) throw new ReviewError(`no dataset named "${q.dataset}"`);
  const m = matchingVariants(q);
  m.args[1] = dataset.id;
  const total = store.db.prepare(`SELECT count(DISTINCT post_id) FROM (${m.sql})`).pluck().get(...m.args) as number;
  const postIds = store.db.prepare(`SELECT DISTINCT post_id FROM (${m.sql}) ORDER BY post_id LIMIT ? OFFSET ?`).pluck().all(...m.args, q.limit, q.offset) as number[];
  const items = postIds.map((postId) => {
    const post = store.db.prepare<[number], { id: number; external_id: string; text: string }>('SELECT id, external_id, text FROM posts WHERE id = ?').get(postId)!;
    const variants = store.db
      .prepare(
        `SELECT v.id, m.name AS model, v.temperature, v.text, v.similarity, l.decision, l.edited_text, l.labels_json, l.created_at
         FROM (${m.sql}) mv JOIN variants v ON v.id = mv.id JOIN models m ON m.id = v.model_id
         LEFT JOIN (${LATEST}) l ON l.variant_id = v.id AND l.annotator = ?
         WHERE v.post_id = ? ORDER BY m.name, v.id`,
      )
      .all(...m.args, q.annotator, postId) as { id: number; model: string; temperature: number; text: string; similarity: number | null; decision: string | null; edited_text: string | null; labels_json: string | null; created_at: string | null }[];
    const region = store.db.prepare<[number], string | null>('SELECT d.region FROM posts p JOIN datasets d ON d.id = p.dataset_id WHERE p.id = ?').pluck().get(postId);
    const piiOptions = region ? { region } : {};
    const sourcePii = extractPii(post.text, piiOptions);
    const postLabels = labelsOf(store, post.id);
    const decisions = reviewsOf(store, variants.map((v) => v.id));
    return {
      post: { id: post.id, externalId: post.external_id, text: post.text, labels: postLabels },
      variants: variants.map((v) => {
        const set = resolveReview({ text: v.text, labels: postLabels, similarity: v.similarity }, decisions.get(v.id) ?? []);
        const own = set.latest.find((d) => d.annotator === q.annotator);
        // The badges describe the text the card shows: this annotator's edit, else the synthetic set's text.
        const ownEdit = own?.decision === 'edit' && own.editedText !== null ? own : undefined;
        const shown = ownEdit ? ownEdit.editedText! : set.text;
        return {
          id: v.id,
          model: v.model,
          temperature: v.temperature,
          text: v.text,
          currentText: set.text,
          inSet: !set.rejected,
          similarity: ownEdit ? ownEdit.similarity : set.similarity,
          verbatimRun: longestCommonWordRun(post.text, shown).length,
          piiCarried: carriedOver(sourcePii, shown, piiOptions).map((p) => ({ category: p.category, value: p.text })),
          decision: v.decision
            ? { decision: v.decision as 'accept', editedText: v.edited_text, labels: v.labels_json ? (JSON.parse(v.labels_json) as string[]) : null, at: v.created_at! }
            : null,
        };
      }),
    };
  });
  return { total, items };
}

/**
 * TF-IDF fitted on one dataset's originals, kept for the next edit: fitting takes seconds on
 * 100,000 posts. The key changes whenever an import adds or replaces posts.
 */
let tfidfCache: { key: string; model: TfidfModel } | undefined;

/**
 * Cosine similarity of an edited text to its variant's source, with the embedder that scored the
 * variants (TF-IDF, word 1–2-grams, fitted on the dataset's originals: similarity/score-variants.ts),
 * so an edit's similarity compares with the model's.
 */
function editSimilarity(store: Store, datasetId: number, variantId: number, text: string): number {
  const stamp = store.db
    .prepare<[number], { n: number; last: number | null; imported: number | null }>('SELECT count(*) AS n, max(id) AS last, max(import_id) AS imported FROM posts WHERE dataset_id = ?')
    .get(datasetId)!;
  const key = `${store.file}:${datasetId}:${stamp.n}:${stamp.last}:${stamp.imported}`;
  if (tfidfCache?.key !== key) tfidfCache = { key, model: fitTfidf(datasetTexts(store, datasetId)) };
  const source = store.db.prepare<[number], string>('SELECT p.text FROM variants v JOIN posts p ON p.id = v.post_id WHERE v.id = ?').pluck().get(variantId)!;
  return cosine(tfidfVector(tfidfCache.model, source), tfidfVector(tfidfCache.model, text));
}

/** Saves one decision at once (an edit with its similarity to the source); returns its id and time. */
export function decide(store: Store, d: z.output<typeof DecideSchema>): { id: number; at: string } {
  const v = store.db
    .prepare<[number], { id: number; dataset_id: number }>('SELECT v.id, p.dataset_id FROM variants v JOIN posts p ON p.id = v.post_id WHERE v.id = ?')
    .get(d.variantId);
  if (!v) throw new ReviewError(`no variant ${d.variantId}`);
  if (d.labels) {
    const known = new Set(store.datasets.categories(v.dataset_id).map((c) => c.name));
    const unknown = d.labels.filter((l) => !known.has(l));
    if (unknown.length) throw new ReviewError(`unknown categories: ${unknown.join(', ')}`);
  }
  const edited = d.decision === 'edit' ? d.editedText!.trim() : null;
  const similarity = edited === null ? null : editSimilarity(store, v.dataset_id, v.id, edited);
  const r = store.db
    .prepare('INSERT INTO reviews (variant_id, annotator, decision, edited_text, labels_json, note, similarity) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(d.variantId, d.annotator, d.decision, edited, d.labels ? JSON.stringify([...new Set(d.labels)]) : null, d.note ?? null, similarity);
  const at = store.db.prepare('SELECT created_at FROM reviews WHERE id = ?').pluck().get(r.lastInsertRowid) as string;
  return { id: Number(r.lastInsertRowid), at };
}

export function reviewProgress(store: Store, dataset: string, annotator: string): z.infer<typeof ReviewProgressSchema> {
  const d = store.datasets.get(dataset);
  if (!d) throw new ReviewError(`no dataset named "${dataset}"`);
  const variants = store.db
    .prepare(`SELECT count(*) FROM variants v JOIN posts p ON p.id = v.post_id WHERE p.dataset_id = ? AND v.sweep_id IS NULL AND v.status = 'ok'`)
    .pluck()
    .get(d.id) as number;
  const rows = store.db
    .prepare(`SELECT l.decision, count(*) AS n FROM (${LATEST}) l JOIN variants v ON v.id = l.variant_id JOIN posts p ON p.id = v.post_id WHERE p.dataset_id = ? AND l.annotator = ? GROUP BY l.decision`)
    .all(d.id, annotator) as { decision: string; n: number }[];
  return { annotator, variants, reviewed: rows.reduce((a, r) => a + r.n, 0), byDecision: Object.fromEntries(rows.map((r) => [r.decision, r.n])) };
}

/** Cohen's kappa for every pair of annotators over the variants both decided. */
export function reviewAgreement(store: Store, dataset: string): z.infer<typeof AgreementSchema> {
  const d = store.datasets.get(dataset);
  if (!d) throw new ReviewError(`no dataset named "${dataset}"`);
  const rows = store.db
    .prepare(`SELECT l.variant_id, l.annotator, l.decision FROM (${LATEST}) l JOIN variants v ON v.id = l.variant_id JOIN posts p ON p.id = v.post_id WHERE p.dataset_id = ?`)
    .all(d.id) as { variant_id: number; annotator: string; decision: string }[];
  const byAnnotator = new Map<string, Map<number, string>>();
  for (const r of rows) {
    if (!byAnnotator.has(r.annotator)) byAnnotator.set(r.annotator, new Map());
    byAnnotator.get(r.annotator)!.set(r.variant_id, r.decision);
  }
  const names = [...byAnnotator.keys()].sort();
  const out: z.infer<typeof AgreementSchema> = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = byAnnotator.get(names[i]!)!;
      const b = byAnnotator.get(names[j]!)!;
      const pairs: [string, string][] = [...a].filter(([id]) => b.has(id)).map(([id, x]) => [x, b.get(id)!]);
      out.push({
        annotators: [names[i]!, names[j]!],
        items: pairs.length,
        kappa: cohensKappa(pairs),
        agreement: pairs.length ? pairs.filter(([x, y]) => x === y).length / pairs.length : null,
      });
    }
  }
  return out;
}
