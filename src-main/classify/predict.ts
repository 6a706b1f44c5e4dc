/** Predicting with a stored run: the trained head, its thresholds and its encoder, on new text. */
import { EmbeddingCache } from '../similarity/embedding-cache.js';
import type { Store } from '../store/store.js';
import { Classifier, type Prediction } from './classifier.js';
import { restoreEncoder, type EncoderContext } from './features.js';
import { decodeClassifier } from './model-blob.js';
import { ClassifierRunRepo, type ClassifierRunRow } from './runs-repo.js';

export interface OpenRun {
  row: ClassifierRunRow;
  classifier: Classifier;
  /** Releases the encoder's model, if it loaded one. */
  close(): Promise<void>;
}

export class RunNotFoundError extends Error {
  override name = 'RunNotFoundError';
}

/** Loads run `id` (or the run whose head it evaluated) ready to predict; ONNX features use the workspace cache. */
export async function openClassifierRun(
  store: Store,
  id: number,
  ctx: Omit<EncoderContext, 'cache' | 'pooling'> = {},
): Promise<OpenRun> {
  const runs = new ClassifierRunRepo(store.db);
  const row = runs.get(id);
  const blob = runs.modelBlob(id);
  if (!row || !blob) throw new RunNotFoundError(`no classifier run ${id}`);
  const stored = decodeClassifier(blob);
  const { encoder, dispose } = await restoreEncoder(stored.encoder, { ...ctx, cache: new EmbeddingCache(store.db) });
  return {
    row,
    classifier: new Classifier(stored.categories, encoder, stored.head, stored.thresholds),
    close: dispose,
  };
}

export function predict(run: OpenRun, texts: readonly string[]): Promise<Prediction[]> {
  return run.classifier.predict(texts);
}
