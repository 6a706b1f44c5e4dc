import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

/**
 * How long a statement waits for another connection's write lock before failing with
 * SQLITE_BUSY. Imports publish in one short transaction (see datasets/importer.ts); this covers
 * that and a checkpoint with room to spare, so a running job is never starved.
 */
export const BUSY_TIMEOUT_MS = 30_000;

export class StoreError extends Error {
  override name = 'StoreError';
}

export interface OpenOptions {
  /** Override the migration list (tests use this to check rollback of a failing migration). */
  migrations?: readonly Migration[];
  readonly?: boolean;
  /** A better-sqlite3 binary built for another runtime's ABI (the Electron app passes its own). */
  nativeBinding?: string;
}

const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)`;

export function currentSchemaVersion(db: Db): number {
  const hasTable = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`)
    .get();
  if (!hasTable) return 0;
  const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Opens (creating if needed) a workspace database: checks it is SQLite and not from a
 * newer SynthLab, then switches on WAL and foreign keys and applies pending migrations
 * in one transaction.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  let db: Db;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      timeout: BUSY_TIMEOUT_MS,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw new StoreError(`cannot open database ${file}: ${(err as Error).message}`);
  }
  try {
    let version: number;
    try {
      version = currentSchemaVersion(db);
    } catch (err) {
      const msg = (err as Error).message;
      throw new StoreError(
        /not a database|malformed/i.test(msg)
          ? `${file} is not a SynthLab database (not an SQLite file or corrupted: ${msg})`
          : `cannot read ${file}: ${msg}`,
      );
    }
    // Checked before any write so a newer file is never touched.
    if (version > latest) {
      throw new StoreError(
        `${file} was written by a newer SynthLab (schema version ${version}; this version understands up to ${latest}). Upgrade SynthLab to open it.`,
      );
    }
    if (options.readonly) {
      db.pragma('foreign_keys = ON');
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    applyMigrations(db, migrations, version);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function applyMigrations(db: Db, migrations: readonly Migration[], from: number): void {
  const pending = migrations.filter((m) => m.version > from);
  if (!pending.length) return;
  const insert = () => db.prepare('INSERT INTO schema_version (version, name) VALUES (?, ?)');
  db.transaction(() => {
    db.exec(VERSION_TABLE);
    const stmt = insert();
    for (const m of pending) {
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new StoreError(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
      }
      stmt.run(m.version, m.name);
    }
  })();
}
