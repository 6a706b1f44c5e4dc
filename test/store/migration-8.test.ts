import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database.js';
import { MIGRATIONS } from '../../src-main/store/migrations.js';
import { tmpDir } from '../helpers/tmp.js';

describe('migration 8: imports of JSON arrays and Parquet, dataset regions', () => {
  it('rebuilds imports with the same ids and keeps every post linked to its import', () => {
    const file = path.join(tmpDir(), 'old.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 8) });
    old.prepare(`INSERT INTO datasets (name) VALUES ('d')`).run();
    for (const id of [3, 7]) {
      old.prepare(`INSERT INTO imports (id, dataset_id, file_name, format, file_sha256, posts, new_posts, updated_posts) VALUES (?, 1, 'f', 'csv', 'h', 1, 1, 0)`).run(id);
    }
    old.prepare(`INSERT INTO posts (dataset_id, external_id, text, text_hash, import_id) VALUES (1, 'a', 'A', 'ha', 3), (1, 'b', 'B', 'hb', 7), (1, 'c', 'C', 'hc', NULL)`).run();
    expect(() => old.prepare(`UPDATE imports SET format = 'parquet' WHERE id = 3`).run()).toThrow(/CHECK constraint/);
    old.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT external_id, import_id FROM posts ORDER BY id').all()).toEqual([
      { external_id: 'a', import_id: 3 },
      { external_id: 'b', import_id: 7 },
      { external_id: 'c', import_id: null },
    ]);
    db.prepare(`UPDATE imports SET format = 'parquet' WHERE id = 3`).run();
    db.prepare(`UPDATE imports SET format = 'json' WHERE id = 7`).run();
    expect(() => db.prepare(`UPDATE imports SET format = 'xlsx' WHERE id = 7`).run()).toThrow(/CHECK constraint/);
    // Foreign keys still hold: deleting an import unlinks its posts.
    db.prepare('DELETE FROM imports WHERE id = 7').run();
    expect(db.prepare(`SELECT import_id FROM posts WHERE external_id = 'b'`).pluck().get()).toBeNull();
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare(`UPDATE datasets SET region = 'FR'`).run();
    expect(() => db.prepare(`UPDATE datasets SET region = 'fra'`).run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
