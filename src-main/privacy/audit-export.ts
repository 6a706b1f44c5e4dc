/**
 * Exports a stored audit: JSON (the summary with every per-variant row) or CSV (one line per
 * audited variant). Files are written atomically.
 */
import { stringify } from 'csv-stringify/sync';
import type { AuditExportFormat, AuditResult, AuditVariantRow } from '../contract/audit-schemas.js';
import type { Store } from '../store/store.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { AuditRepo } from './audit-repo.js';
import { AuditError } from './audit.js';

export interface AuditExportResult {
  audit: number;
  file: string;
  format: AuditExportFormat;
  rows: number;
}

/** CSV columns, in order; structured cells (the PII lists) are JSON. */
const CSV_COLUMNS: readonly (keyof AuditVariantRow)[] = [
  'variant_id',
  'source_id',
  'post_id',
  'model',
  'family',
  'temperature',
  'sweep_id',
  'source_rank',
  'originals_above',
  'originals_tied',
  'source_similarity',
  'closest_similarity',
  'closest_source_id',
  'closest_is_source',
  'longest_run',
  'verbatim',
  'longest_run_text',
  'pii_found',
  'pii_carried',
  // Last, so the earlier columns keep their places; empty in audits stored before edits were audited.
  'edited',
];

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function* csvChunks(rows: Iterable<AuditVariantRow>, counter: { rows: number }): Generator<string> {
  yield stringify([CSV_COLUMNS as string[]]);
  for (const row of rows) {
    counter.rows++;
    yield stringify([CSV_COLUMNS.map((c) => csvCell(row[c]))]);
  }
}

/** The summary's JSON with a "variants" array appended, one row per line. */
function* jsonChunks(
  result: AuditResult,
  rows: Iterable<AuditVariantRow>,
  counter: { rows: number },
): Generator<string> {
  const summary = JSON.stringify(result, null, 2);
  yield `${summary.slice(0, summary.lastIndexOf('}')).trimEnd()},\n  "variants": [`;
  for (const row of rows) yield `${counter.rows++ ? ',' : ''}\n    ${JSON.stringify(row)}`;
  yield `${counter.rows ? '\n  ' : ''}]\n}\n`;
}

export async function exportAudit(
  store: Store,
  id: number,
  format: AuditExportFormat,
  out: string | { write(chunk: string): unknown },
): Promise<AuditExportResult> {
  const repo = new AuditRepo(store.db);
  const result = repo.get(id);
  if (!result) throw new AuditError(`no audit ${id}`);
  const counter = { rows: 0 };
  const chunks = format === 'csv' ? csvChunks(repo.rows(id), counter) : jsonChunks(result, repo.rows(id), counter);
  if (typeof out === 'string') await writeFileAtomic(out, chunks);
  else for (const c of chunks) out.write(c);
  return { audit: id, file: typeof out === 'string' ? out : '-', format, rows: counter.rows };
}
