/** Stored audits (tables `audits` and `audit_variants`, schema version 4). */
import type { AuditListItem, AuditResult, AuditVariantRow } from '../contract/audit-schemas.js';
import type { Db } from '../store/database.js';

interface AuditDbRow {
  id: number;
  dataset: string;
  embedder: string;
  results_json: string;
  created_at: string;
}

/** What results_json holds: the result less what the audits row itself says. */
type StoredResult = Omit<AuditResult, 'audit' | 'created_at'>;

export class AuditRepo {
  private readonly insertStmt;
  private readonly insertRowStmt;
  private readonly byIdStmt;
  private readonly listStmt;
  private readonly rowsStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<[number, string, string, string, number]>(
      'INSERT INTO audits (dataset_id, embedder, params_json, results_json, seconds) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertRowStmt = db.prepare<[number, number, string]>(
      'INSERT INTO audit_variants (audit_id, variant_id, row_json) VALUES (?, ?, ?)',
    );
    const select = `SELECT a.id, d.name AS dataset, a.embedder, a.results_json, a.created_at
                    FROM audits a JOIN datasets d ON d.id = a.dataset_id`;
    this.byIdStmt = db.prepare<[number], AuditDbRow>(`${select} WHERE a.id = ?`);
    this.listStmt = db.prepare<[string | null, string | null], AuditDbRow>(
      `${select} WHERE (? IS NULL OR d.name = ?) ORDER BY a.id DESC`,
    );
    this.rowsStmt = db
      .prepare<[number], string>('SELECT row_json FROM audit_variants WHERE audit_id = ? ORDER BY variant_id')
      .pluck();
  }

  /** Stores an audit with its per-variant rows in one transaction; returns it with its id and time. */
  insert(datasetId: number, result: StoredResult, rows: readonly AuditVariantRow[]): AuditResult {
    const id = this.db.transaction(() => {
      const auditId = Number(
        this.insertStmt.run(
          datasetId,
          result.embedder,
          JSON.stringify(result.params),
          JSON.stringify(result),
          result.seconds,
        ).lastInsertRowid,
      );
      for (const r of rows) this.insertRowStmt.run(auditId, r.variant_id, JSON.stringify(r));
      return auditId;
    })();
    return this.get(id)!;
  }

  get(id: number): AuditResult | undefined {
    const row = this.byIdStmt.get(id);
    return row && toResult(row);
  }

  /** Newest first, optionally only one dataset's. */
  list(dataset?: string): AuditListItem[] {
    return this.listStmt.all(dataset ?? null, dataset ?? null).map((row) => {
      const result = toResult(row);
      return {
        audit: result.audit,
        dataset: result.dataset,
        embedder: result.embedder,
        variants: result.overall.variants,
        models: result.models.map((m) => m.model),
        variant_set: result.variant_set,
        created_at: result.created_at,
      };
    });
  }

  /** The audited variants, by variant id; streamed so an export needs no more memory than a row. */
  *rows(id: number): Generator<AuditVariantRow> {
    for (const json of this.rowsStmt.iterate(id)) yield JSON.parse(json) as AuditVariantRow;
  }
}

function toResult(row: AuditDbRow): AuditResult {
  // Audits stored before results recorded their variant set have none.
  const stored = JSON.parse(row.results_json) as Omit<StoredResult, 'variant_set'> & Partial<Pick<StoredResult, 'variant_set'>>;
  return { audit: row.id, ...stored, variant_set: stored.variant_set ?? null, dataset: row.dataset, created_at: row.created_at };
}
