/** A worker thread for one short task that may still take seconds (loading a model to try a prompt). */
import { parentPort, workerData } from 'node:worker_threads';
import { openModel } from '../llm/open-model.js';
import { Store } from '../store/store.js';

export interface TestPromptTask {
  dbPath: string;
  name: string;
  prompt: string;
  temperature: number;
  seed: number;
  maxTokens: number;
}

const t = workerData as TestPromptTask;
const store = Store.open(t.dbPath);
try {
  const row = store.models.get(t.name);
  if (!row) throw new Error(`no model named "${t.name}"`);
  const generator = await openModel(row, { parallel: 1 });
  try {
    const r = await generator.generate({ messages: [{ role: 'user', content: t.prompt }], temperature: t.temperature, seed: t.seed, maxTokens: t.maxTokens });
    parentPort!.postMessage({ ok: true, result: { ...r, hardware: generator.description } });
  } finally {
    await generator.close();
  }
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).message });
} finally {
  store.close();
  process.exit(0);
}
