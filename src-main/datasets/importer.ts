import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { isSupportedCountry } from 'libphonenumber-js';
import {
  ImportOptionsSchema,
  type ImportOptions,
  type ImportResult,
  type ResolvedImportOptions,
} from '../contract/schemas.js';
import type { Store } from '../store/store.js';
import { textHash } from '../store/text-hash.js';
import { ImportError } from './errors.js';
import { readCsv } from './csv-reader.js';
import { readJsonl } from './jsonl-reader.js';
import { readJsonArray } from './json-array-reader.js';
import { readParquet } from './parquet-reader.js';
import type { InputFormat, SourceRecord } from './records.js';

export interface ImportProgress {
  posts: number;
  line: number;
}

export function formatFromPath(file: string): InputFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.json' || ext === '.js') return 'json';
  if (ext === '.parquet') return 'parquet';
  return undefined;
}

function records(
  file: string,
  format: InputFormat,
  o: ResolvedImportOptions,
  hash: ReturnType<typeof createHash>,
  replaced: { count: number } | undefined,
): AsyncGenerator<SourceRecord> {
  const options = {
    maxLineBytes: o.maxLineBytes,
    hash,
    ...(replaced ? { replaced } : {}),
    idColumn: o.idColumn,
    textColumn: o.textColumn,
    labelsColumn: o.labelsColumn,
    ...(o.labelColumns ? { labelColumns: o.labelColumns } : {}),
    ...(o.labelSeparator ? { labelSeparator: o.labelSeparator } : {}),
    ...(o.preset ? { preset: o.preset } : {}),
    ...(o.delimiter ? { delimiter: o.delimiter } : path.extname(file).toLowerCase() === '.tsv' ? { delimiter: 'tab' as const } : {}),
  };
  switch (format) {
    case 'jsonl':
      return readJsonl(file, options);
    case 'json':
      return readJsonArray(file, options);
    case 'parquet':
      return readParquet(file, options);
    case 'csv':
      return readCsv(file, options);
  }
}

/** Records staged per synchronous batch: big enough to be fast, small enough to stay responsive. */
const STAGE_BATCH = 1000;
let stagingCounter = 0;

interface StagedRow {
  line: number;
  existing: number | null;
}

/**
 * Imports a JSONL, JSON-array, CSV or Parquet file into a dataset, all or nothing, without
 * holding the database's write lock while the file is read:
 * 1. the file is read, checked and staged into this connection's TEMP tables (which take no
 *    lock on the workspace), comparing each record with what the dataset already holds;
 * 2. one short IMMEDIATE transaction publishes the staged rows with set-based INSERTs,
 *    after checking that no other writer changed the matched posts meanwhile.
 * Any error before or during step 2 leaves the workspace as it was. Posts that are already
 * present (same id, or same text when the file has no ids) are not added again; their labels
 * are replaced when the file says otherwise.
 */
