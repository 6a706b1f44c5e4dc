/**
 * A worker thread that runs one long job (generation, sweep, import, download) with its own
 * database connection, so the thread that answers the UI never blocks. Progress and the end
 * of the job go to the parent as messages; a 'stop' message pauses or cancels it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ApiEvent } from '../contract/contract.js';
import { runJob } from './jobs.js';
import { Store } from '../store/store.js';

export interface JobWorkerData {
  dbPath: string;
  jobId: number;
}

const { dbPath, jobId } = workerData as JobWorkerData;
const controller = new AbortController();
parentPort!.on('message', (m: { type: 'stop'; reason: 'pause' | 'cancel' }) => {
  if (m.type === 'stop') controller.abort(m.reason);
});

const store = Store.open(dbPath);
const post = (e: ApiEvent) => parentPort!.postMessage(e);
try {
  const kind = store.jobs.get(jobId)?.kind ?? 'unknown';
  await runJob(store, jobId, { signal: controller.signal, onProgress: (progress) => post({ type: 'progress', kind, progress }), onEvent: post });
} catch {
  // The job's state and error are already in the database; the parent reads them on exit.
} finally {
  store.close();
  // Ends this thread only; native runtimes (llama.cpp, onnxruntime) would otherwise keep it alive.
  process.exit(0);
}
