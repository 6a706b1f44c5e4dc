import fs from 'node:fs';
import type { DatasetSummary, StoreInfo } from '../contract/schemas.js';
import type { Store } from '../store/store.js';

export function datasetSummaries(store: Store): DatasetSummary[] {
  return store.datasets.list().map((d) => ({
    id: d.id,
    name: d.name,
    description: d.description,
    posts: d.posts,
    categoriesLocked: d.categories_locked === 1,
    createdAt: d.created_at,
    categories: store.datasets.categories(d.id).map(({ name, description, posts }) => ({ name, description, posts })),
  }));
}

export function storeInfo(store: Store): StoreInfo {
  const count = (table: string) => store.db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get() ?? 0;
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return {
    database: store.file,
    schemaVersion: store.schemaVersion(),
    sizeBytes: size(store.file) + size(`${store.file}-wal`),
    counts: {
      datasets: count('datasets'),
      posts: count('posts'),
      categories: count('categories'),
      models: count('models'),
      variants: count('variants'),
      reviews: count('reviews'),
      jobs: count('jobs'),
      classifierRuns: count('classifier_runs'),
    },
  };
}
