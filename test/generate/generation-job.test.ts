import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FAMILIES } from '../../src-main/contract/schemas.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { createGenerationJob, runGenerationJob } from '../../src-main/generate/generation-job.js';
import { currentRephraseTemplate, saveRephraseTemplate } from '../../src-main/generate/prompt.js';
import { familyStopSequences } from '../../src-main/llm/chat-format.js';
import { EmbeddedGenerator } from '../../src-main/llm/embedded-backend.js';
import { registerEndpoint, registerGguf } from '../../src-main/llm/model-registry.js';
import { Store } from '../../src-main/store/store.js';
import { startLlamaHttpServer } from '../helpers/llama-http-server.js';
import { tinyModels } from '../helpers/models.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const SAMPLE = path.join(ROOT, 'resources', 'sample', 'posts.jsonl');

async function workspace() {
  const store = Store.open(path.join(tmpDir(), 'gen.db'));
  await importFile(store, SAMPLE, { dataset: 'sample' });
  const files = await tinyModels();
  const models = [];
  for (const family of MODEL_FAMILIES) models.push(await registerGguf(store, { name: `tiny-${family}`, family, file: files[family] }));
  const dataset = store.datasets.get('sample')!;
  return { store, dataset, models };
}

function variantsPerPost(store: Store, jobId: number) {
  return store.db
    .prepare<[number], { post_id: number; n: number; models: number }>(
      'SELECT post_id, count(*) AS n, count(DISTINCT model_id) AS models FROM variants WHERE job_id = ? GROUP BY post_id',
    )
    .all(jobId);
}

