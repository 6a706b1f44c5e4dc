import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_FAMILIES } from '../../src-main/contract/schemas.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { currentRephraseTemplate } from '../../src-main/generate/prompt.js';
import { resolveTemperature, parseTemperatureSpec } from '../../src-main/generate/temperatures.js';
import { registerGguf } from '../../src-main/llm/model-registry.js';
import { Store } from '../../src-main/store/store.js';
import { sweepCsv } from '../../src-main/sweep/export.js';
import { chooseTemperature } from '../../src-main/sweep/selection.js';
import { createSweep, runSweep, sweepResult } from '../../src-main/sweep/sweep-job.js';
import { synthlab } from '../helpers/cli.js';
import { tinyEncoders, tinyModels } from '../helpers/models.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

async function workspace() {
  const store = Store.open(path.join(tmpDir(), 'sweep.db'));
  await importFile(store, path.join(ROOT, 'resources', 'sample', 'posts.jsonl'), { dataset: 'sample' });
  const files = await tinyModels();
  const models = [];
  for (const family of MODEL_FAMILIES) models.push(await registerGguf(store, { name: `tiny-${family}`, family, file: files[family] }));
  return { store, dataset: store.datasets.get('sample')!, models };
}

describe('temperature sweep', () => {
  it('samples once, generates k variants per point, scores them and chooses per model; resumes after a pause', async () => {
    const { store, dataset, models } = await workspace();
    const { sweepId, jobId } = createSweep(store, {
      dataset: 'sample', datasetId: dataset.id, models: models.map((m) => ({ modelId: m.id, name: m.name })),
      sampleSize: 6, temperatures: [0.5, 0.8, 1.0], k: 2, seed: 4, threads: 1, parallel: 2, maxTokens: 20, maxAttempts: 1,
      promptTemplateId: currentRephraseTemplate(store).id,
    });
    const controller = new AbortController();
    const paused = await runSweep(store, jobId, { signal: controller.signal, onProgress: (p) => p.done >= 20 && controller.abort('pause') });
    expect(paused.state).toBe('paused');
    const result = await runSweep(store, jobId);
    expect(result.state).toBe('done');
    expect(result.sample).toBe(6);
    expect(result.embedder).toMatch(/^tfidf:1-2gram:/);

    // One sample for every model and temperature; exactly k variants per (post, model, temperature).
    const perPoint = store.db
      .prepare('SELECT count(*) AS n, count(DISTINCT post_id) AS posts FROM variants WHERE sweep_id = ? GROUP BY model_id, temperature')
      .all(sweepId) as { n: number; posts: number }[];
    expect(perPoint).toHaveLength(9);
    expect(perPoint.every((r) => r.n === 12 && r.posts === 6)).toBe(true);
    const samplePosts = store.db.prepare('SELECT post_id FROM sweep_samples WHERE sweep_id = ? ORDER BY position').pluck().all(sweepId);
    expect(store.db.prepare('SELECT DISTINCT post_id FROM variants WHERE sweep_id = ? ORDER BY post_id').pluck().all(sweepId)).toEqual(samplePosts);
    const unscored = store.db.prepare(`SELECT count(*) FROM variants WHERE sweep_id = ? AND status = 'ok' AND similarity IS NULL`).pluck().get(sweepId);
    expect(unscored).toBe(0);

    for (const m of result.models) {
      expect(m.points.map((p) => p.temperature)).toEqual([0.5, 0.8, 1.0]);
      for (const p of m.points) {
        expect(p.n + p.failed).toBe(12);
        if (p.n >= 2) expect(p.ci95![0]).toBeLessThanOrEqual(p.mean!);
      }
      expect(m.chosen).toBe(chooseTemperature(m.points.map((p) => ({ ...p }))) ?? null);
      // The stored mean is the mean of the stored similarities.
      const model = models.find((x) => x.name === m.model)!;
      const sims = store.db
        .prepare(`SELECT similarity FROM variants WHERE sweep_id = ? AND model_id = ? AND temperature = 0.8 AND status = 'ok'`)
        .pluck()
        .all(sweepId, model.id) as number[];
      const point = m.points.find((p) => p.temperature === 0.8)!;
      if (sims.length) expect(point.mean!).toBeCloseTo(sims.reduce((a, b) => a + b, 0) / sims.length, 10);
    }

    // generate --temperature auto takes the chosen temperature.
    for (const m of result.models) {
      const row = models.find((x) => x.name === m.model)!;
      expect(resolveTemperature(store, parseTemperatureSpec('auto'), dataset.id, row)).toBe(m.chosen);
    }
    expect(sweepCsv(result).split('\n')[0]).toBe('sweep,embedder,model,temperature,mean,std,ci_lo,ci_hi,n,failed,mean_length_ratio,chosen');
    expect(sweepCsv(result).trim().split('\n')).toHaveLength(10);
    store.close();
  });

  it('scores and shows points while it runs, choosing a temperature only at the end', async () => {
    const { store, dataset, models } = await workspace();
    const { sweepId, jobId } = createSweep(store, {
      dataset: 'sample', datasetId: dataset.id, models: models.slice(0, 2).map((m) => ({ modelId: m.id, name: m.name })),
      sampleSize: 4, temperatures: [0.5, 1.0], k: 2, seed: 3, threads: 1, maxTokens: 12, maxAttempts: 1,
      promptTemplateId: currentRephraseTemplate(store).id,
    });
    const seen: { done: number; total: number; points: number; chosen: number }[] = [];
    const result = await runSweep(store, jobId, {
      livePointsIntervalMs: 0,
      onProgress: (p) => {
        if (p.state !== 'running') return;
        const r = sweepResult(store, sweepId);
        seen.push({
          done: p.done, total: p.total,
          points: r.models.reduce((n, m) => n + m.points.filter((x) => x.n + x.failed > 0).length, 0),
          chosen: r.models.filter((m) => m.chosen !== null).length,
        });
      },
    });
    // Before the last variant, some points were already there, and none was marked chosen yet.
    const early = seen.filter((s) => s.done < s.total && s.points > 0);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((s) => s.chosen === 0)).toBe(true);
    expect(result.models.every((m) => m.chosen !== null || m.points.every((p) => p.mean === null))).toBe(true);
    // Every interval lies within TF-IDF cosine's range.
    for (const p of result.models.flatMap((m) => m.points)) if (p.ci95) expect(p.ci95[0]).toBeGreaterThanOrEqual(0);
    store.close();
  });

  it('scores with the ONNX sentence encoder when asked', async () => {
    const { store, dataset, models } = await workspace();
    const { jobId } = createSweep(store, {
      dataset: 'sample', datasetId: dataset.id, models: [{ modelId: models[2]!.id, name: models[2]!.name }],
      sampleSize: 3, temperatures: [0.7], seed: 2, threads: 1, maxTokens: 16, maxAttempts: 1,
      embedder: `onnx:${(await tinyEncoders()).bert}`, promptTemplateId: currentRephraseTemplate(store).id,
    });
    const r = await runSweep(store, jobId);
    expect(r.embedder).toMatch(/^onnx:mean:[0-9a-f]{16}$/);
    expect(r.models[0]!.points[0]!.n + r.models[0]!.points[0]!.failed).toBe(3);
    store.close();
  });

  it('auto temperature without a sweep is a clear error', async () => {
    const { store, dataset, models } = await workspace();
    expect(() => resolveTemperature(store, parseTemperatureSpec('auto'), dataset.id, models[0]!)).toThrow(/no temperature sweep has chosen a temperature for "tiny-llama2-chat"/);
    store.close();
  });
});