export async function importFile(
  store: Store,
  file: string,
  options: ImportOptions,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportResult> {
  const started = performance.now();
  const o = ImportOptionsSchema.parse(options);
  const format = o.format ?? formatFromPath(file);
  if (o.region && !isSupportedCountry(o.region)) {
    throw new ImportError(file, `unknown region "${o.region}": give a two-letter ISO 3166-1 code such as FR, DE, GB, US, IN, BR or JP`);
  }
  if (!format) throw new ImportError(file, 'unknown file type: use a .jsonl, .ndjson, .csv, .tsv, .json, .js or .parquet file, or give the format');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ImportError(file, 'file not found');
  }
  if (!stat.isFile()) throw new ImportError(file, 'not a regular file');
  if (stat.size === 0) throw new ImportError(file, 'file is empty');

  const { db } = store;
  const fileHash = createHash('sha256');
  const replaced = o.replaceInvalid ? { count: 0 } : undefined;
  const n = ++stagingCounter;
  const rowsTable = `temp.import_rows_${n}`;
  const labelsTable = `temp.import_labels_${n}`;
  db.exec(`CREATE TEMP TABLE import_rows_${n} (
    seq INTEGER PRIMARY KEY, line INTEGER NOT NULL, key TEXT NOT NULL UNIQUE, external_id TEXT NOT NULL,
    text TEXT NOT NULL, hash TEXT NOT NULL, existing INTEGER, relabel INTEGER NOT NULL DEFAULT 0)`);
  db.exec(`CREATE TEMP TABLE import_labels_${n} (seq INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (seq, name)) WITHOUT ROWID`);
  try {
    // Step 1: read and stage. The dataset is read as it is now; step 2 checks it did not change.
    const dataset = store.datasets.get(o.dataset);
    const knownCategories = new Set(dataset ? store.datasets.categories(dataset.id).map((c) => c.name) : []);
    for (const c of o.categories ?? []) knownCategories.add(c.name);
    const locked = dataset?.categories_locked === 1 || o.categories !== undefined;
    const declared = () => [...knownCategories].join(', ');
    const newCategories: string[] = [];

    const seenGet = db.prepare<[string], { line: number }>(`SELECT line FROM ${rowsTable} WHERE key = ?`);
    const stageRow = db.prepare<[number, string, string, string, string, number | null, number]>(
      `INSERT INTO ${rowsTable} (line, key, external_id, text, hash, existing, relabel) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const stageLabel = db.prepare<[number, string]>(`INSERT OR IGNORE INTO ${labelsTable} (seq, name) VALUES (?, ?)`);
    const labelNamesOf = db
      .prepare<[number], string>(
        'SELECT c.name FROM post_labels l JOIN categories c ON c.id = l.category_id WHERE l.post_id = ? ORDER BY c.name',
      )
      .pluck();

    let total = 0;
    let added = 0;
    let updated = 0;
    const skipped: Record<string, number> = {};
    const labelNames = (rec: SourceRecord): string[] => {
      const names = new Set<string>();
      for (const raw of rec.labels) {
        const name = raw.trim();
        if (!name) throw new ImportError(file, 'empty label name', rec.line, format === 'parquet' ? 'row' : 'line');
        if (!knownCategories.has(name)) {
          if (locked) {
            throw new ImportError(file, `label "${name}" is not a declared category (declared: ${declared()})`, rec.line, format === 'parquet' ? 'row' : 'line');
          }
          knownCategories.add(name);
          newCategories.push(name);
        }
        names.add(name);
      }
      return [...names].sort();
    };
    const unit = format === 'parquet' ? 'row' : 'line';
    const stage = db.transaction((batch: SourceRecord[]) => {
      for (const rec of batch) {
        const text = rec.text.trim();
        if (!text) throw new ImportError(file, 'empty text', rec.line, unit);
        const hash = textHash(text);
        const key = rec.id !== undefined ? `id:${rec.id}` : `text:${hash}`;
        const first = seenGet.get(key);
        if (first) {
          throw new ImportError(
            file,
            rec.id !== undefined ? `duplicate id "${rec.id}" (first on ${unit} ${first.line})` : `duplicate text (same as ${unit} ${first.line})`,
            rec.line,
            unit,
          );
        }
        const labels = labelNames(rec);
        let existing: StagedRow['existing'] = null;
        let relabel = false;
        if (dataset) {
          const post = rec.id !== undefined ? store.posts.findByExternalId(dataset.id, rec.id) : store.posts.findByHash(dataset.id, hash);
          if (post) {
            if (rec.id !== undefined && post.text_hash !== hash) {
              throw new ImportError(
                file,
                `id "${rec.id}" already exists in dataset "${o.dataset}" with a different text; use a new id or another dataset`,
                rec.line,
                unit,
              );
            }
            existing = post.id;
            const before = labelNamesOf.all(post.id);
            relabel = before.length !== labels.length || before.some((v, i) => v !== labels[i]);
          }
        }
        // Posts without an id get a stable one from their text, so re-imports match them.
        const externalId = existing !== null && rec.id === undefined ? '' : (rec.id ?? `sha256:${hash.slice(0, 16)}`);
        const seq = Number(stageRow.run(rec.line, key, externalId, text, hash, existing, relabel ? 1 : 0).lastInsertRowid);
        for (const name of labels) stageLabel.run(seq, name);
        if (existing === null) added++;
        else if (relabel) updated++;
        total++;
        if (onProgress && total % 1000 === 0) onProgress({ posts: total, line: rec.line });
      }
    });

    let batch: SourceRecord[] = [];
    for await (const rec of records(file, format, o, fileHash, replaced)) {
      if (rec.skipped !== undefined) {
        skipped[rec.skipped] = (skipped[rec.skipped] ?? 0) + 1;
        continue;
      }
      batch.push(rec);
      if (batch.length >= STAGE_BATCH) {
        stage(batch);
        batch = [];
      }
    }
    stage(batch);
    if (total === 0) {
      const gone = Object.entries(skipped).map(([why, k]) => `${k} ${why}`).join(', ');
      throw new ImportError(file, gone ? `no posts in file (skipped: ${gone})` : 'no posts in file');
    }

    // Step 2: publish in one short write transaction.
    const publish = db.transaction(() => {
      const target = store.datasets.get(o.dataset) ?? store.datasets.create(o.dataset, o.description ?? '', o.categories !== undefined);
      if (dataset && target.id !== dataset.id) {
        throw new ImportError(file, `dataset "${o.dataset}" was replaced while importing; import again`);
      }
      const have = new Set(store.datasets.categories(target.id).map((c) => c.name));
      const add = (name: string, description = '') => {
        if (have.has(name)) return;
        store.datasets.addCategory(target.id, name, description);
        have.add(name);
      };
      for (const c of o.categories ?? []) add(c.name, c.description);
      if (o.categories && !target.categories_locked) store.datasets.lockCategories(target.id);
      if (o.region && target.region !== o.region) store.datasets.setRegion(target.id, o.region);
      for (const name of newCategories) add(name);

      const changed = db
        .prepare<[], { line: number }>(
          `SELECT r.line FROM ${rowsTable} r LEFT JOIN posts p ON p.id = r.existing
           WHERE r.existing IS NOT NULL AND (p.id IS NULL OR p.text_hash <> r.hash) LIMIT 1`,
        )
        .get();
      const arrived = db
        .prepare<[number], { line: number; external_id: string }>(
          `SELECT r.line, r.external_id FROM ${rowsTable} r JOIN posts p ON p.dataset_id = ? AND p.external_id = r.external_id
           WHERE r.existing IS NULL LIMIT 1`,
        )
        .get(target.id);
      const clash = changed ?? arrived;
      if (clash) {
        throw new ImportError(file, `another writer changed this post in dataset "${o.dataset}" while the file was read; import again`, clash.line, unit);
      }

      const importId = Number(
        db
          .prepare(
            `INSERT INTO imports (dataset_id, file_name, format, file_sha256, posts, new_posts, updated_posts)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(target.id, path.basename(file), format, fileHash.digest('hex'), total, added, updated).lastInsertRowid,
      );
      db.prepare(
        `INSERT INTO posts (dataset_id, external_id, text, text_hash, import_id)
         SELECT ?, external_id, text, hash, ? FROM ${rowsTable} WHERE existing IS NULL ORDER BY seq`,
      ).run(target.id, importId);
      db.prepare(
        `INSERT OR IGNORE INTO post_labels (post_id, category_id)
         SELECT p.id, c.id FROM ${labelsTable} l
         JOIN ${rowsTable} r ON r.seq = l.seq
         JOIN posts p ON p.dataset_id = @ds AND p.external_id = r.external_id
         JOIN categories c ON c.dataset_id = @ds AND c.name = l.name
         WHERE r.existing IS NULL`,
      ).run({ ds: target.id });
      db.prepare(`DELETE FROM post_labels WHERE post_id IN (SELECT existing FROM ${rowsTable} WHERE relabel = 1)`).run();
      db.prepare(
        `INSERT OR IGNORE INTO post_labels (post_id, category_id)
         SELECT r.existing, c.id FROM ${labelsTable} l
         JOIN ${rowsTable} r ON r.seq = l.seq
         JOIN categories c ON c.dataset_id = ? AND c.name = l.name
         WHERE r.relabel = 1`,
      ).run(target.id);
      return target;
    });
    const target = publish.immediate();
    onProgress?.({ posts: total, line: -1 });
    return {
      dataset: o.dataset,
      file,
      format,
      posts: total,
      new: added,
      updated,
      unchanged: total - added - updated,
      categories: store.datasets.categories(target.id).map((c) => c.name),
      skipped,
      replacedInvalid: replaced?.count ?? 0,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.exec(`DROP TABLE IF EXISTS ${rowsTable}`);
    db.exec(`DROP TABLE IF EXISTS ${labelsTable}`);
  }
}