describe('generation job (embedded backend)', () => {
  it('makes one variant per post and model with full provenance', async () => {
    const { store, dataset, models } = await workspace();
    const template = currentRephraseTemplate(store);
    const job = createGenerationJob(store, {
      dataset: 'sample', datasetId: dataset.id, limit: 4, seed: 11, threads: 1, parallel: 2, maxTokens: 24, promptTemplateId: template.id,
      models: models.map((m, i) => ({ modelId: m.id, name: m.name, temperature: 0.5 + i * 0.2 })),
    });
    const progress: number[] = [];
    const summary = await runGenerationJob(store, job.id, { onProgress: (p) => progress.push(p.done) });
    expect(summary.state).toBe('done');
    expect(summary.variants + summary.failed).toBe(12);
    expect(summary.models.map((m) => m.hardware)).toEqual(Array(3).fill('node-llama-cpp, CPU, 1 thread, 2 sequences'));
    expect(progress.at(-1)).toBe(12);
    // Random weights write word salad and never stop on their own: the gate accepts none of it.
    expect(summary.variants).toBe(0);
    expect(variantsPerPost(store, job.id)).toEqual(expect.arrayContaining([expect.objectContaining({ n: 3, models: 3 })]));
    expect(variantsPerPost(store, job.id)).toHaveLength(4);
    for (const v of store.variants.byJob(job.id)) {
      const m = models.find((x) => x.id === v.model_id)!;
      expect(v).toMatchObject({ family: m.family, model_sha256: m.file_sha256, prompt_template_id: template.id });
      expect(v.temperature).toBeCloseTo(0.5 + models.indexOf(m) * 0.2);
      expect(v.seed).toBe(11 + v.attempts - 1);
      expect(v.tokens_in).toBeGreaterThan(50);
      expect(v.tokens_out).toBeGreaterThan(0);
      expect(v.generation_ms).toBeGreaterThan(0);
      expect(v.status).toBe('failed');
      expect(v.failure_reason).toMatch(/./);
      // Every attempt is stored with its raw reply, finish reason and gate outcome.
      const attempts = store.variants.attempts(v.id);
      expect(attempts).toHaveLength(v.attempts);
      expect(v.outcome).toBe(attempts.at(-1)!.outcome);
      for (const a of attempts) {
        expect(a.raw_reply).not.toBeNull();
        expect(['stop', 'length']).toContain(a.finish_reason);
        expect(a.outcome).not.toBe('accepted');
      }
    }
    const table = store.variants.outcomeTable({ jobId: job.id });
    expect(table.map((r) => r.model)).toEqual(models.map((m) => m.name));
    expect(table.every((r) => r.accepted === 0 && r.acceptedShare === 0 && r.variants === 4 && r.failedVariants === 4)).toBe(true);
    expect(store.jobs.get(job.id)).toMatchObject({ state: 'done', progress_done: 12, progress_total: 12 });
    store.close();
  });

  it('gives the same texts for the same seed, settings and prompt version', async () => {
    const { store, dataset, models } = await workspace();
    const params = {
      dataset: 'sample', datasetId: dataset.id, limit: 3, seed: 5, threads: 1, parallel: 1, maxTokens: 20,
      promptTemplateId: currentRephraseTemplate(store).id, models: [{ modelId: models[1]!.id, name: models[1]!.name, temperature: 0.9 }],
    };
    const a = createGenerationJob(store, params);
    // One sequence: llama.cpp's batched kernels may round differently with the batch's size, and with
    // retries (rejected replies, grown budgets) which sequences share a batch depends on timing.
    const b = createGenerationJob(store, { ...params });
    await runGenerationJob(store, a.id);
    await runGenerationJob(store, b.id);
    // The raw replies of every attempt, since the gate rejects the tiny model's text.
    const texts = (id: number) =>
      store.variants
        .byJob(id)
        .sort((x, y) => x.post_id - y.post_id)
        .flatMap((v) => store.variants.attempts(v.id).map((a) => a.raw_reply));
    expect(texts(a.id).length).toBeGreaterThanOrEqual(3);
    expect(texts(b.id)).toEqual(texts(a.id));
    store.close();
  });

  it('never accepts a truncated reply: retries with the next seed and twice the budget, then records why', async () => {
    const { store, dataset, models } = await workspace();
    const job = createGenerationJob(store, {
      dataset: 'sample', datasetId: dataset.id, limit: 2, seed: 100, threads: 1, maxTokens: 8, maxAttempts: 3,
      promptTemplateId: currentRephraseTemplate(store).id, models: [{ modelId: models[0]!.id, name: models[0]!.name, temperature: 0.7 }],
    });
    const summary = await runGenerationJob(store, job.id);
    expect(summary).toMatchObject({ state: 'done', variants: 0, failed: 2 });
    for (const v of store.variants.byJob(job.id)) {
      expect(v).toMatchObject({ status: 'failed', attempts: 3, seed: 102, text: null });
      // The gate may name the word salad (garbled) rather than the cut; either way it is rejected, and the
      // reason says the budget grew.
      expect(v.failure_reason).toMatch(/^(?:truncated|garbled): .*\(after 3 attempts, budgets 8, 16, 32 tokens\)$/);
      const attempts = store.variants.attempts(v.id);
      expect(attempts.map((a) => [a.seed, a.max_tokens, a.finish_reason])).toEqual([
        [100, 8, 'length'],
        [101, 16, 'length'],
        [102, 32, 'length'],
      ]);
      expect(attempts.every((a) => a.outcome !== 'accepted')).toBe(true);
      for (const a of attempts) expect(a.tokens_out).toBeGreaterThanOrEqual(a.max_tokens!);
    }
    store.close();
  });

  it('records the prompt version each variant used', async () => {
    const { store, dataset, models } = await workspace();
    const v1 = currentRephraseTemplate(store);
    const v2 = saveRephraseTemplate(store, 'Say this differently, with invented names:\n{{post}}');
    expect(v2.version).toBe(v1.version + 1);
    expect(() => saveRephraseTemplate(store, 'no placeholder')).toThrow(/must contain \{\{post\}\}/);
    const job = createGenerationJob(store, {
      dataset: 'sample', datasetId: dataset.id, limit: 1, threads: 1, maxTokens: 8, promptTemplateId: v2.id,
      models: [{ modelId: models[2]!.id, name: models[2]!.name, temperature: 0.7 }],
    });
    await runGenerationJob(store, job.id);
    expect(store.variants.byJob(job.id)[0]!.prompt_template_id).toBe(v2.id);
    store.close();
  });

  it('pauses on request and resumes with no duplicate and no missing pair', async () => {
    const { store, dataset, models } = await workspace();
    const job = createGenerationJob(store, {
      dataset: 'sample', datasetId: dataset.id, limit: 10, threads: 1, parallel: 2, maxTokens: 16, promptTemplateId: currentRephraseTemplate(store).id,
      models: models.map((m) => ({ modelId: m.id, name: m.name, temperature: 0.8 })),
    });
    const controller = new AbortController();
    const first = await runGenerationJob(store, job.id, {
      signal: controller.signal,
      onProgress: (p) => p.done >= 7 && controller.abort('pause'),
    });
    expect(first.state).toBe('paused');
    const partial = first.variants + first.failed;
    expect(partial).toBeGreaterThanOrEqual(7);
    expect(partial).toBeLessThan(30);
    const second = await runGenerationJob(store, job.id);
    expect(second.state).toBe('done');
    expect(variantsPerPost(store, job.id).every((r) => r.n === 3 && r.models === 3)).toBe(true);
    expect(variantsPerPost(store, job.id)).toHaveLength(10);
    store.close();
  });
});

