/**
 * Runs head training in a worker thread so the main thread (CLI progress, the desktop app's
 * UI, HTTP) stays responsive: per-epoch reports arrive as messages, an AbortSignal cancels
 * after the current batch, and the trained head comes back by transfer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { EpochReport } from '../contract/classify-schemas.js';
import type { LogRegFit } from '../contract/classify-schemas.js';
import type { CancelMessage, HeadJob, TrainRequest, WorkerMessage } from './train-protocol.js';
import type { TrainingData, TrainingOutcome } from './train-loop.js';

/** What the worker gives back: the head, and for L-BFGS its thresholds and fit summary. */
export interface WorkerOutcome extends TrainingOutcome {
  logreg?: { thresholds: Float64Array; fit: LogRegFit };
}

export class TrainingError extends Error {
  override name = 'TrainingError';
}

/**
 * The worker script beside this module. Node cannot start a worker from TypeScript source, so
 * when this module runs as .ts (under vitest) the compiled copy in dist/ is used; `npm test`
 * builds it first.
 */
export function trainWorkerUrl(moduleUrl: string = import.meta.url): URL {
  return workerScriptUrl('train-worker.js', moduleUrl);
}

/** The compiled worker script `script` beside the module at `moduleUrl` (see trainWorkerUrl). */
export function workerScriptUrl(script: string, moduleUrl: string): URL {
  if (!moduleUrl.endsWith('.ts')) return new URL(`./${script}`, moduleUrl);
  const sourceDir = path.dirname(fileURLToPath(moduleUrl));
  const root = path.resolve(sourceDir, '..', '..');
  const compiled = path.join(root, 'dist', path.relative(root, sourceDir), script);
  if (!fs.existsSync(compiled)) {
    throw new TrainingError(`the compiled training worker ${compiled} is missing: run "npm run build" first`);
  }
  return pathToFileURL(compiled);
}

export interface TrainInWorkerOptions {
  onEpoch?(report: EpochReport): void;
  /** Aborting stops training after the current batch; the outcome then has cancelled: true. */
  signal?: AbortSignal;
}

export function trainInWorker(
  data: TrainingData,
  job: HeadJob,
  options: TrainInWorkerOptions = {},
): Promise<WorkerOutcome> {
  const url = trainWorkerUrl();
  return new Promise((resolve, reject) => {
    const control = new MessageChannel();
    const request: TrainRequest = { data, job, control: control.port2 };
    const worker = new Worker(url, { workerData: request, transferList: [control.port2] });
    const cancel = () => control.port1.postMessage({ type: 'cancel' } satisfies CancelMessage);
    const { signal } = options;
    if (signal?.aborted) cancel();
    else signal?.addEventListener('abort', cancel, { once: true });

    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      control.port1.close();
      fn();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'epoch') {
        try {
          options.onEpoch?.(message.report);
        } catch (err) {
          // A failing listener must not leave the worker training for nobody.
          finish(() => reject(err));
          void worker.terminate();
        }
      } else if (message.type === 'done') {
        const { head, history, cancelled, logreg } = message;
        finish(() => resolve({ head, history, cancelled, ...(logreg ? { logreg } : {}) }));
      } else {
        finish(() => reject(new TrainingError(`training failed: ${message.message}`)));
      }
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) =>
      finish(() => reject(new TrainingError(`the training worker stopped (exit code ${code}) before finishing`))),
    );
  });
}
