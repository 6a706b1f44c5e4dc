import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPostsOf, loadDatasetExamples, sourceTexts } from '../../src-main/classify/dataset-examples.js';
import { labelMatrix } from '../../src-main/classify/matrices.js';
import { evaluate } from '../../src-main/classify/metrics.js';
import { decodeClassifier } from '../../src-main/classify/model-blob.js';
import { openClassifierRun, predict } from '../../src-main/classify/predict.js';
import { ClassifierRunRepo } from '../../src-main/classify/runs-repo.js';
import { runTraining } from '../../src-main/classify/train-run.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { Store } from '../../src-main/store/store.js';
import { tinyEncoders } from '../helpers/models.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const SAMPLE = path.join(ROOT, 'resources', 'sample', 'posts.jsonl');

async function sampleWorkspace() {
  const store = Store.open(path.join(tmpDir(), 'c.db'));
  await importFile(store, SAMPLE, { dataset: 'sample' });
  return store;
}

/** Macro F1 of always predicting every category: the trivial baseline that F1 rewards most. */
function allPositiveMacroF1(store: Store): number {
  const data = loadDatasetExamples(store, 'sample');
  const test = sourceTexts(data, 'original', 'test', testPostsOf(data.originals, 0.2, 1));
  const truth = labelMatrix(
    test.map((t) => t.labels),
    data.categories,
  );
  return evaluate(truth, { ...truth, values: new Uint8Array(truth.values.length).fill(1) }, data.categories).macro_f1!;
}

