import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FAMILIES } from '../../src-main/contract/schemas.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { currentRephraseTemplate } from '../../src-main/generate/prompt.js';
import { resolveTemperature, parseTemperatureSpec } from '../../src-main/generate/temperatures.js';
import { registerGguf } from '../../src-main/llm/model-registry.js';
import { Store } from '../../src-main/store/store.js';
import { sweepCsv } from '../../src-main/sweep/export.js';
import { selectTemperature } from '../../src-main/sweep/selection.js';
import { registerEndpoint } from '../../src-main/llm/model-registry.js';
import { startStandInServer, STAND_IN_MODELS } from '../../src-main/test-models/stand-in-server.js';
import { createSweep, runSweep, sweepResult } from '../../src-main/sweep/sweep-job.js';
import { buildReport } from '../../src-main/report/report.js';
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
  let server: Awaited<ReturnType<typeof startStandInServer>>;
  beforeAll(async () => {
    server = await startStandInServer();
  });
  afterAll(() => server?.close());

  it('samples once, generates k variants per point, scores accepted ones and chooses per model; resumes after a pause', async () => {
    const { store, dataset } = await workspace();
    // The rule-based stand-in (not an LLM) over real HTTP: readable rewrites, and more bad replies at higher
    // temperatures (badReplyRate), so that 1.3 cannot reach the 80% accepted share.
    const models = [];
    for (const id of Object.keys(STAND_IN_MODELS)) models.push(await registerEndpoint(store, { name: id.split(' ')[0]!, family: 'zephyr', url: server.url, model: id }));
    const { sweepId, jobId } = createSweep(store, {
      dataset: 'sample', datasetId: dataset.id, models: models.map((m) => ({ modelId: m.id, name: m.name })),
      sampleSize: 12, temperatures: [0.5, 0.8, 1.3], k: 2, seed: 4, parallel: 2, maxAttempts: 2,
      promptTemplateId: currentRephraseTemplate(store).id,
    });
    const controller = new AbortController();
    const paused = await runSweep(store, jobId, { signal: controller.signal, onProgress: (p) => p.done >= 20 && controller.abort('pause') });
    expect(paused.state).toBe('paused');
    const result = await runSweep(store, jobId);
    expect(result.state).toBe('done');
    expect(result.sample).toBe(12);
    expect(result.minAcceptedShare).toBe(0.8);
    expect(result.embedder).toMatch(/^tfidf:1-2gram:/);

    // One sample for every model and temperature; exactly k variants per (post, model, temperature).
    const perPoint = store.db
      .prepare('SELECT count(*) AS n, count(DISTINCT post_id) AS posts FROM variants WHERE sweep_id = ? GROUP BY model_id, temperature')
      .all(sweepId) as { n: number; posts: number }[];
    expect(perPoint).toHaveLength(6);
    expect(perPoint.every((r) => r.n === 24 && r.posts === 12)).toBe(true);
    const samplePosts = store.db.prepare('SELECT post_id FROM sweep_samples WHERE sweep_id = ? ORDER BY position').pluck().all(sweepId);
    expect(store.db.prepare('SELECT DISTINCT post_id FROM variants WHERE sweep_id = ? ORDER BY post_id').pluck().all(sweepId)).toEqual(samplePosts);
    const unscored = store.db.prepare(`SELECT count(*) FROM variants WHERE sweep_id = ? AND status = 'ok' AND similarity IS NULL`).pluck().get(sweepId);
    expect(unscored).toBe(0);
    // Every attempt is stored, with its raw reply, finish reason and outcome.
    const attempts = store.db
      .prepare('SELECT a.outcome, a.finish_reason, a.raw_reply, a.tokens_out FROM variant_attempts a JOIN variants v ON v.id = a.variant_id WHERE v.sweep_id = ?')
      .all(sweepId) as { outcome: string; finish_reason: string; raw_reply: string; tokens_out: number | null }[];
    expect(attempts.length).toBeGreaterThanOrEqual(6 * 24);
    expect(attempts.every((a) => a.finish_reason === 'stop' && a.raw_reply.length > 0 && a.tokens_out === null)).toBe(true);
    expect(attempts.some((a) => a.outcome === 'refusal')).toBe(true);

    for (const m of result.models) {
      expect(m.points.map((p) => p.temperature)).toEqual([0.5, 0.8, 1.3]);
      for (const p of m.points) {
        expect(p.n + p.failed).toBe(24);
        if (p.n >= 2) expect(p.ci95![0]).toBeLessThanOrEqual(p.mean!);
        if (p.ci95) expect(p.ci95[0] >= -1 && p.ci95[1] <= 1).toBe(true);
        expect(p.accepted_share).not.toBeNull();
      }
      // 1.3 gives refusals and copies too often: its accepted share is under the minimum, so it is never chosen.
      const hot = m.points.find((p) => p.temperature === 1.3)!;
      expect(hot.accepted_share!).toBeLessThan(0.8);
      expect(hot.rejections.reduce((a, r) => a + r.n, 0)).toBeGreaterThan(0);
      expect(m.chosen).not.toBe(1.3);
      // The stored choice is the pure rule's, and the choice explains itself.
      const rule = selectTemperature(m.points.map((p) => ({ temperature: p.temperature, mean: p.mean, ci95: p.ci95, n: p.n, acceptedShare: p.accepted_share })), { minAcceptedShare: 0.8 });
      expect(m.chosen).toBe(rule.chosen);
      expect(m.choice).toEqual(rule);
      // The stored mean is the mean of the accepted variants' similarities.
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
      if (m.chosen !== null) expect(resolveTemperature(store, parseTemperatureSpec('auto'), dataset.id, row)).toBe(m.chosen);
    }
    // Outcome counts per model and temperature cover every attempt.
    const table = store.variants.outcomeTable({ sweepId });
    expect(table).toHaveLength(6);
    expect(table.reduce((a, r) => a + r.attempts, 0)).toBe(attempts.length);
    expect(sweepCsv(result).split('\n')[0]).toBe('sweep,embedder,model,temperature,mean,std,ci_lo,ci_hi,n,failed,mean_length_ratio,chosen,attempts,accepted_share');
    expect(sweepCsv(result).trim().split('\n')).toHaveLength(7);
    // The report shows the choice with its reason (significance included), the accepted shares and the outcome
    // counts, and says plainly that the stand-in is not an LLM.
    const html = buildReport(store, 'sample');
    for (const m of result.models) expect(html).toContain(m.choice!.reason);
    expect(html).toContain('<h3>Reply gate outcomes (every attempt)</h3>');
    expect(html).toMatch(/<td>refusal \d+/);
    expect(html).toContain('rule-based stand-in rephraser, not an LLM');
    store.close();
  });

  it('chooses no temperature on rejected output: the tiny models\' word salad never qualifies, and auto says so', async () => {
    const { store, dataset, models } = await workspace();
    const { jobId } = createSweep(store, {
      dataset: 'sample', datasetId: dataset.id, models: [{ modelId: models[1]!.id, name: models[1]!.name }],
      sampleSize: 3, temperatures: [0.5, 1.0], seed: 2, threads: 1, parallel: 3, maxTokens: 8, maxAttempts: 1,
      promptTemplateId: currentRephraseTemplate(store).id,
    });
    const r = await runSweep(store, jobId);
    const m = r.models[0]!;
    expect(m.points.every((p) => p.n === 0 && p.mean === null && p.accepted_share === 0)).toBe(true);
    expect(m.chosen).toBeNull();
    expect(m.choice!.reason).toMatch(/^no temperature qualifies/);
    expect(() => resolveTemperature(store, parseTemperatureSpec('auto'), dataset.id, models[1]!)).toThrow(
      /the latest sweep \(\d+\) chose no temperature for "tiny-llama3-instruct"/,
    );
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
  it('prints the JSON the issue specifies; on rejected output it chooses nothing and generate --temperature auto fails clearly', () => {
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
      // Word salad is rejected, so no temperature is chosen, and the reason is given.
      expect(m.chosen).toBeNull();
      expect(m.choice.reason).toMatch(/^no temperature qualifies/);
      for (const p of m.points) expect(p).toMatchObject({ n: 0, accepted_share: 0 });
    }
    const table = synthlab(['--db', db, 'sweeps', 'list']);
    expect(table.stdout).toMatch(/tiny-zephyr: no temperature chosen — no temperature qualifies/);
    const gen = synthlab(['--db', db, 'generate', '--dataset', 'sample', '--models', 'tiny-llama3-instruct', '--temperature', 'auto', '--limit', '2']);
    expect(gen.code).not.toBe(0);
    expect(gen.stderr).toMatch(/chose no temperature for "tiny-llama3-instruct"/);
    const csv = synthlab(['--db', db, 'sweeps', 'export', String(out.sweep), '--format', 'csv']);
    expect(csv.stdout.trim().split('\n')).toHaveLength(7);
    expect(synthlab(['--db', db, 'sweep', '--dataset', 'sample', '--models', 'tiny-zephyr', '--temps', '1:0:1']).code).toBe(2);
    expect(synthlab(['--db', db, 'sweep', '--dataset', 'sample', '--models', 'tiny-zephyr', '--embedder', 'bert']).code).toBe(2);
  }, 120_000);
});
