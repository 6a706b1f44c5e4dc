import type { Db } from './database.js';

export interface PostRow {
  id: number;
  dataset_id: number;
  external_id: string;
  text: string;
  text_hash: string;
}

export interface LabelledPost {
  id: number;
  externalId: string;
  text: string;
  labels: string[];
}

interface LabelledPostRow {
  id: number;
  external_id: string;
  text: string;
  labels: string;
}

export class PostRepo {
  private readonly byExternalId;
  private readonly byHash;
  private readonly insertStmt;
  private readonly insertLabelStmt;
  private readonly clearLabelsStmt;
  private readonly labelIdsStmt;
  private readonly countStmt;
  private readonly labelledStmt;

  constructor(db: Db) {
    this.byExternalId = db.prepare<[number, string], PostRow>(
      'SELECT * FROM posts WHERE dataset_id = ? AND external_id = ?',
    );
    this.byHash = db.prepare<[number, string], PostRow>(
      'SELECT * FROM posts WHERE dataset_id = ? AND text_hash = ? LIMIT 1',
    );
    this.insertStmt = db.prepare<[number, string, string, string, number | null]>(
      'INSERT INTO posts (dataset_id, external_id, text, text_hash, import_id) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertLabelStmt = db.prepare<[number, number]>(
      'INSERT OR IGNORE INTO post_labels (post_id, category_id) VALUES (?, ?)',
    );
    this.clearLabelsStmt = db.prepare<[number]>('DELETE FROM post_labels WHERE post_id = ?');
    this.labelIdsStmt = db
      .prepare<[number], number>('SELECT category_id FROM post_labels WHERE post_id = ? ORDER BY category_id')
      .pluck();
    this.countStmt = db.prepare<[number], number>('SELECT count(*) FROM posts WHERE dataset_id = ?').pluck();
    // Label names travel as a JSON array so no separator can collide with a category name.
    this.labelledStmt = db.prepare<[number], LabelledPostRow>(
      `SELECT p.id, p.external_id, p.text,
              (SELECT json_group_array(c.name) FROM
                 (SELECT c.name FROM post_labels l JOIN categories c ON c.id = l.category_id
                  WHERE l.post_id = p.id ORDER BY c.id) AS c) AS labels
       FROM posts p WHERE p.dataset_id = ? ORDER BY p.id`,
    );
  }

  findByExternalId(datasetId: number, externalId: string): PostRow | undefined {
    return this.byExternalId.get(datasetId, externalId);
  }

  findByHash(datasetId: number, hash: string): PostRow | undefined {
    return this.byHash.get(datasetId, hash);
  }

  insert(datasetId: number, externalId: string, text: string, hash: string, importId: number | null): number {
    return Number(this.insertStmt.run(datasetId, externalId, text, hash, importId).lastInsertRowid);
  }

  labelIds(postId: number): number[] {
    return this.labelIdsStmt.all(postId);
  }

  setLabels(postId: number, categoryIds: readonly number[], replace: boolean): void {
    if (replace) this.clearLabelsStmt.run(postId);
    for (const c of categoryIds) this.insertLabelStmt.run(postId, c);
  }

  count(datasetId: number): number {
    return this.countStmt.get(datasetId) ?? 0;
  }

  /** Streams a dataset's posts with their label names, in import order. */
  *iterateLabelled(datasetId: number): Generator<LabelledPost> {
    for (const row of this.labelledStmt.iterate(datasetId)) {
      yield { id: row.id, externalId: row.external_id, text: row.text, labels: JSON.parse(row.labels) as string[] };
    }
  }
}
