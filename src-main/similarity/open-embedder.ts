import type { Store } from '../store/store.js';
import { EmbeddingCache } from './embedding-cache.js';
import type { Embedder, EmbedderSpec } from './embedder.js';
import { GgufEmbedder } from './gguf-embedder.js';
import { TfidfEmbedder } from './tfidf-embedder.js';

/** The originals of a dataset, in import order: what TF-IDF is fitted on. */
export function datasetTexts(store: Store, datasetId: number): string[] {
  return store.db.prepare<[number], string>('SELECT text FROM posts WHERE dataset_id = ? ORDER BY id').pluck().all(datasetId);
}

/** Opens an embedder for a dataset; dense ones cache their vectors in the workspace. */
export async function openEmbedder(store: Store, spec: EmbedderSpec, datasetId: number, threads?: number): Promise<Embedder> {
  const cache = new EmbeddingCache(store.db);
  switch (spec.kind) {
    case 'tfidf':
      return new TfidfEmbedder(datasetTexts(store, datasetId));
    case 'onnx': {
      // Loaded on demand: transformers.js takes a noticeable part of a second to import.
      const { OnnxEmbedder } = await import('./onnx-embedder.js');
      return OnnxEmbedder.load({ dir: spec.dir, cache, ...(threads ? { threads } : {}) });
    }
    case 'gguf':
      return GgufEmbedder.load({ file: spec.file, cache, ...(threads ? { threads } : {}) });
  }
}
