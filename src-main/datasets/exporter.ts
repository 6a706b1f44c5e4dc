import { stringify } from 'csv-stringify/sync';
import { ExportOptionsSchema, type ExportOptions, type ExportResult } from '../contract/schemas.js';
import { loadVariantSet, type SetVariant } from '../review/synthetic-set.js';
import type { Store } from '../store/store.js';
import { writeFileAtomic } from '../util/atomic-file.js';

/** Separator used for the labels cell of exported CSV; the importer accepts it back. */
export const CSV_LABEL_SEPARATOR = ';';

export class ExportError extends Error {
  override name = 'ExportError';
}

type Row = Record<string, unknown>;

function* postRows(store: Store, datasetId: number): Generator<Row> {
  for (const p of store.posts.iterateLabelled(datasetId)) yield { id: p.externalId, text: p.text, labels: p.labels };
}

/**
 * One variant of a set as an export line: "id", "text" and "labels" first, so the file imports
 * back as a dataset, then its provenance. `text` and `labels` are the set's (a reviewer's edit
 * or relabel where there is one). With `withModelText`, the model's text and reviewers' edited
 * texts come too (the workspace export); a release leaves them out, since an edit may be what
 * took a leaked value out.
 */
export function variantRecord(v: SetVariant, withModelText: boolean): Row {
  return {
    id: `v${v.id}`,
    text: v.text,
    labels: v.labels,
    source_id: v.sourceId,
    model: v.model,
    family: v.family,
    model_sha256: v.modelSha256,
    temperature: v.temperature,
    seed: v.seed,
    prompt_version: v.promptVersion,
    job_id: v.jobId,
    ...(v.sweepId !== null ? { sweep_id: v.sweepId } : {}),
    edited: v.edited,
    relabelled: v.relabelled,
    ...(withModelText ? { model_text: v.modelText, similarity: v.similarity } : {}),
    reviews: v.reviews.map((r) => ({
      annotator: r.annotator,
      decision: r.decision,
      ...(withModelText ? { edited_text: r.editedText } : {}),
      labels: r.labels,
      at: r.at,
    })),
  };
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    return value.every((v) => typeof v === 'string') ? value.join(CSV_LABEL_SEPARATOR) : JSON.stringify(value);
  }
  return String(value);
}

export function* serialise(rows: Iterable<Row>, format: 'jsonl' | 'csv', counter: { rows: number }): Generator<string> {
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

/**
 * Writes a dataset's posts, or the variants of one set (the synthetic set by default) with
 * their provenance, to `out` atomically, or to `sink` (e.g. stdout). */
export async function exportDataset(
  store: Store,
  options: ExportOptions,
  out: string | { write(chunk: string): unknown },
): Promise<ExportResult> {
  const o = ExportOptionsSchema.parse(options);
  const dataset = store.datasets.get(o.dataset);
  if (!dataset) throw new ExportError(`no dataset named "${o.dataset}"`);
  const counter = { rows: 0 };
  const set = o.kind === 'variants' ? loadVariantSet(store, o.dataset, { variantSet: o.variantSet }) : undefined;
  const rows = set ? set.variants.map((v) => variantRecord(v, true)) : postRows(store, dataset.id);
  const chunks = serialise(rows, o.format, counter);
  if (typeof out === 'string') {
    await writeFileAtomic(out, chunks);
  } else {
    for (const c of chunks) out.write(c);
  }
  return {
    dataset: o.dataset,
    file: typeof out === 'string' ? out : '-',
    format: o.format,
    kind: o.kind,
    rows: counter.rows,
    variant_set: set?.counts ?? null,
  };
}
