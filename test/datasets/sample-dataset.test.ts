import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/datasets/importer.js';
import { datasetSummaries } from '../../src-main/datasets/summary.js';
import { parseCategoriesOption } from '../../src-main/cli/commands/data.js';
import { Store } from '../../src-main/store/store.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const SAMPLE = path.join(ROOT, 'resources', 'sample');

describe('sample dataset', () => {
  it('imports under its declared categories and meets the coverage the product promises', async () => {
    const store = Store.open(path.join(tmpDir(), 's.db'));
    const categories = parseCategoriesOption(path.join(SAMPLE, 'categories.json'));
    const r = await importFile(store, path.join(SAMPLE, 'posts.jsonl'), { dataset: 'sample', categories });
    expect(r.posts).toBeGreaterThanOrEqual(300);
    expect(r.categories.length).toBeGreaterThanOrEqual(12);
    const [summary] = datasetSummaries(store);
    for (const c of summary!.categories) expect(c.posts, c.name).toBeGreaterThanOrEqual(20);
    const unlabelled = store.db
      .prepare('SELECT count(*) FROM posts p WHERE NOT EXISTS (SELECT 1 FROM post_labels l WHERE l.post_id = p.id)')
      .pluck()
      .get() as number;
    expect(unlabelled).toBeGreaterThanOrEqual(30);
    store.close();
  });

  it('documents every category in its README', () => {
    const readme = fs.readFileSync(path.join(SAMPLE, 'README.md'), 'utf8');
    for (const c of parseCategoriesOption(path.join(SAMPLE, 'categories.json'))) expect(readme).toContain(`\`${c.name}\``);
  });

  it('varies in length from one sentence to several', () => {
    const lines = fs.readFileSync(path.join(SAMPLE, 'posts.jsonl'), 'utf8').trim().split('\n');
    const words = lines.map((l) => (JSON.parse(l) as { text: string }).text.split(/\s+/).length);
    expect(Math.min(...words)).toBeLessThan(12);
    expect(Math.max(...words)).toBeGreaterThan(70);
  });
});
