import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../src-main/store/migrations.js';
import { synthlab } from '../helpers/cli.js';
import { FIXTURES, tmpDir } from '../helpers/tmp.js';

const good = (f: string) => path.join(FIXTURES, 'good', f);
const bad = (f: string) => path.join(FIXTURES, 'bad', f);

describe('synthlab CLI: data commands', () => {
  it('imports with --json and lists datasets and info', () => {
    const db = path.join(tmpDir(), 'cli.db');
    const imp = synthlab(['--db', db, 'import', good('bom-crlf-multiline.csv'), '--dataset', 'demo', '--json']);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    const result = JSON.parse(imp.stdout);
    expect(result).toMatchObject({ dataset: 'demo', posts: 3, new: 3 });
    expect(result.categories).toEqual(['name', 'age', 'occupation', 'location', 'contact']);

    const again = JSON.parse(synthlab(['--db', db, 'import', good('bom-crlf-multiline.csv'), '--dataset', 'demo', '--json']).stdout);
    expect(again).toMatchObject({ posts: 3, new: 0, unchanged: 3 });

    const list = JSON.parse(synthlab(['--db', db, 'datasets', '--json']).stdout);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'demo', posts: 3 });
    expect(list[0].categories.find((c: { name: string }) => c.name === 'name')).toMatchObject({ posts: 2 });

    const human = synthlab(['--db', db, 'datasets']);
    expect(human.stdout).toMatch(/demo: 3 posts, 5 categories/);
    expect(human.stdout).toMatch(/contact\s+1/);

    const info = JSON.parse(synthlab(['info', '--json'], { SYNTHLAB_DB: db }).stdout);
    expect(info).toMatchObject({ database: db, schemaVersion: LATEST_SCHEMA_VERSION, counts: { datasets: 1, posts: 3, categories: 5 } });
  });

  it('exports to stdout and atomically to a file', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'cli.db');
    synthlab(['--db', db, 'import', good('bom-crlf.jsonl'), '--dataset', 'd']);
    const stdout = synthlab(['--db', db, 'export', '--dataset', 'd']);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout.trim().split('\n').map((l) => JSON.parse(l).text)).toEqual(['Café with my sister 😊', 'No id on this one', 'Numeric id']);
    const out = path.join(dir, 'out', 'd.csv');
    const res = synthlab(['--db', db, 'export', '--dataset', 'd', '--format', 'csv', '--out', out, '--json']);
    expect(JSON.parse(res.stdout)).toMatchObject({ rows: 3, format: 'csv', file: out });
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toBe('id,text,labels');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['d.csv']);
  });

  it('fails with exit 1 and a located message on bad input, leaving the database as it was', () => {
    const db = path.join(tmpDir(), 'cli.db');
    synthlab(['--db', db, 'import', good('bom-crlf.jsonl'), '--dataset', 'd']);
    const r = synthlab(['--db', db, 'import', bad('duplicate-id.jsonl'), '--dataset', 'd', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('synthlab: duplicate-id.jsonl:3: duplicate id "d1" (first on line 1)\n');
    const info = JSON.parse(synthlab(['--db', db, 'info', '--json']).stdout);
    expect(info.counts.posts).toBe(3);
  });

  it('enforces a declared category list', () => {
    const db = path.join(tmpDir(), 'cli.db');
    const r = synthlab(['--db', db, 'import', bad('undeclared-label.jsonl'), '--dataset', 'd', '--categories', 'name,age']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/undeclared-label\.jsonl:2: label "pets" is not a declared category \(declared: name, age\)/);
  });

  it('exits 2 on usage errors', () => {
    const db = path.join(tmpDir(), 'cli.db');
    const missing = synthlab(['--db', db, 'import', good('bom-crlf.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--dataset <name>' not specified/);
    expect(synthlab(['--db', db, 'frobnicate']).code).toBe(2);
    expect(synthlab(['--db', db, 'export', '--dataset', 'x', '--format', 'xml']).code).toBe(2);
    expect(synthlab(['--db', db, 'export', '--dataset', 'x', '--json']).code).toBe(2);
    expect(synthlab(['--help']).code).toBe(0);
  });

  it('fails with exit 1 for a database from a newer version', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'cli.db');
    expect(synthlab(['--db', db, 'info']).code).toBe(0);
    const raw = new Database(db);
    raw.prepare(`INSERT INTO schema_version (version, name) VALUES (999, 'future')`).run();
    raw.close();
    const r = synthlab(['--db', db, 'info', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/was written by a newer SynthLab \(schema version 999; this version understands up to \d+\)\. Upgrade SynthLab to open it\./);
  });
  it('takes --delimiter, --preset, --text-field, --replace-invalid and --region, and names the delimiter it cannot tell', () => {
    const db = path.join(tmpDir(), 'cli.db');
    const ambiguous = synthlab(['--db', db, 'import', bad('ambiguous-delimiter.csv'), '--dataset', 'a']);
    expect(ambiguous.code).not.toBe(0);
    expect(ambiguous.stderr).toMatch(/ambiguous-delimiter\.csv:1: cannot tell the delimiter: .*--delimiter/);
    const forced = synthlab(['--db', db, 'import', bad('ambiguous-delimiter.csv'), '--dataset', 'a', '--delimiter', ',', '--text-field', 'id;text', '--json']);
    expect(forced.stderr).toBe('');
    expect(JSON.parse(forced.stdout)).toMatchObject({ posts: 2 });
    expect(synthlab(['--db', db, 'import', bad('ambiguous-delimiter.csv'), '--dataset', 'a', '--delimiter', 'colon']).stderr).toMatch(
      /--delimiter: "colon" is not one of comma, semicolon, tab, pipe/,
    );

    const reddit = synthlab(['--db', db, 'import', good('reddit-comments.jsonl'), '--dataset', 'r', '--preset', 'reddit', '--region', 'ie']);
    expect(reddit.code).toBe(0);
    expect(reddit.stdout).toMatch(/Imported 2 posts/);
    expect(reddit.stdout).toMatch(/Skipped: 1 \[deleted\], 1 \[removed\]/);

    const refused = synthlab(['--db', db, 'import', bad('reversed-surrogates.jsonl'), '--dataset', 'u']);
    expect(refused.stderr).toMatch(/reversed-surrogates\.jsonl:2: "text" has a lone surrogate U\+DE00.*--replace-invalid/);
    const replaced = synthlab(['--db', db, 'import', bad('reversed-surrogates.jsonl'), '--dataset', 'u', '--replace-invalid']);
    expect(replaced.stdout).toMatch(/Replaced 2 ill-formed sequences with U\+FFFD/);

    const raw = new Database(db, { readonly: true });
    expect(raw.prepare("SELECT region FROM datasets WHERE name = 'r'").pluck().get()).toBe('IE');
    raw.close();
  });
});