describe('synthlab sweep CLI', () => {
  it('prints the JSON the issue specifies and generate --temperature auto uses the choice', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'cli.db');
    synthlab(['--db', db, 'import', path.join(ROOT, 'resources/sample/posts.jsonl'), '--dataset', 'sample']);
    synthlab(['--db', db, 'models', 'add-tiny', '--dir', path.join(dir, 'models')]);
    const r = synthlab(['--db', db, 'sweep', '--dataset', 'sample', '--models', 'tiny-llama3-instruct,tiny-zephyr', '--sample', '4', '--temps', '0.5:0.9:0.2', '--threads', '1', '--max-tokens', '16', '--max-attempts', '1', '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ sweep: expect.any(Number), embedder: expect.stringMatching(/^tfidf/) });
    expect(out.models.map((m: { model: string }) => m.model)).toEqual(['tiny-llama3-instruct', 'tiny-zephyr']);
    for (const m of out.models) {
      expect(m.points.map((p: { temperature: number }) => p.temperature)).toEqual([0.5, 0.7, 0.9]);
      for (const p of m.points) expect(Object.keys(p)).toEqual(expect.arrayContaining(['temperature', 'mean', 'std', 'ci95', 'n', 'failed']));
      expect([0.5, 0.7, 0.9]).toContain(m.chosen);
    }
    const gen = JSON.parse(synthlab(['--db', db, 'generate', '--dataset', 'sample', '--models', 'tiny-llama3-instruct,tiny-zephyr', '--temperature', 'auto', '--limit', '2', '--threads', '1', '--max-tokens', '8', '--max-attempts', '1', '--json']).stdout);
    expect(gen.models.map((m: { temperature: number }) => m.temperature)).toEqual(out.models.map((m: { chosen: number }) => m.chosen));
    const csv = synthlab(['--db', db, 'sweeps', 'export', String(out.sweep), '--format', 'csv']);
    expect(csv.stdout.trim().split('\n')).toHaveLength(7);
    expect(synthlab(['--db', db, 'sweep', '--dataset', 'sample', '--models', 'tiny-zephyr', '--temps', '1:0:1']).code).toBe(2);
    expect(synthlab(['--db', db, 'sweep', '--dataset', 'sample', '--models', 'tiny-zephyr', '--embedder', 'bert']).code).toBe(2);
  }, 120_000);
});
