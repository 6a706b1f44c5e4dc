/**
 * A worker thread for one short task that may still take seconds because it loads a model:
 * trying a prompt on an LLM, or labelling texts with a stored classifier run (an ONNX encoder
 * loads in about a second).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { predictWithRun } from '../classify/predict.js';
import type { ModelFamily } from '../contract/schemas.js';
import { familyStopSequences } from '../llm/chat-format.js';
import { openModel } from '../llm/open-model.js';
import { Store } from '../store/store.js';

export interface TestPromptTask {
  kind: 'test-prompt';
  dbPath: string;
  name: string;
  prompt: string;
  temperature: number;
  seed: number;
  maxTokens: number;
}

export interface PredictTask {
  kind: 'predict';
  dbPath: string;
  run: number;
  texts: string[];
}

export type Task = TestPromptTask | PredictTask;

async function testPrompt(store: Store, t: TestPromptTask) {
  const row = store.models.get(t.name);
  if (!row) throw new Error(`no model named "${t.name}"`);
  const generator = await openModel(row, { parallel: 1 });
  try {
    const r = await generator.generate({
      messages: [{ role: 'user', content: t.prompt }],
      temperature: t.temperature,
      seed: t.seed,
      maxTokens: t.maxTokens,
      stop: familyStopSequences(row.family as ModelFamily),
    });
    return { ...r, hardware: generator.description };
  } finally {
    await generator.close();
  }
}

const task = workerData as Task;
const store = Store.open(task.dbPath);
try {
  const result =
    task.kind === 'predict' ? await predictWithRun(store, task.run, task.texts) : await testPrompt(store, task);
  parentPort!.postMessage({ ok: true, result });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).message });
} finally {
  store.close();
  process.exit(0);
}
