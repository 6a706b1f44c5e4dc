/**
 * The original-versus-synthetic experiments of the study, on one split of a dataset's original
 * posts (variants follow their source):
 *   (a) train on originals, test on held-out originals;
 *   (b) train on one model's variants, test on that model's held-out variants, per model;
 *   (c) the same with all models' variants together;
 *   (d) TSTR: train on synthetic (each model, and all), test on the held-out originals;
 *   (e) train on originals, test on synthetic (each model, and all);
 * and label retention of the (a) head on the held-out variants. A training set is trained once:
 * (d) evaluates the heads of (b) and (c), (e) and retention that of (a). Everything is stored;
 * the result is read back from the store, which is also how a past experiment is exported.
 */
import {
  ClassifierMetricsSchema,
  SOURCE_ALL_SYNTHETIC,
  SOURCE_ORIGINAL,
  TrainOptionsSchema,
  methodName,
  resolveTrainOptions,
  syntheticSource,
  type ResolvedTrainOptions,
  type ExperimentKind,
  type ExperimentResult,
  type LabelRetention,
  type TrainOptions,
  type TrainOptionsInput,
} from '../contract/classify-schemas.js';
import type { VariantSet, VariantSetCounts } from '../contract/variant-set-schemas.js';
import type { Store } from '../store/store.js';
import { trainClassifier, type Classifier } from './classifier.js';
import {
  DatasetSourceError,
  loadDatasetExamples,
  sourceTexts,
  testPostsOf,
  type DatasetExamples,
} from './dataset-examples.js';
import { ExperimentRepo } from './experiments-repo.js';
import { labelMatrix } from './matrices.js';
import { encodeClassifier } from './model-blob.js';
import { labelRetention } from './retention.js';
import { ClassifierRunRepo } from './runs-repo.js';
import { openEncoders, runMetrics, type RunHooks } from './train-run.js';

interface ExperimentParams {
  options: ResolvedTrainOptions;
  models: string[];
  trainPosts: number;
  /** The variants the experiment used; absent in experiments stored before sets were recorded. */
  variantSet?: VariantSetCounts;
}

export class ExperimentError extends Error {
  override name = 'ExperimentError';
}

export async function runExperiment(
  store: Store,
  dataset: string,
  input: TrainOptionsInput,
  hooks: RunHooks = {},
  variantSet: VariantSet = 'synthetic',
): Promise<ExperimentResult> {
  const options = resolveTrainOptions(TrainOptionsSchema.parse(input));
  const started = performance.now();
  const data = loadDatasetExamples(store, dataset, variantSet);
  if (!data.variants.length) {
    const c = data.variantSet;
    throw new DatasetSourceError(
      c.generated === 0
        ? `dataset "${dataset}" has no variants yet: run synthlab generate first`
        : `the ${c.set} set of dataset "${dataset}" is empty (${c.generated} generated, ${c.gate_rejected} rejected by the gate, ${c.review_rejected} rejected in review)`,
    );
  }
  const testPosts = testPostsOf(data.originals, options.testShare, options.seed);
  const experiments = new ExperimentRepo(store.db);
  const runs = new ClassifierRunRepo(store.db);
  const params: ExperimentParams = {
    options,
    models: data.models,
    trainPosts: data.originals.length - testPosts.size,
    variantSet: data.variantSet,
  };

  const encoders = await openEncoders(store, options);
  const experimentId = experiments.create({
    datasetId: data.datasetId,
    encoder: options.encoder,
    head: options.head,
    params,
    testPosts: [...testPosts].sort((a, b) => a - b),
  });
  try {
    const skipped: ExperimentResult['skipped'] = [];
    const texts = (source: string, side: 'train' | 'test') => sourceTexts(data, source, side, testPosts);

    /** Trains on `trainSource` once and evaluates on each test source; the first stored evaluation keeps the head. */
    const trainAndEvaluate = async (
      trainSource: string,
      evaluations: [ExperimentKind, string][],
    ): Promise<Classifier | undefined> => {
      const train = texts(trainSource, 'train');
      if (!train.length) {
        for (const [experiment, testSource] of evaluations) {
          skipped.push({ experiment, train_source: trainSource, test_source: testSource, reason: 'no training texts' });
        }
        return undefined;
      }
      const trainStarted = performance.now();
      const trained = await trainClassifier(data.categories, train, options, {
        encoders,
        ...(hooks.onEpoch ? { onEpoch: (r) => hooks.onEpoch!(r, trainSource) } : {}),
        ...(hooks.signal ? { signal: hooks.signal } : {}),
      });
      let headRun: number | null = null;
      for (const [experiment, testSource] of evaluations) {
        const test = texts(testSource, 'test');
        if (!test.length) {
          skipped.push({ experiment, train_source: trainSource, test_source: testSource, reason: 'no test texts' });
          continue;
        }
        const evalStarted = performance.now();
        const metrics = await trained.classifier.evaluate(test);
        const id = runs.insert({
          datasetId: data.datasetId,
          experimentId,
          experiment,
          trainSource,
          testSource,
          encoder: trained.classifier.encoder.id,
          head: options.head,
          params: options,
          metrics: runMetrics(
            metrics,
            trained,
            test.length,
            options,
            [...testPosts].sort((a, b) => a - b),
          ),
          modelBlob: headRun === null ? encodeClassifier(trained.classifier.stored()) : null,
          headRunId: headRun,
          seconds: (performance.now() - (headRun === null ? trainStarted : evalStarted)) / 1000,
        });
        headRun ??= id;
      }
      return trained.classifier;
    };

    const synthetic = [...data.models.map(syntheticSource), SOURCE_ALL_SYNTHETIC];
    const onOriginals = await trainAndEvaluate(SOURCE_ORIGINAL, [
      ['a', SOURCE_ORIGINAL],
      ...synthetic.map((s): [ExperimentKind, string] => ['e', s]),
    ]);
    for (const source of synthetic) {
      await trainAndEvaluate(source, [
        [source === SOURCE_ALL_SYNTHETIC ? 'c' : 'b', source],
        ['d', SOURCE_ORIGINAL],
      ]);
    }
    if (onOriginals) experiments.addRetention(experimentId, await retention(onOriginals, data, synthetic, texts));
    experiments.finish(experimentId, skipped, (performance.now() - started) / 1000);
    return loadExperiment(store, experimentId);
  } catch (err) {
    // A failed or cancelled experiment leaves nothing half-made behind (runs and retention cascade).
    experiments.remove(experimentId);
    throw err;
  } finally {
    await encoders.dispose();
  }
}

