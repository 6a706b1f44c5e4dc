import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/datasets/importer.js';
import { Store } from '../../src-main/store/store.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

// The writer runs the built engine (dist/, as the CLI tests do) in its own thread with its own
// connection, as a generation job does: one short write per variant.
const STORE_MODULE = path.join(ROOT, 'dist', 'src-main', 'store', 'store.js');

const WRITER = `
import { parentPort, workerData } from 'node:worker_threads';
const { Store } = await import(workerData.storeModule);
const store = Store.open(workerData.db);
let stop = false;
parentPort.on('message', () => { stop = true; });
const stats = { written: 0, busy: 0, errors: [], maxWaitMs: 0, writtenAt: [] };
parentPort.postMessage({ ready: true });
while (!stop) {
  const t0 = performance.now();
  try {
    store.variants.insert({
      post_id: workerData.postId, model_id: workerData.modelId, job_id: null, sweep_id: null, replicate: 0,
      prompt_template_id: null, model_sha256: null, family: 'llama2-chat', temperature: 0.7, seed: stats.written,
      status: 'ok', text: 'variant ' + stats.written, failure_reason: null, attempts: 1, tokens_in: 1, tokens_out: 1,
      generation_ms: 1,
    });
    stats.written++;
    stats.writtenAt.push(Date.now());
  } catch (err) {
    if (err.code === 'SQLITE_BUSY' || /locked/.test(err.message)) stats.busy++;
    else stats.errors.push(err.message);
  }
  stats.maxWaitMs = Math.max(stats.maxWaitMs, performance.now() - t0);
  await new Promise((r) => setTimeout(r, 5));
}
store.close();
parentPort.postMessage(stats);
`;

interface WriterStats {
  written: number;
  busy: number;
  errors: string[];
  maxWaitMs: number;
  writtenAt: number[];
}

describe('import beside a running job', () => {
  if (!fs.existsSync(STORE_MODULE)) console.warn(`skipping the concurrent-writer test: ${STORE_MODULE} is not built (run npm run build; npm test does)`);
  it.skipIf(!fs.existsSync(STORE_MODULE))(
    'imports 100,000 posts while another connection keeps writing variants: no SQLITE_BUSY, both finish',
    async () => {
      const dir = tmpDir();
      const db = path.join(dir, 'ws.db');
      const store = Store.open(db);
      // Something for the writer's variants to hang on.
      const seed = path.join(dir, 'seed.jsonl');
      fs.writeFileSync(seed, JSON.stringify({ id: 's1', text: 'the source post', labels: [] }) + '\n');
      await importFile(store, seed, { dataset: 'gen' });
      const postId = store.posts.findByExternalId(store.datasets.get('gen')!.id, 's1')!.id;
      const modelId = store.models.add({ name: 'tiny', family: 'llama2-chat', backend: 'gguf', gguf_path: path.join(dir, 'tiny.gguf') }).id;

      const n = 100_000;
      const big = path.join(dir, 'big.jsonl');
      const out = fs.createWriteStream(big);
      for (let i = 0; i < n; i++) out.write(JSON.stringify({ id: `p${i}`, text: `post number ${i} with some words`, labels: i % 3 ? ['a'] : [] }) + '\n');
      await new Promise<void>((resolve) => out.end(resolve));

      const script = path.join(dir, 'writer.mjs');
      fs.writeFileSync(script, WRITER);
      const worker = new Worker(script, { workerData: { storeModule: STORE_MODULE, db, postId, modelId } });
      const done = new Promise<WriterStats>((resolve, reject) => {
        worker.on('message', (m: WriterStats | { ready: true }) => {
          if (!('ready' in m)) resolve(m);
        });
        worker.on('error', reject);
      });
      await new Promise<void>((resolve) => worker.once('message', () => resolve()));

      const started = Date.now();
      const result = await importFile(store, big, { dataset: 'big' });
      const ended = Date.now();
      worker.postMessage('stop');
      const stats = await done;
      await worker.terminate();

      expect(result.posts).toBe(n);
      expect(store.posts.count(store.datasets.get('big')!.id)).toBe(n);
      expect(stats.errors).toEqual([]);
      expect(stats.busy).toBe(0);
      // The job kept writing while the import ran, not only before or after it.
      const during = stats.writtenAt.filter((t) => t >= started && t <= ended).length;
      expect(during).toBeGreaterThan(10);
      // The write lock is held for the short publish, not for the whole import (a single
      // transaction around the read made the writer wait the import's whole length: 7.5 s of 7.6 s).
      expect(stats.maxWaitMs).toBeLessThan((ended - started) / 2);
      expect(store.db.prepare('SELECT count(*) FROM variants').pluck().get()).toBe(stats.written);
      console.log(
        `100,000-post import: ${((ended - started) / 1000).toFixed(1)} s; the writer wrote ${during} variants meanwhile, ` +
          `its longest wait for the lock ${stats.maxWaitMs.toFixed(0)} ms`,
      );
      store.close();
    },
    180_000,
  );
});
