import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatasetExamples, sourceTexts, testPostsOf } from '../../src-main/classify/dataset-examples.js';
import { EXPERIMENT_CSV_HEADER, writeExperiment } from '../../src-main/classify/experiment-export.js';
import { loadExperiment, runExperiment } from '../../src-main/classify/experiments.js';
import { decodeClassifier } from '../../src-main/classify/model-blob.js';
import { createRandom, shuffleInPlace } from '../../src-main/classify/random.js';
import { ClassifierRunRepo } from '../../src-main/classify/runs-repo.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { createGenerationJob, runGenerationJob } from '../../src-main/generate/generation-job.js';
import { currentRephraseTemplate } from '../../src-main/generate/prompt.js';
import { registerEndpoint } from '../../src-main/llm/model-registry.js';
import { Store } from '../../src-main/store/store.js';
import { startStandInServer, STAND_IN_MODELS } from '../../src-main/test-models/stand-in-server.js';
import { synthlab } from '../helpers/cli.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const SAMPLE = path.join(ROOT, 'resources', 'sample', 'posts.jsonl');
const BLAND = [
  'What a week it has been.',
  'Any tips for a rainy weekend?',
  'Just sharing a small win today.',
  'Thoughts on this, anyone?',
];
/** Marks every variant with its source post, so a leaked variant would show in a trained vocabulary. */
const marker = (postId: number) => `zqmark${postId}`;

/**
 * Two fake models' variants for every post, inserted directly: "keep" shuffles the source's
 * words (its PII survives), "drop" writes a bland sentence (its PII is gone).
 */
async function workspaceWithVariants(file: string): Promise<Store> {
  const store = Store.open(file);
  await importFile(store, SAMPLE, { dataset: 'sample' });
  const datasetId = store.datasets.get('sample')!.id;
  const random = createRandom(1);
  const model = (name: string) =>
    store.models.add({
      name,
      family: 'zephyr',
      backend: 'endpoint',
      endpoint_url: 'http://127.0.0.1:9/v1',
      endpoint_model: name,
    });
  const [keep, drop] = [model('keep'), model('drop')];
  const variant = (post_id: number, model_id: number, text: string) =>
    store.variants.insert({
      post_id,
      model_id,
      text,
      job_id: null,
      sweep_id: null,
      replicate: 0,
      prompt_template_id: null,
      model_sha256: null,
      family: 'zephyr',
      temperature: 0.8,
      seed: 1,
      status: 'ok',
      failure_reason: null,
      attempts: 1,
      tokens_in: null,
      tokens_out: null,
      generation_ms: null,
    });
  store.db.transaction(() => {
    for (const post of [...store.posts.iterateLabelled(datasetId)]) {
      const words = post.text.split(/\s+/);
      shuffleInPlace(words, random);
      variant(post.id, keep.id, `${words.join(' ')} ${marker(post.id)}`);
      variant(post.id, drop.id, `${BLAND[post.id % BLAND.length]} ${marker(post.id)}`);
    }
  })();
  return store;
}

const OPTIONS = { epochs: 10, thresholds: 'tuned', seed: 1 } as const;