/** Label retention of the originals' head on the held-out variants of each synthetic source. */
async function retention(
  classifier: Classifier,
  data: DatasetExamples,
  sources: readonly string[],
  texts: (source: string, side: 'train' | 'test') => ReturnType<typeof sourceTexts>,
): Promise<LabelRetention[]> {
  const testOriginals = texts(SOURCE_ORIGINAL, 'test');
  const onOriginals = await classifier.labelMatrix(testOriginals.map((o) => o.text));
  const rowOfPost = new Map(testOriginals.map((o, r) => [o.group, r]));
  const cols = data.categories.length;
  const rows: LabelRetention[] = [];
  for (const source of sources) {
    const variants = texts(source, 'test');
    const onSource = new Uint8Array(variants.length * cols);
    variants.forEach((v, r) => {
      const from = rowOfPost.get(v.group)! * cols;
      onSource.set(onOriginals.values.subarray(from, from + cols), r * cols);
    });
    rows.push(
      ...labelRetention(
        source,
        data.categories,
        labelMatrix(
          variants.map((v) => v.labels),
          data.categories,
        ),
        await classifier.labelMatrix(variants.map((v) => v.text)),
        { rows: variants.length, cols, values: onSource },
      ),
    );
  }
  return rows;
}

/**
 * The options an experiment was run with, from its params_json. Experiments stored before term
 * selection existed were trained on every term, and those stored before the L-BFGS solver
 * existed by AdamW.
 */
export function experimentOptions(paramsJson: string): ResolvedTrainOptions {
  const params = JSON.parse(paramsJson) as ExperimentParams;
  return resolveTrainOptions(
    TrainOptionsSchema.parse({ termSelection: 'none', solver: 'adamw', ...(params.options as Partial<TrainOptions>) }),
  );
}

/** A stored experiment, as runExperiment returned it. */
export function loadExperiment(store: Store, id: number): ExperimentResult {
  const experiments = new ExperimentRepo(store.db);
  const runs = new ClassifierRunRepo(store.db);
  const row = experiments.get(id);
  if (!row) throw new ExperimentError(`no experiment ${id}`);
  const params = JSON.parse(row.params_json) as ExperimentParams;
  const options = experimentOptions(row.params_json);
  const dataset = store.db
    .prepare<[number], string>('SELECT name FROM datasets WHERE id = ?')
    .pluck()
    .get(row.dataset_id)!;
  return {
    experiment: row.id,
    dataset,
    encoder: row.encoder,
    head: row.head,
    method: methodName(options),
    options,
    split: {
      seed: params.options.seed,
      train_posts: params.trainPosts,
      test_posts: (JSON.parse(row.test_posts_json) as number[]).length,
    },
    models: params.models,
    variant_set: params.variantSet ?? null,
    runs: runs.byExperiment(id).map((r) => {
      const metrics = runs.metrics(r);
      return {
        run: r.id,
        experiment: r.experiment!,
        train_source: r.train_source,
        test_source: r.test_source,
        train_size: metrics.train_size,
        test_size: metrics.test_size,
        head_run: r.head_run_id ?? r.id,
        fit: metrics.fit,
        metrics: ClassifierMetricsSchema.parse(metrics),
      };
    }),
    skipped: JSON.parse(row.skipped_json) as ExperimentResult['skipped'],
    retention: experiments.retention(id),
    seconds: row.seconds ?? 0,
  };
}