describe('generation job (OpenAI-compatible HTTP backend with node-llama-cpp behind it)', () => {
  const generators: EmbeddedGenerator[] = [];
  let server: Awaited<ReturnType<typeof startLlamaHttpServer>>;
  beforeAll(async () => {
    const files = await tinyModels();
    const served: Record<string, EmbeddedGenerator> = {};
    for (const family of MODEL_FAMILIES) {
      const g = await EmbeddedGenerator.load({ modelPath: files[family], family, threads: 1, parallel: 2 });
      generators.push(g);
      served[`served-${family}`] = g;
    }
    server = await startLlamaHttpServer(served);
  });
  afterAll(async () => {
    await server?.close();
    for (const g of generators) await g.close();
  });

  it('runs the three family presets through the endpoint, same texts as the embedded backend', async () => {
    const { store, dataset, models: local } = await workspace();
    const remote = [];
    for (const family of MODEL_FAMILIES) {
      remote.push(await registerEndpoint(store, { name: `remote-${family}`, family, url: server.url, model: `served-${family}` }));
    }
    await expect(registerEndpoint(store, { name: 'nope', family: 'zephyr', url: server.url, model: 'missing' })).rejects.toThrow(/does not serve a model "missing"/);
    const base = { dataset: 'sample', datasetId: dataset.id, limit: 3, seed: 9, threads: 1, parallel: 2, maxTokens: 16, promptTemplateId: currentRephraseTemplate(store).id };
    const viaHttp = createGenerationJob(store, { ...base, models: remote.map((m) => ({ modelId: m.id, name: m.name, temperature: 0.8 })) });
    const summary = await runGenerationJob(store, viaHttp.id);
    expect(summary.state).toBe('done');
    expect(summary.variants + summary.failed).toBe(9);
    expect(summary.models[0]!.hardware).toMatch(/^OpenAI-compatible endpoint http:\/\/127\.0\.0\.1:\d+\/v1, model "served-llama2-chat"/);
    expect(server.requests).toBeGreaterThanOrEqual(9);
    const local3 = createGenerationJob(store, { ...base, models: local.map((m) => ({ modelId: m.id, name: m.name, temperature: 0.8 })) });
    await runGenerationJob(store, local3.id);
    const texts = (id: number) =>
      store.variants
        .byJob(id)
        .flatMap((v) => store.variants.attempts(v.id).map((a) => `${v.post_id}:${a.attempt}:${a.finish_reason}:${a.raw_reply}`))
        .sort();
    expect(texts(viaHttp.id)).toEqual(texts(local3.id));
    // Each family's stop sequences travel in the HTTP requests.
    const stops = new Set(server.bodies.map((b) => JSON.stringify((b as { stop?: string[] }).stop)));
    for (const family of MODEL_FAMILIES) expect(stops).toContain(JSON.stringify(familyStopSequences(family).slice(0, 4)));
    store.close();
  });
});

describe('bad model files', () => {
  it('rejects a non-GGUF file and a truncated GGUF with clear errors', async () => {
    const { store } = await workspace();
    const dir = tmpDir();
    const notGguf = path.join(dir, 'notes.gguf');
    fs.writeFileSync(notGguf, 'just some text, not a model');
    await expect(registerGguf(store, { name: 'x', family: 'zephyr', file: notGguf })).rejects.toThrow(/not a GGUF file \(it starts with "just", not "GGUF"\)/);
    const whole = fs.readFileSync((await tinyModels()).zephyr);
    const truncated = path.join(dir, 'truncated.gguf');
    fs.writeFileSync(truncated, whole.subarray(0, whole.length - 1000));
    await expect(registerGguf(store, { name: 'y', family: 'zephyr', file: truncated })).rejects.toThrow(/truncated: the tensors need \d+ bytes but the file has \d+/);
    const headerOnly = path.join(dir, 'header.gguf');
    fs.writeFileSync(headerOnly, whole.subarray(0, 64));
    await expect(registerGguf(store, { name: 'z', family: 'zephyr', file: headerOnly })).rejects.toThrow(/unreadable GGUF header|truncated/);
    await expect(registerGguf(store, { name: 'w', family: 'zephyr', file: path.join(dir, 'missing.gguf') })).rejects.toThrow(/file not found/);
    await expect(registerGguf(store, { name: 'v', family: 'gpt-9', file: notGguf })).rejects.toThrow(/unknown family "gpt-9"/);
    expect(store.models.list().map((m) => m.name)).toEqual(['tiny-llama2-chat', 'tiny-llama3-instruct', 'tiny-zephyr']);
    store.close();
  });
});