describe('classifier on the sample dataset', () => {
  it('learns with TF-IDF by L-BFGS (the default) and by the seed protocol; runs are reproducible, stored, and predict new text', async () => {
    const store = await sampleWorkspace();
    const trivial = allPositiveMacroF1(store);
    const tuned = await runTraining(store, { dataset: 'sample' }, { seed: 1 });
    const again = await runTraining(store, { dataset: 'sample' }, { seed: 1 });
    const seedProtocol = await runTraining(
      store,
      { dataset: 'sample' },
      { seed: 1, solver: 'adamw', thresholds: 'tuned' },
    );
    console.log(
      `sample, TF-IDF: L-BFGS logistic regression macro F1 ${tuned.macro_f1!.toFixed(3)} micro ${tuned.micro_f1!.toFixed(3)}; ` +
        `seed protocol (AdamW, tuned thresholds) ${seedProtocol.macro_f1!.toFixed(3)} / ${seedProtocol.micro_f1!.toFixed(3)}; ` +
        `predicting every category: ${trivial.toFixed(3)}`,
    );
    expect(tuned.macro_f1!).toBeGreaterThan(trivial + 0.05);
    expect(tuned.micro_f1!).toBeGreaterThan(0.25);
    expect(tuned).toMatchObject({
      dataset: 'sample',
      train_source: 'original',
      test_source: 'original',
      head: 'linear',
      method: 'TF-IDF + logistic regression (L-BFGS, C by 3-fold CV)',
      train_size: 304,
      validation_size: 0,
      test_size: 76,
      history: [],
      seed: 1,
      small_training_set: false,
    });
    expect(seedProtocol.method).toBe('TF-IDF + trained linear head (AdamW, 50 epochs, batch 8, weight decay 0.01)');
    expect(seedProtocol.fit).toBeNull();
    expect(seedProtocol.history).toHaveLength(50);
    expect(seedProtocol.train_size + seedProtocol.validation_size).toBe(304);
    // Stored with the run: the split, the chosen C of every category and the thresholds.
    expect(tuned.test_posts).toHaveLength(76);
    expect(tuned.fit).toMatchObject({
      solver: 'lbfgs',
      c_choice: 'cv',
      folds: 3,
      fold_seed: 2,
      class_weight: 'balanced',
      thresholds_from: 'out-of-fold',
    });
    expect(tuned.fit!.c).toHaveLength(tuned.categories.length);
    expect(tuned.fit!.thresholds).toEqual(tuned.thresholds);
    // Same seed, same numbers.
    const numbers = ({ run: _r, seconds: _s, ...rest }: typeof tuned) => rest;
    expect(numbers(again)).toEqual(numbers(tuned));
    expect(tuned.categories.map((c) => c.name)).toEqual(
      store.datasets.categories(store.datasets.get('sample')!.id).map((c) => c.name),
    );
    expect(tuned.categories.every((c) => c.train_support !== null && c.few_examples === c.train_support < 5)).toBe(
      true,
    );
    expect(tuned.thresholds.some((t) => t !== 0.5)).toBe(true);

    const runs = new ClassifierRunRepo(store.db);
    const row = runs.get(tuned.run)!;
    expect(runs.metrics(row)).toMatchObject({
      macro_f1: tuned.macro_f1,
      fit: tuned.fit,
      test_posts: tuned.test_posts,
      method: tuned.method,
    });
    expect(JSON.parse(row.params_json)).toMatchObject({
      solver: 'lbfgs',
      c: 'cv',
      cvFolds: 3,
      positiveWeight: 'balanced',
      thresholds: 'tuned',
      termSelection: 'none',
      seed: 1,
    });
    const perCategory = store.db
      .prepare('SELECT category, f1, support FROM classifier_category_metrics WHERE run_id = ? ORDER BY category')
      .all(tuned.run);
    const byName = [...tuned.categories].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(perCategory).toEqual(byName.map((c) => ({ category: c.name, f1: c.f1, support: c.support })));
    const stored = decodeClassifier(runs.modelBlob(tuned.run)!);
    expect(stored.encoder).toMatchObject({ kind: 'tfidf', id: tuned.encoder, documents: tuned.train_size });

    const run = await openClassifierRun(store, tuned.run);
    const texts = ['My husband and I just moved to Leeds; I start as a nurse on Monday.', 'Lovely weather today.'];
    const predictions = await predict(run, texts);
    expect(predictions).toHaveLength(2);
    expect(Object.keys(predictions[0]!.scores)).toEqual(tuned.categories.map((c) => c.name));
    // The restored classifier scores exactly as the trained one did.
    const data = loadDatasetExamples(store, 'sample');
    const test = sourceTexts(data, 'original', 'test', testPostsOf(data.originals, 0.2, 1));
    expect((await run.classifier.evaluate(test)).macro_f1).toBe(tuned.macro_f1);
    await run.close();
    store.close();
  });

  it('runs end to end with the tiny RoBERTa ONNX encoder, caching features by (encoder, text hash)', async () => {
    const store = await sampleWorkspace();
    const { roberta } = await tinyEncoders();
    const result = await runTraining(
      store,
      { dataset: 'sample' },
      { encoder: `onnx:${roberta}`, head: 'mlp', epochs: 3, seed: 2, threads: 1 },
    );
    expect(result.encoder).toMatch(/^onnx:mean:[0-9a-f]{16}$/);
    expect(result.history).toHaveLength(3);
    expect(result.macro_f1!).toBeGreaterThanOrEqual(0);
    expect(result.method).toBe(
      'frozen roberta encoder (not fine-tuned) + trained MLP head (128 hidden units) (AdamW, 3 epochs, batch 8, weight decay 0.01)'.replace(
        'roberta',
        path.basename(roberta),
      ),
    );
    const cached = store.db
      .prepare<[string], number>('SELECT count(*) FROM embeddings WHERE embedder = ?')
      .pluck()
      .get(result.encoder);
    expect(cached).toBe(380);
    const stored = decodeClassifier(new ClassifierRunRepo(store.db).modelBlob(result.run)!);
    expect(stored.encoder).toEqual({ kind: 'onnx', id: result.encoder, dir: roberta, pooling: 'mean' });
    expect(stored.head.layers[0]!.inputs).toBe(32);

    const run = await openClassifierRun(store, result.run, { threads: 1 });
    const [p] = await predict(run, ['A brand new text, never seen before.']);
    expect(Object.values(p!.scores).every((s) => s > 0 && s < 1)).toBe(true);
    await run.close();

    const cls = await runTraining(
      store,
      { dataset: 'sample' },
      { encoder: `onnx:${roberta}`, pooling: 'cls', epochs: 1, threads: 1 },
    );
    expect(cls.encoder).toMatch(/^onnx:cls:/);
    await expect(
      runTraining(store, { dataset: 'sample' }, { encoder: `onnx:${roberta}`, device: 'cuda', epochs: 1 }),
    ).rejects.toThrow(
      /cannot load the ONNX model in .* \(onnxruntime-node's CUDA provider is not installed: see the README's GPU support, or use device cpu\)/,
    ); // no CUDA provider here
    await expect(
      runTraining(store, { dataset: 'sample' }, { encoder: `onnx:${path.join(roberta, 'nope')}` }),
    ).rejects.toThrow(/does not exist/);
    store.close();
  });

  it('trains from a pair of JSONL files and names the line of a bad record', async () => {
    const dir = tmpDir();
    const store = Store.open(path.join(dir, 'f.db'));
    const write = (name: string, rows: unknown[]) => {
      fs.writeFileSync(path.join(dir, name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      return path.join(dir, name);
    };
    const posts = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        i % 2
          ? { text: `my sister lives in town ${i}`, labels: ['family'] }
          : { text: `I am a nurse ${i}`, labels: ['occupation'] },
      );
    const train = write('train.jsonl', posts(40));
    const test = write('test.jsonl', posts(10));
    const result = await runTraining(store, { trainFile: train, testFile: test }, { epochs: 20, validationShare: 0 });
    expect(result).toMatchObject({
      dataset: null,
      train_source: train,
      test_source: test,
      train_size: 40,
      validation_size: 0,
      test_size: 10,
    });
    expect(result.categories.map((c) => c.name)).toEqual(['occupation', 'family']);
    expect(result.macro_f1).toBe(1);
    expect(result.small_training_set).toBe(false);
    // 8 training posts, 4 per category: flagged as too few to mean much.
    const few = await runTraining(store, { trainFile: write('few.jsonl', posts(8)), testFile: test }, {});
    expect(few.small_training_set).toBe(true);
    expect(few.categories.map((c) => [c.train_support, c.few_examples])).toEqual([
      [4, true],
      [4, true],
    ]);
    const bad = write('bad.jsonl', [{ text: 'ok', labels: [] }, { text: 'no labels' }]);
    await expect(runTraining(store, { trainFile: bad, testFile: test }, {})).rejects.toThrow(
      /bad\.jsonl:2: "labels" is missing/,
    );
    store.close();
  });
});
