import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src-main/datasets/errors.js';
import { exportDataset } from '../../src-main/datasets/exporter.js';
import { importFile } from '../../src-main/datasets/importer.js';
import type { ImportOptions } from '../../src-main/contract/schemas.js';
import { Store } from '../../src-main/store/store.js';
import { databaseDigest } from '../helpers/snapshot.js';
import { FIXTURES, tmpDir } from '../helpers/tmp.js';

function freshStore(): Store {
  return Store.open(path.join(tmpDir(), 'ws.db'));
}

function postsOf(store: Store, dataset: string) {
  const d = store.datasets.get(dataset)!;
  return [...store.posts.iterateLabelled(d.id)].map(({ externalId, text, labels }) => ({ id: externalId, text, labels: [...labels].sort() }));
}

function writeJsonl(file: string, rows: unknown[]): string {
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

describe('import', () => {
  it('reads JSONL with a BOM, CRLF, blank lines, numeric ids and no ids', async () => {
    const store = freshStore();
    const r = await importFile(store, path.join(FIXTURES, 'good', 'bom-crlf.jsonl'), { dataset: 'd' });
    expect(r).toMatchObject({ posts: 3, new: 3, updated: 0, unchanged: 0, format: 'jsonl' });
    const posts = postsOf(store, 'd');
    expect(posts[0]).toEqual({ id: 'x1', text: 'Café with my sister 😊', labels: ['family'] });
    expect(posts[1]!.id).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(posts[2]).toEqual({ id: '7', text: 'Numeric id', labels: ['age'] });
    store.close();
  });

  it('reads CSV with a BOM, CRLF, quoted multi-line fields and ";" or "|" label separators', async () => {
    const store = freshStore();
    const r = await importFile(store, path.join(FIXTURES, 'good', 'bom-crlf-multiline.csv'), { dataset: 'c' });
    expect(r.posts).toBe(3);
    expect(postsOf(store, 'c')).toEqual([
      { id: '1', text: "Hi, Im Dana, 29, a nurse in Cork.", labels: ['age', 'location', 'name', 'occupation'] },
      { id: '2', text: 'Line one\nline two of a "quoted" post', labels: [] },
      { id: '3', text: 'Ask me at dana@example.com', labels: ['contact', 'name'] },
    ]);
    store.close();
  });

  it('reads CSV with one 0/1 column per category and configurable column names', async () => {
    const store = freshStore();
    const r = await importFile(store, path.join(FIXTURES, 'good', 'flag-columns.csv'), { dataset: 'f', idColumn: 'post_id', textColumn: 'body' });
    expect(r.categories).toEqual(['name', 'age', 'health']);
    expect(postsOf(store, 'f')).toEqual([
      { id: '10', text: 'Tom here', labels: ['name'] },
      { id: '11', text: 'Turned 40, knees hurt', labels: ['age', 'health'] },
      { id: '12', text: 'Nothing personal', labels: [] },
    ]);
    const only = await importFile(freshStore(), path.join(FIXTURES, 'good', 'flag-columns.csv'), {
      dataset: 'g', idColumn: 'post_id', textColumn: 'body', labelColumns: ['health'],
    });
    expect(only.categories).toEqual(['health']);
    store.close();
  });

  it('is idempotent: re-importing matches by id, else by text hash, and reports what was new', async () => {
    const store = freshStore();
    const dir = tmpDir();
    const file = writeJsonl(path.join(dir, 'a.jsonl'), [
      { id: 'p1', text: 'Hello from Oslo', labels: ['location'] },
      { text: 'No id, just words', labels: [] },
    ]);
    expect(await importFile(store, file, { dataset: 'd' })).toMatchObject({ posts: 2, new: 2 });
    const digest = databaseDigest(store.db).length;
    expect(await importFile(store, file, { dataset: 'd' })).toMatchObject({ posts: 2, new: 0, updated: 0, unchanged: 2 });
    expect(store.posts.count(store.datasets.get('d')!.id)).toBe(2);
    expect(digest).toBeGreaterThan(0);
    const more = writeJsonl(path.join(dir, 'b.jsonl'), [
      { id: 'p1', text: 'Hello from Oslo', labels: ['location', 'name'] },
      { text: 'No id, just words', labels: [] },
      { id: 'p3', text: 'A new one', labels: [] },
    ]);
    expect(await importFile(store, more, { dataset: 'd' })).toMatchObject({ posts: 3, new: 1, updated: 1, unchanged: 1 });
    expect(postsOf(store, 'd')[0]!.labels).toEqual(['location', 'name']);
    store.close();
  });

  it('refuses an id that already exists with another text', async () => {
    const store = freshStore();
    const dir = tmpDir();
    await importFile(store, writeJsonl(path.join(dir, 'a.jsonl'), [{ id: 'p1', text: 'one', labels: [] }]), { dataset: 'd' });
    await expect(
      importFile(store, writeJsonl(path.join(dir, 'b.jsonl'), [{ id: 'p1', text: 'two', labels: [] }]), { dataset: 'd' }),
    ).rejects.toThrow(/b\.jsonl:1: id "p1" already exists in dataset "d" with a different text/);
    store.close();
  });

  it('round-trips: importing an export gives the same posts and labels (JSONL and CSV)', async () => {
    const store = freshStore();
    const dir = tmpDir();
    await importFile(store, path.join(FIXTURES, 'good', 'bom-crlf-multiline.csv'), { dataset: 'src' });
    await importFile(store, path.join(FIXTURES, 'good', 'bom-crlf.jsonl'), { dataset: 'src' });
    for (const format of ['jsonl', 'csv'] as const) {
      const out = path.join(dir, `export.${format}`);
      const res = await exportDataset(store, { dataset: 'src', format }, out);
      expect(res.rows).toBe(6);
      await importFile(store, out, { dataset: `back-${format}` });
      expect(postsOf(store, `back-${format}`)).toEqual(postsOf(store, 'src'));
    }
    store.close();
  });

  it('reports progress while streaming', async () => {
    const store = freshStore();
    const rows = Array.from({ length: 2500 }, (_, i) => ({ id: `p${i}`, text: `post number ${i}`, labels: i % 2 ? ['a'] : [] }));
    const seen: number[] = [];
    await importFile(store, writeJsonl(path.join(tmpDir(), 'many.jsonl'), rows), { dataset: 'm' }, (p) => seen.push(p.posts));
    expect(seen).toEqual([1000, 2000, 2500]);
    store.close();
  });
});

interface BadCase {
  file: string;
  line?: number;
  /** Where the place is a row (Parquet), not a line. */
  unit?: 'row';
  message: string;
  options?: Partial<ImportOptions>;
}

const badCases = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'bad', 'cases.json'), 'utf8')) as BadCase[];

