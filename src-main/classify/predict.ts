/** Predicting with a stored run: the trained head, its thresholds and its encoder, on new text. */
import type { PredictionReport } from '../contract/classify-schemas.js';
import { DEFAULT_MAX_LINE_BYTES } from '../contract/schemas.js';
import { readJsonl } from '../datasets/jsonl-reader.js';
import { readLines } from '../datasets/line-reader.js';
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

/** Classifies `texts` with stored run `id`, loading and releasing its encoder. */
export async function predictWithRun(
  store: Store,
  id: number,
  texts: readonly string[],
  ctx: Omit<EncoderContext, 'cache' | 'pooling'> = {},
): Promise<PredictionReport> {
  const run = await openClassifierRun(store, id, ctx);
  try {
    const predictions = await predict(run, texts);
    const runs = new ClassifierRunRepo(store.db);
    // The run that trained the head says how (an evaluation-only run reuses another's head).
    const trainedBy = run.row.head_run_id !== null ? (runs.get(run.row.head_run_id) ?? run.row) : run.row;
    return {
      run: run.row.id,
      encoder: run.row.encoder,
      head: run.row.head,
      method: runs.metrics(trainedBy).method,
      categories: [...run.classifier.categories],
      thresholds: [...run.classifier.thresholds],
      predictions: predictions.map((p, i) => ({ text: texts[i]!, ...p })),
    };
  } finally {
    await run.close();
  }
}

/**
 * Texts to classify from a file: JSONL lines with "text" ("labels" ignored) for a .jsonl
 * file, otherwise one text per non-blank line.
 */
export async function readTextsToClassify(file: string): Promise<string[]> {
  const texts: string[] = [];
  if (file.toLowerCase().endsWith('.jsonl')) {
    const records = readJsonl(file, { maxLineBytes: DEFAULT_MAX_LINE_BYTES, labels: 'optional' });
    for await (const record of records) texts.push(record.text);
    return texts;
  }
  for await (const line of readLines(file, { maxLineBytes: DEFAULT_MAX_LINE_BYTES })) {
    if (line.text.trim() !== '') texts.push(line.text);
  }
  return texts;
}
