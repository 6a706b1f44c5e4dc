/**
 * Jobs survive bad posts, and garbage never becomes a variant: a real OpenAI-compatible server on
 * 127.0.0.1 (the rule-based stand-in behind it) that fails for chosen posts, and real generation jobs
 * on the llama.cpp-made fixtures.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/datasets/importer.js';
import { createGenerationJob, runGenerationJob } from '../../src-main/generate/generation-job.js';
import { currentRephraseTemplate } from '../../src-main/generate/prompt.js';
import { registerEndpoint, registerGguf } from '../../src-main/llm/model-registry.js';
import { Store } from '../../src-main/store/store.js';
import { answerChatRequest, STAND_IN_MODELS } from '../../src-main/test-models/stand-in-server.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const MODEL = Object.keys(STAND_IN_MODELS)[0]!;

/** The stand-in behind a real HTTP server, with a switch that makes chosen requests fail. */
async function startFlakyServer() {
  const state = {
    /** Answers with this status and body when it returns one. */
    fail: (_user: string): { status: number; body: string } | undefined => undefined,
    requests: 0,
  };
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ data: [{ id: MODEL }] }));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages: { role: string; content: string }[] };
      const failure = state.fail(body.messages.at(-1)!.content);
      if (failure) {
        res.writeHead(failure.status, { 'content-type': 'application/json' });
        return res.end(failure.body);
      }
      const answer = answerChatRequest(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'content' in answer ? answer.content : '' }, finish_reason: 'stop' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function workspace() {
  const store = Store.open(path.join(tmpDir(), 'bad-posts.db'));
  await importFile(store, path.join(ROOT, 'resources', 'sample', 'posts.jsonl'), { dataset: 'sample' });
  return { store, dataset: store.datasets.get('sample')! };
}

describe('a generation job with failing posts (real HTTP on 127.0.0.1)', () => {
  let server: Awaited<ReturnType<typeof startFlakyServer>>;
  beforeAll(async () => {
    server = await startFlakyServer();
  });
  afterAll(() => server?.close());

  it('records a permanently failing post as a failed row with the HTTP status and body, and finishes the others', async () => {
    const { store, dataset } = await workspace();
    const posts = store.db.prepare('SELECT id, text FROM posts ORDER BY id LIMIT 6').all() as { id: number; text: string }[];
    const bad = posts[2]!;
    // This post's request always fails with a 500 (retried by the backend, then given up on).
    server.state.fail = (user) => (user.includes(bad.text) ? { status: 500, body: '{"error":{"message":"CUDA error: out of memory while decoding"}}' } : undefined);
    const model = await registerEndpoint(store, { name: 'flaky', family: 'llama2-chat', url: server.url, model: MODEL });
    const job = createGenerationJob(store, {
      dataset: 'sample', datasetId: dataset.id, limit: 6, parallel: 2, promptTemplateId: currentRephraseTemplate(store).id,
      models: [{ modelId: model.id, name: model.name, temperature: 0.6 }],
    });
    const summary = await runGenerationJob(store, job.id);
    expect(summary.state).toBe('done');
    expect(summary.variants + summary.failed).toBe(6);
    // The stand-in sends no usage: tokens are unknown, not 0 tokens/s.
    expect(summary.tokens_per_second).toBeNull();
    const rows = store.variants.byJob(job.id);
    const failedRow = rows.find((v) => v.post_id === bad.id)!;
    expect(failedRow).toMatchObject({ status: 'failed', outcome: 'error', text: null, tokens_out: null, attempts: 1 });
    expect(failedRow.failure_reason).toMatch(/^error: POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions failed after 5 attempts: HTTP 500 \(x5\); last: HTTP 500: CUDA error: out of memory while decoding$/);
    expect(failedRow.failure_reason!.length).toBeLessThanOrEqual(300);
    expect(store.variants.attempts(failedRow.id)).toMatchObject([{ outcome: 'error', finish_reason: 'error', raw_reply: null }]);
    // The other posts were made (the stand-in's rewrites pass the gate at this temperature).
    expect(rows.filter((v) => v.post_id !== bad.id).every((v) => v.outcome !== 'error')).toBe(true);
    expect(rows.filter((v) => v.status === 'ok').length).toBeGreaterThanOrEqual(3);
    expect(store.variants.sequenceTokensPerSecond(job.id)).toBeNull();
    store.close();
  }, 30_000);

  it('stops only after N posts in a row fail, naming the model and the last error; resume retries them with no duplicates', async () => {
    const { store, dataset } = await workspace();
    server.state.fail = () => ({ status: 400, body: '{"error":{"message":"context length exceeded"}}' });
    const model = await registerEndpoint(store, { name: 'down', family: 'zephyr', url: server.url, model: MODEL });
    const job = createGenerationJob(store, {
      dataset: 'sample', datasetId: dataset.id, limit: 8, parallel: 1, maxFailuresInRow: 3, promptTemplateId: currentRephraseTemplate(store).id,
      models: [{ modelId: model.id, name: model.name, temperature: 0.6 }],
    });
    const error = await runGenerationJob(store, job.id).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^model "down" failed on 3 posts in a row, so the job stopped \(resume retries them\); last error: error: POST .* failed: HTTP 400: context length exceeded$/);
    expect(store.jobs.get(job.id)).toMatchObject({ state: 'failed', error: error!.message });
    expect(store.variants.byJob(job.id).map((v) => v.outcome)).toEqual(['error', 'error', 'error']);

    server.state.fail = () => undefined;
    const resumed = await runGenerationJob(store, job.id);
    expect(resumed.state).toBe('done');
    const rows = store.variants.byJob(job.id);
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((v) => v.post_id)).size).toBe(8);
    expect(rows.some((v) => v.outcome === 'error')).toBe(false);
    store.close();
  });
});

describe('garbage never becomes a variant (real generation jobs on the llama.cpp-made fixtures)', () => {
  const fixtures = path.resolve(ROOT, '..', 'shared', 'fixtures');
  const files = { 'llama-2-tiny-random': path.join(fixtures, 'llama-2-tiny-random.gguf'), stories260K: path.join(fixtures, 'stories260K.gguf') };
  for (const [name, file] of Object.entries(files)) {
    const present = fs.existsSync(file);
    if (!present) console.warn(`skipping the ${name} job test: ${file} is absent (the shared fixtures folder is not beside this checkout)`);
    it.skipIf(!present)(`${name}: no accepted variant`, async () => {
      const { store, dataset } = await workspace();
      const model = await registerGguf(store, { name, family: 'llama2-chat', file });
      const job = createGenerationJob(store, {
        dataset: 'sample', datasetId: dataset.id, limit: 4, threads: 1, parallel: 2, maxAttempts: 2, gpu: false,
        promptTemplateId: currentRephraseTemplate(store).id, models: [{ modelId: model.id, name, temperature: 0.8 }],
      });
      const summary = await runGenerationJob(store, job.id);
      expect(summary).toMatchObject({ state: 'done', variants: 0, failed: 4 });
      const outcomes = store.variants.outcomeTable({ jobId: job.id })[0]!;
      expect(outcomes.accepted).toBe(0);
      expect(outcomes.attempts).toBeGreaterThanOrEqual(4);
      console.log(`${name}: ${outcomes.outcomes.map((o) => `${o.outcome} ${o.n}`).join(', ')}`);
      store.close();
    }, 120_000);
  }
});