describe('original versus synthetic experiments', () => {
  it('runs (a)–(e) and label retention, never training on a variant of a test post, and stores everything', async () => {
    const dir = tmpDir();
    const store = await workspaceWithVariants(path.join(dir, 'x.db'));
    const result = await runExperiment(store, 'sample', OPTIONS);

    expect(result).toMatchObject({
      dataset: 'sample',
      encoder: 'tfidf',
      head: 'linear',
      models: ['drop', 'keep'],
      split: { seed: 1, train_posts: 304, test_posts: 76 },
    });
    expect(result.skipped).toEqual([]);
    expect(result.runs.map((r) => [r.experiment, r.train_source, r.test_source, r.test_size])).toEqual([
      ['a', 'original', 'original', 76],
      ['e', 'original', 'synthetic:drop', 76],
      ['e', 'original', 'synthetic:keep', 76],
      ['e', 'original', 'synthetic:all', 152],
      ['b', 'synthetic:drop', 'synthetic:drop', 76],
      ['d', 'synthetic:drop', 'original', 76],
      ['b', 'synthetic:keep', 'synthetic:keep', 76],
      ['d', 'synthetic:keep', 'original', 76],
      ['c', 'synthetic:all', 'synthetic:all', 152],
      ['d', 'synthetic:all', 'original', 76],
    ]);
    // One head per training set; the other evaluations reuse it and store no copy.
    const heads = [...new Set(result.runs.map((r) => r.head_run))];
    expect(heads).toHaveLength(4);
    const blobs = store.db
      .prepare<[number], { id: number; has_blob: number }>(
        'SELECT id, model_blob IS NOT NULL AS has_blob FROM classifier_runs WHERE experiment_id = ? ORDER BY id',
      )
      .all(result.experiment);
    expect(blobs.filter((b) => b.has_blob).map((b) => b.id)).toEqual(heads);

    // Leakage: each trained vocabulary may hold markers of training posts only (a marker is in
    // two variants, so TF-IDF keeps it when the synthetic:all head trains on both).
    const data = loadDatasetExamples(store, 'sample');
    const testPosts = testPostsOf(data.originals, 0.2, 1);
    const stored = JSON.parse(
      store.db
        .prepare<[number], string>('SELECT test_posts_json FROM experiments WHERE id = ?')
        .pluck()
        .get(result.experiment)!,
    );
    expect(stored).toEqual([...testPosts].sort((a, b) => a - b));
    const runs = new ClassifierRunRepo(store.db);
    for (const head of heads) {
      const { encoder } = decodeClassifier(runs.modelBlob(head)!);
      if (encoder.kind !== 'tfidf') throw new Error('expected TF-IDF');
      const markedPosts = encoder.terms
        .filter((t) => t.startsWith('zqmark'))
        .map((t) => Number(t.slice('zqmark'.length)));
      for (const post of markedPosts) expect(testPosts.has(post)).toBe(false);
      const run = runs.get(head)!;
      const metrics = runs.metrics(run);
      expect(metrics.train_size + metrics.validation_size).toBe(
        sourceTexts(data, run.train_source, 'train', testPosts).length,
      );
      expect(encoder.documents).toBe(metrics.train_size);
      if (run.train_source === 'synthetic:all') expect(markedPosts.length).toBeGreaterThan(100);
    }
    for (const source of ['original', 'synthetic:keep', 'synthetic:drop', 'synthetic:all']) {
      for (const t of sourceTexts(data, source, 'train', testPosts)) expect(testPosts.has(t.group)).toBe(false);
      for (const t of sourceTexts(data, source, 'test', testPosts)) expect(testPosts.has(t.group)).toBe(true);
    }

    // Label retention: shuffled words keep the PII the classifier finds; bland rewrites lose it.
    expect(result.retention).toHaveLength(3 * 12);
    const share = (source: string) => {
      const rows = result.retention.filter((r) => r.source === source && r.sources > 0);
      return rows.reduce((s, r) => s + r.retained, 0) / rows.reduce((s, r) => s + r.sources, 0);
    };
    expect(share('synthetic:keep')).toBeGreaterThan(share('synthetic:drop') + 0.1);
    const spurious = (source: string) => {
      const rows = result.retention.filter((r) => r.source === source);
      return rows.reduce((s, r) => s + r.spurious, 0) / rows.reduce((s, r) => s + r.others, 0);
    };
    expect(share('synthetic:keep')).toBeGreaterThan(spurious('synthetic:keep') + 0.2);
    for (const r of result.retention) {
      const onKeep = result.retention.find((x) => x.source === 'synthetic:keep' && x.category === r.category)!;
      expect(r.source_detected).toBe(
        r.source === 'synthetic:all' ? 2 * onKeep.source_detected : onKeep.source_detected,
      );
      if (r.sources) expect(r.share).toBe(r.retained / r.sources);
      expect(r.sources + r.others).toBe(r.source === 'synthetic:all' ? 152 : 76);
    }

    // Stored and exportable: the store gives back the same result; files hold it.
    expect(loadExperiment(store, result.experiment)).toEqual(result);
    const json = path.join(dir, 'out', 'experiment.json');
    const csv = path.join(dir, 'out', 'experiment.csv');
    expect(await writeExperiment(result, json)).toBe('json');
    expect(await writeExperiment(result, csv)).toBe('csv');
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toEqual(result);
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(EXPERIMENT_CSV_HEADER.join(','));
    // Per run: 9 aggregates + the not-evaluable list + 12 categories × 5 metrics; per retention row: 8 numbers.
    expect(lines).toHaveLength(1 + 10 * (10 + 60) + 36 * 8);
    expect(lines).toContain(
      `run,a,${result.runs[0]!.run},original,original,(all),macro_f1,${result.runs[0]!.metrics.macro_f1}`,
    );
    store.close();

    // The CLI runs the same experiment and writes the same kind of file.
    const out = path.join(dir, 'cli.csv');
    const cli = synthlab([
      '--db',
      path.join(dir, 'x.db'),
      'experiment',
      '--dataset',
      'sample',
      '--epochs',
      '2',
      '--json',
      '--out',
      out,
    ]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout).runs).toHaveLength(10);
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toBe(EXPERIMENT_CSV_HEADER.join(','));
    const human = synthlab(['--db', path.join(dir, 'x.db'), 'experiment', '--dataset', 'sample', '--epochs', '1']);
    expect(human.stdout).toMatch(/Label retention on held-out variants/);
    expect(human.stdout).toMatch(/^e\s+\d+\s+original\s+synthetic:keep/m);
  });

  it('leaves nothing behind when cancelled', async () => {
    const store = await workspaceWithVariants(path.join(tmpDir(), 'c.db'));
    // The seed protocol, cancelled after its first epoch.
    const controller = new AbortController();
    const run = runExperiment(
      store,
      'sample',
      { ...OPTIONS, solver: 'adamw' },
      {
        signal: controller.signal,
        onEpoch: () => controller.abort(),
      },
    );
    await expect(run).rejects.toThrow(/training was cancelled/);
    // L-BFGS, cancelled while it fits (it stops between fits).
    const lbfgs = new AbortController();
    const stopped = runExperiment(store, 'sample', OPTIONS, { signal: lbfgs.signal });
    lbfgs.abort();
    await expect(stopped).rejects.toThrow(/training was cancelled/);
    expect(
      store.db
        .prepare('SELECT (SELECT count(*) FROM experiments) + (SELECT count(*) FROM classifier_runs)')
        .pluck()
        .get(),
    ).toBe(0);
    store.close();
  });

  it('refuses a dataset without variants', async () => {
    const store = Store.open(path.join(tmpDir(), 'n.db'));
    await importFile(store, SAMPLE, { dataset: 'sample' });
    await expect(runExperiment(store, 'sample', OPTIONS)).rejects.toThrow(/has no variants yet/);
    store.close();
  });

  it('runs on variants generated through the HTTP backend (the rule-based stand-in, not an LLM)', async () => {
    // The reply gate rejects the tiny random-weight models' word salad, so the variants come from the
    // stand-in rephraser over a real OpenAI-compatible server on 127.0.0.1.
    const server = await startStandInServer();
    const store = Store.open(path.join(tmpDir(), 'g.db'));
    await importFile(store, SAMPLE, { dataset: 'sample' });
    const models = [];
    for (const id of Object.keys(STAND_IN_MODELS))
      models.push(await registerEndpoint(store, { name: id.split(' ')[0]!, family: 'zephyr', url: server.url, model: id }));
    const dataset = store.datasets.get('sample')!;
    const job = createGenerationJob(store, {
      dataset: 'sample',
      datasetId: dataset.id,
      limit: 60,
      seed: 3,
      parallel: 4,
      maxAttempts: 3,
      promptTemplateId: currentRephraseTemplate(store).id,
      models: models.map((m) => ({ modelId: m.id, name: m.name, temperature: 0.6 })),
    });
    const summary = await runGenerationJob(store, job.id);
    await server.close();
    expect(summary.variants + summary.failed).toBe(120);
    expect(summary.variants).toBeGreaterThan(100);
    const result = await runExperiment(store, 'sample', { epochs: 3, seed: 1 });
    expect(result.models).toEqual(models.map((m) => m.name).sort());
    expect(result.runs.filter((r) => r.experiment === 'a')).toHaveLength(1);
    expect(result.runs.filter((r) => r.experiment === 'd')).toHaveLength(3);
    for (const r of result.runs) if (r.train_source !== 'original') expect(r.train_size).toBeLessThanOrEqual(summary.variants);
    expect(result.retention).toHaveLength(3 * 12);
    expect(loadExperiment(store, result.experiment)).toEqual(result);
    store.close();
  });
});
