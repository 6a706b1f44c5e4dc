import { createHash } from 'node:crypto';
import type { Db } from '../../src-main/store/database.js';

/** A digest of every user table's rows, to prove an operation changed nothing. */
export function databaseDigest(db: Db): string {
  const tables = db
    .prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all();
  const h = createHash('sha256');
  for (const t of tables) {
    h.update(`#${t}\n`);
    for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()) h.update(JSON.stringify(row) + '\n');
  }
  return h.digest('hex');
}
