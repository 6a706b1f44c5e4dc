/**
 * One training run, as `synthlab train` makes it: a dataset source split 80/20 (variants follow
 * their source post) or a pair of JSONL files; train, evaluate on the test part, store the run
 * with its head so it can predict later.
 */
import {
  MIN_TRAINING_POSTS,
  SOURCE_ORIGINAL,
  TrainOptionsSchema,
  methodName,
  resolveTrainOptions,
  type ResolvedTrainOptions,
  type ClassifierMetrics,
  type EpochReport,
  type TrainOptions,
  type TrainOptionsInput,
  type TrainResult,
} from '../contract/classify-schemas.js';
import { DEFAULT_MAX_LINE_BYTES } from '../contract/schemas.js';
import { readJsonl } from '../datasets/jsonl-reader.js';
import { EmbeddingCache } from '../similarity/embedding-cache.js';
import type { Store } from '../store/store.js';
import { trainClassifier, type LabelledText, type TrainedClassifier } from './classifier.js';
import { loadDatasetExamples, sourceTexts, testPostsOf } from './dataset-examples.js';
import { openEncoderSource, type EncoderSource } from './features.js';
import { encodeClassifier } from './model-blob.js';
import { ClassifierRunRepo, type RunMetrics } from './runs-repo.js';

export type TrainingSet = { dataset: string; source?: string } | { trainFile: string; testFile: string };

export interface RunHooks {
  /** `source` names what is being trained on, for progress lines. */
  onEpoch?(report: EpochReport, source: string): void;
  signal?: AbortSignal;
}

/** Opens the options' encoder with the workspace's embedding cache. */
export function openEncoders(store: Store, options: TrainOptions): Promise<EncoderSource> {
  return openEncoderSource(options.encoder, {
    pooling: options.pooling,
    device: options.device,
    cache: new EmbeddingCache(store.db),
    ...(options.threads ? { threads: options.threads } : {}),
  });
}

/** metrics_json of a run: the test metrics and how they were obtained. */
export function runMetrics(
  metrics: ClassifierMetrics,
  trained: TrainedClassifier | null,
  testSize: number,
  options: ResolvedTrainOptions,
  testPosts: readonly number[] | null,
): RunMetrics {
  const trainSize = (trained?.trainSize ?? 0) + (trained?.validationSize ?? 0);
  return {
    ...metrics,
    method: methodName(options),
    fit: trained?.fit ?? null,
    small_training_set: trainSize < MIN_TRAINING_POSTS,
    seed: options.seed,
    test_posts: testPosts ? [...testPosts] : null,
    train_size: trained?.trainSize ?? 0,
    validation_size: trained?.validationSize ?? 0,
    test_size: testSize,
    thresholds: trained ? [...trained.classifier.thresholds] : [],
    history: trained?.history ?? [],
  };
}

/** `{"text", "labels"}` lines of a JSONL file; errors name the file and line. */
export async function readLabelledFile(file: string): Promise<LabelledText[]> {
  const texts: LabelledText[] = [];
  for await (const record of readJsonl(file, { maxLineBytes: DEFAULT_MAX_LINE_BYTES })) {
    texts.push({ text: record.text, labels: record.labels });
  }
  return texts;
}

interface ResolvedSet {
  datasetId: number | null;
  dataset: string | null;
  categories: string[];
  train: LabelledText[];
  test: LabelledText[];
  trainSource: string;
  testSource: string;
  /** Dataset runs: ids of the posts held out for testing. */
  testPosts: number[] | null;
}

async function resolveSet(store: Store, set: TrainingSet, options: TrainOptions): Promise<ResolvedSet> {
  if ('dataset' in set) {
    const data = loadDatasetExamples(store, set.dataset);
    const source = set.source ?? SOURCE_ORIGINAL;
    const testPosts = testPostsOf(data.originals, options.testShare, options.seed);
    return {
      datasetId: data.datasetId,
      dataset: set.dataset,
      categories: data.categories,
      train: sourceTexts(data, source, 'train', testPosts),
      test: sourceTexts(data, source, 'test', testPosts),
      trainSource: source,
      testSource: source,
      testPosts: [...testPosts].sort((a, b) => a - b),
    };
  }
  const train = await readLabelledFile(set.trainFile);
  const test = await readLabelledFile(set.testFile);
  // Categories in order of first appearance, training file first.
  const categories = [...new Set([...train, ...test].flatMap((t) => t.labels))];
  return {
    datasetId: null,
    dataset: null,
    categories,
    train,
    test,
    trainSource: set.trainFile,
    testSource: set.testFile,
    testPosts: null,
  };
}

export async function runTraining(
  store: Store,
  set: TrainingSet,
  input: TrainOptionsInput,
  hooks: RunHooks = {},
): Promise<TrainResult> {
  const options = resolveTrainOptions(TrainOptionsSchema.parse(input));
  const started = performance.now();
  const resolved = await resolveSet(store, set, options);
  if (!resolved.train.length) throw new Error(`no training texts in ${resolved.trainSource}`);
  if (!resolved.test.length) throw new Error(`no test texts in ${resolved.testSource}`);
  if (!resolved.categories.length) throw new Error('no categories: no text carries a label');
  const encoders = await openEncoders(store, options);
  try {
    const trained = await trainClassifier(resolved.categories, resolved.train, options, {
      encoders,
      ...(hooks.onEpoch ? { onEpoch: (r: EpochReport) => hooks.onEpoch!(r, resolved.trainSource) } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
    const metrics = await trained.classifier.evaluate(resolved.test);
    const seconds = (performance.now() - started) / 1000;
    const stored = runMetrics(metrics, trained, resolved.test.length, options, resolved.testPosts);
    const run = new ClassifierRunRepo(store.db).insert({
      datasetId: resolved.datasetId,
      experimentId: null,
      experiment: null,
      trainSource: resolved.trainSource,
      testSource: resolved.testSource,
      encoder: trained.classifier.encoder.id,
      head: options.head,
      params: options,
      metrics: stored,
      modelBlob: encodeClassifier(trained.classifier.stored()),
      headRunId: null,
      seconds,
    });
    return {
      ...stored,
      run,
      dataset: resolved.dataset,
      train_source: resolved.trainSource,
      test_source: resolved.testSource,
      encoder: trained.classifier.encoder.id,
      head: options.head,
      seconds,
    };
  } finally {
    await encoders.dispose();
  }
}