describe('bad input', () => {
  it('has a corpus of at least 10 kinds of bad files', () => {
    expect(badCases.length).toBeGreaterThanOrEqual(10);
    for (const c of badCases) {
      if (c.file !== 'does-not-exist.jsonl') expect(fs.existsSync(path.join(FIXTURES, 'bad', c.file)), c.file).toBe(true);
    }
  });

  it.each(badCases)('$file gives a clear error naming file and line, and writes nothing', async (c) => {
    const store = freshStore();
    await importFile(store, path.join(FIXTURES, 'good', 'bom-crlf.jsonl'), { dataset: 'existing' });
    const before = databaseDigest(store.db);
    for (const dataset of ['existing', 'fresh']) {
      const err = await importFile(store, path.join(FIXTURES, 'bad', c.file), { dataset, ...c.options }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImportError);
      const e = err as ImportError;
      expect(e.message).toMatch(new RegExp(c.message, 'i'));
      const place = c.line === undefined ? ':' : c.unit === 'row' ? `:row ${c.line}:` : `:${c.line}:`;
      expect(e.message.startsWith(c.file + place), e.message).toBe(true);
      expect(e.line).toBe(c.line);
      expect(databaseDigest(store.db)).toBe(before);
      expect(store.db.inTransaction).toBe(false);
    }
    expect(store.datasets.get('fresh')).toBeUndefined();
    store.close();
  });
});
