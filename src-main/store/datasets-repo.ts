import type { Db } from './database.js';

export interface DatasetRow {
  id: number;
  name: string;
  description: string;
  categories_locked: 0 | 1;
  created_at: string;
  /** ISO 3166-1 alpha-2, or null when none was given. */
  region: string | null;
}

export interface CategoryCount {
  id: number;
  name: string;
  description: string;
  posts: number;
}

export interface DatasetListRow extends DatasetRow {
  posts: number;
}

export class DatasetRepo {
  private readonly byName;
  private readonly insertStmt;
  private readonly listStmt;
  private readonly categoriesStmt;
  private readonly insertCategoryStmt;
  private readonly categoryIdStmt;
  private readonly deleteStmt;
  private readonly lockStmt;

  constructor(private readonly db: Db) {
    this.byName = db.prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE name = ?');
    this.insertStmt = db.prepare<[string, string, number]>(
      'INSERT INTO datasets (name, description, categories_locked) VALUES (?, ?, ?)',
    );
    this.listStmt = db.prepare<[], DatasetListRow>(
      `SELECT d.*, (SELECT count(*) FROM posts p WHERE p.dataset_id = d.id) AS posts
       FROM datasets d ORDER BY d.name`,
    );
    this.categoriesStmt = db.prepare<[number], CategoryCount>(
      `SELECT c.id, c.name, c.description,
              (SELECT count(*) FROM post_labels l WHERE l.category_id = c.id) AS posts
       FROM categories c WHERE c.dataset_id = ? ORDER BY c.id`,
    );
    this.insertCategoryStmt = db.prepare<[number, string, string]>(
      'INSERT INTO categories (dataset_id, name, description) VALUES (?, ?, ?)',
    );
    this.categoryIdStmt = db.prepare<[number, string], { id: number }>(
      'SELECT id FROM categories WHERE dataset_id = ? AND name = ?',
    );
    this.deleteStmt = db.prepare<[number]>('DELETE FROM datasets WHERE id = ?');
    this.lockStmt = db.prepare<[number]>('UPDATE datasets SET categories_locked = 1 WHERE id = ?');
  }

  get(name: string): DatasetRow | undefined {
    return this.byName.get(name);
  }

  create(name: string, description = '', categoriesLocked = false): DatasetRow {
    this.insertStmt.run(name, description, categoriesLocked ? 1 : 0);
    return this.get(name)!;
  }

  lockCategories(datasetId: number): void {
    this.lockStmt.run(datasetId);
  }

  /** Sets the dataset's default region (ISO 3166-1 alpha-2, upper case). */
  setRegion(datasetId: number, region: string): void {
    this.db.prepare<[string, number]>('UPDATE datasets SET region = ? WHERE id = ?').run(region, datasetId);
  }

  list(): DatasetListRow[] {
    return this.listStmt.all();
  }

  categories(datasetId: number): CategoryCount[] {
    return this.categoriesStmt.all(datasetId);
  }

  categoryId(datasetId: number, name: string): number | undefined {
    return this.categoryIdStmt.get(datasetId, name)?.id;
  }

  addCategory(datasetId: number, name: string, description = ''): number {
    return Number(this.insertCategoryStmt.run(datasetId, name, description).lastInsertRowid);
  }

  remove(datasetId: number): void {
    this.deleteStmt.run(datasetId);
  }
}
