import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
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
import type { InputFormat, SourceRecord } from './records.js';

export interface ImportProgress {
  posts: number;
  line: number;
}

export function formatFromPath(file: string): InputFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  return undefined;
}

function records(file: string, format: InputFormat, o: ResolvedImportOptions, hash: ReturnType<typeof createHash>) {
  const lineOptions = { maxLineBytes: o.maxLineBytes, hash };
  return format === 'jsonl'
    ? readJsonl(file, lineOptions)
    : readCsv(file, {
        ...lineOptions,
        idColumn: o.idColumn,
        textColumn: o.textColumn,
        labelsColumn: o.labelsColumn,
        ...(o.labelColumns ? { labelColumns: o.labelColumns } : {}),
      });
}

/**
 * Imports a JSONL or CSV file into a dataset, all or nothing: the whole file is read and
 * written inside one transaction, so any error leaves the database as it was. Posts that
 * are already present (same id, or same text when the file has no ids) are not added
 * again; their labels are replaced when the file says otherwise.
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
  if (!format) throw new ImportError(file, 'unknown file type: use a .jsonl or .csv file, or give the format');
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
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS import_seen (key TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID');
    db.exec('DELETE FROM temp.import_seen');
    const seenGet = db.prepare<[string], { line: number }>('SELECT line FROM temp.import_seen WHERE key = ?');
    const seenPut = db.prepare<[string, number]>('INSERT INTO temp.import_seen (key, line) VALUES (?, ?)');

    let dataset = store.datasets.get(o.dataset);
    if (!dataset) dataset = store.datasets.create(o.dataset, o.description ?? '', o.categories !== undefined);
    const categoryIds = new Map(store.datasets.categories(dataset.id).map((c) => [c.name, c.id]));
    if (o.categories) {
      for (const c of o.categories) {
        if (!categoryIds.has(c.name)) categoryIds.set(c.name, store.datasets.addCategory(dataset.id, c.name, c.description));
      }
      if (!dataset.categories_locked) store.datasets.lockCategories(dataset.id);
    }
    const locked = dataset.categories_locked === 1 || o.categories !== undefined;
    const declared = () => [...categoryIds.keys()].join(', ');

    const importId = Number(
      db
        .prepare(
          `INSERT INTO imports (dataset_id, file_name, format, file_sha256, posts, new_posts, updated_posts)
           VALUES (?, ?, ?, '', 0, 0, 0)`,
        )
        .run(dataset.id, path.basename(file), format).lastInsertRowid,
    );

    let total = 0;
    let added = 0;
    let updated = 0;
    const resolveLabels = (rec: SourceRecord): number[] => {
      const ids = new Set<number>();
      for (const raw of rec.labels) {
        const name = raw.trim();
        if (!name) throw new ImportError(file, 'empty label name', rec.line);
        let id = categoryIds.get(name);
        if (id === undefined) {
          if (locked) throw new ImportError(file, `label "${name}" is not a declared category (declared: ${declared()})`, rec.line);
          id = store.datasets.addCategory(dataset.id, name);
          categoryIds.set(name, id);
        }
        ids.add(id);
      }
      return [...ids].sort((a, b) => a - b);
    };

    for await (const rec of records(file, format, o, fileHash)) {
      const text = rec.text.trim();
      if (!text) throw new ImportError(file, 'empty text', rec.line);
      const hash = textHash(text);
      const key = rec.id !== undefined ? `id:${rec.id}` : `text:${hash}`;
      const first = seenGet.get(key);
      if (first) {
        throw new ImportError(
          file,
          rec.id !== undefined ? `duplicate id "${rec.id}" (first on line ${first.line})` : `duplicate text (same as line ${first.line})`,
          rec.line,
        );
      }
      seenPut.run(key, rec.line);
      const labels = resolveLabels(rec);
      const existing =
        rec.id !== undefined
          ? store.posts.findByExternalId(dataset.id, rec.id)
          : store.posts.findByHash(dataset.id, hash);
      if (existing) {
        if (rec.id !== undefined && existing.text_hash !== hash) {
          throw new ImportError(
            file,
            `id "${rec.id}" already exists in dataset "${o.dataset}" with a different text; use a new id or another dataset`,
            rec.line,
          );
        }
        const before = store.posts.labelIds(existing.id);
        if (before.length !== labels.length || before.some((v, i) => v !== labels[i])) {
          store.posts.setLabels(existing.id, labels, true);
          updated++;
        }
      } else {
        // Posts without an id get a stable one from their text, so re-imports match them.
        const externalId = rec.id ?? `sha256:${hash.slice(0, 16)}`;
        const postId = store.posts.insert(dataset.id, externalId, text, hash, importId);
        store.posts.setLabels(postId, labels, false);
        added++;
      }
      total++;
      if (onProgress && total % 1000 === 0) onProgress({ posts: total, line: rec.line });
    }
    if (total === 0) throw new ImportError(file, 'no posts in file');

    db.prepare('UPDATE imports SET file_sha256 = ?, posts = ?, new_posts = ?, updated_posts = ? WHERE id = ?').run(
      fileHash.digest('hex'),
      total,
      added,
      updated,
      importId,
    );
    db.exec('DROP TABLE temp.import_seen');
    db.exec('COMMIT');
    onProgress?.({ posts: total, line: -1 });
    return {
      dataset: o.dataset,
      file,
      format,
      posts: total,
      new: added,
      updated,
      unchanged: total - added - updated,
      categories: store.datasets.categories(dataset.id).map((c) => c.name),
      seconds: (performance.now() - started) / 1000,
    };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
