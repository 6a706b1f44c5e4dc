import { stringify } from 'csv-stringify/sync';
import { ExportOptionsSchema, type ExportOptions, type ExportResult } from '../contract/schemas.js';
import type { Store } from '../store/store.js';
import { writeFileAtomic } from '../util/atomic-file.js';

/** Separator used for the labels cell of exported CSV; the importer accepts it back. */
export const CSV_LABEL_SEPARATOR = ';';

export class ExportError extends Error {
  override name = 'ExportError';
}

interface VariantExportRow {
  id: number;
  source_id: string;
  model: string;
  family: string;
  model_sha256: string | null;
  temperature: number;
  seed: number;
  prompt_version: number | null;
  status: string;
  text: string | null;
  failure_reason: string | null;
  tokens_in: number | null;
  tokens_out: number | null;
  generation_ms: number | null;
  similarity: number | null;
  job_id: number | null;
  sweep_id: number | null;
  created_at: string;
  labels: string;
  reviews: string;
}

type Row = Record<string, unknown>;

function* postRows(store: Store, datasetId: number): Generator<Row> {
  for (const p of store.posts.iterateLabelled(datasetId)) yield { id: p.externalId, text: p.text, labels: p.labels };
}

function* variantRows(store: Store, datasetId: number): Generator<Row> {
  const stmt = store.db.prepare<[number], VariantExportRow>(
    `SELECT v.id, p.external_id AS source_id, m.name AS model, v.family, v.model_sha256, v.temperature, v.seed,
            t.version AS prompt_version, v.status, v.text, v.failure_reason, v.tokens_in, v.tokens_out,
            v.generation_ms, v.similarity, v.job_id, v.sweep_id, v.created_at,
            (SELECT json_group_array(c.name) FROM
               (SELECT c.name FROM post_labels l JOIN categories c ON c.id = l.category_id
                WHERE l.post_id = p.id ORDER BY c.id) AS c) AS labels,
            (SELECT json_group_array(json_object('annotator', r.annotator, 'decision', r.decision,
                      'edited_text', r.edited_text, 'labels', json(r.labels_json), 'at', r.created_at))
               FROM (SELECT * FROM reviews r WHERE r.variant_id = v.id ORDER BY r.id) AS r) AS reviews
     FROM variants v
     JOIN posts p ON p.id = v.post_id
     JOIN models m ON m.id = v.model_id
     LEFT JOIN prompt_templates t ON t.id = v.prompt_template_id
     WHERE p.dataset_id = ? ORDER BY p.id, m.name, v.id`,
  );
  for (const r of stmt.iterate(datasetId)) {
    // Variant lines carry "id", "text" and "labels" so an export imports back as a dataset.
    yield {
      id: `v${r.id}`,
      source_id: r.source_id,
      model: r.model,
      family: r.family,
      model_sha256: r.model_sha256,
      temperature: r.temperature,
      seed: r.seed,
      prompt_version: r.prompt_version,
      status: r.status,
      text: r.text,
      labels: JSON.parse(r.labels) as string[],
      failure_reason: r.failure_reason,
      tokens_in: r.tokens_in,
      tokens_out: r.tokens_out,
      generation_ms: r.generation_ms,
      similarity: r.similarity,
      job_id: r.job_id,
      sweep_id: r.sweep_id,
      created_at: r.created_at,
      reviews: JSON.parse(r.reviews) as unknown[],
    };
  }
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    return value.every((v) => typeof v === 'string') ? value.join(CSV_LABEL_SEPARATOR) : JSON.stringify(value);
  }
  return String(value);
}

function* serialise(rows: Iterable<Row>, format: 'jsonl' | 'csv', counter: { rows: number }): Generator<string> {
  let header: string[] | undefined;
  for (const row of rows) {
    counter.rows++;
    if (format === 'jsonl') {
      yield JSON.stringify(row) + '\n';
      continue;
    }
    if (!header) {
      header = Object.keys(row);
      yield stringify([header]);
    }
    yield stringify([header.map((k) => csvCell(row[k]))]);
  }
  if (format === 'csv' && !header) yield 'id,text,labels\n';
}

/** Writes a dataset's posts or variants to `out` atomically, or to `sink` (e.g. stdout). */
export async function exportDataset(
  store: Store,
  options: ExportOptions,
  out: string | { write(chunk: string): unknown },
): Promise<ExportResult> {
  const o = ExportOptionsSchema.parse(options);
  const dataset = store.datasets.get(o.dataset);
  if (!dataset) throw new ExportError(`no dataset named "${o.dataset}"`);
  const counter = { rows: 0 };
  const rows = o.kind === 'posts' ? postRows(store, dataset.id) : variantRows(store, dataset.id);
  const chunks = serialise(rows, o.format, counter);
  if (typeof out === 'string') {
    await writeFileAtomic(out, chunks);
  } else {
    for (const c of chunks) out.write(c);
  }
  return { dataset: o.dataset, file: typeof out === 'string' ? out : '-', format: o.format, kind: o.kind, rows: counter.rows };
}
