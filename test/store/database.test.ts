import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, currentSchemaVersion, StoreError } from '../../src-main/store/database.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../src-main/store/migrations.js';
import { Store } from '../../src-main/store/store.js';
import { resolveDbPath, userDataDir } from '../../src-main/store/paths.js';
import { tmpDir } from '../helpers/tmp.js';

describe('openDatabase', () => {
  it('creates a WAL database with foreign keys and the latest schema', () => {
    const file = path.join(tmpDir(), 'ws', 'a.db');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(currentSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).pluck().all();
    for (const t of ['datasets', 'posts', 'categories', 'post_labels', 'models', 'prompt_templates', 'jobs', 'variants', 'sweeps', 'sweep_samples', 'reviews', 'classifier_runs', 'classifier_category_metrics']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('enforces foreign keys', () => {
    const db = openDatabase(path.join(tmpDir(), 'fk.db'));
    expect(() => db.prepare(`INSERT INTO posts (dataset_id, external_id, text, text_hash) VALUES (999, 'x', 't', 'h')`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('reopens without re-running migrations', () => {
    const file = path.join(tmpDir(), 'twice.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT count(*) FROM schema_version').pluck().get()).toBe(MIGRATIONS.length);
    db.close();
  });

  it('applies a later migration forward on an existing file', () => {
    const file = path.join(tmpDir(), 'forward.db');
    openDatabase(file).close();
    const next: Migration = { version: LATEST_SCHEMA_VERSION + 1, name: 'add column', sql: 'ALTER TABLE datasets ADD COLUMN colour TEXT' };
    const db = openDatabase(file, { migrations: [...MIGRATIONS, next] });
    expect(currentSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(db.prepare(`SELECT name FROM pragma_table_info('datasets')`).pluck().all()).toContain('colour');
    db.close();
  });

  it('rolls back every pending migration when one fails, leaving the file as it was', () => {
    const file = path.join(tmpDir(), 'fail.db');
    const store = Store.open(file);
    store.datasets.create('kept');
    store.close();
    const good: Migration = { version: LATEST_SCHEMA_VERSION + 1, name: 'good', sql: 'CREATE TABLE extra (x INTEGER)' };
    const bad: Migration = { version: LATEST_SCHEMA_VERSION + 2, name: 'broken', sql: 'ALTER TABLE nowhere ADD COLUMN y' };
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, good, bad] })).toThrow(/migration .* \(broken\) failed: no such table: nowhere/);
    const db = openDatabase(file);
    expect(currentSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'extra'`).pluck().get()).toBe(0);
    expect(db.prepare('SELECT name FROM datasets').pluck().all()).toEqual(['kept']);
    db.close();
  });

  it('refuses a file written by a newer version without touching it', () => {
    const file = path.join(tmpDir(), 'newer.db');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.prepare(`INSERT INTO schema_version (version, name) VALUES (?, 'from the future')`).run(LATEST_SCHEMA_VERSION + 5);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(StoreError);
    expect(() => openDatabase(file)).toThrow(new RegExp(`newer SynthLab \\(schema version ${LATEST_SCHEMA_VERSION + 5}; this version understands up to ${LATEST_SCHEMA_VERSION}\\)`));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('says clearly when a file is not a database', () => {
    const file = path.join(tmpDir(), 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not SQLite '.repeat(100));
    expect(() => openDatabase(file)).toThrow(/is not a SynthLab database/);
  });
});

describe('database location', () => {
  it('matches Electron userData for the app name SynthLab', () => {
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '/x/cfg' })).toBe('/x/cfg/SynthLab');
    expect(userDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' })).toMatch(/Roaming.SynthLab$/);
    expect(userDataDir('darwin', {})).toMatch(/Library\/Application Support\/SynthLab$/);
  });

  it('prefers --db, then SYNTHLAB_DB, then the default', () => {
    expect(resolveDbPath('/a/b.db', { SYNTHLAB_DB: '/c/d.db' })).toBe('/a/b.db');
    expect(resolveDbPath(undefined, { SYNTHLAB_DB: '/c/d.db' })).toBe('/c/d.db');
    expect(resolveDbPath(undefined, { XDG_CONFIG_HOME: '/x' })).toBe(path.resolve('/x/SynthLab/synthlab.db'));
  });
});
