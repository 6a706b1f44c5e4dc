/**
 * Entry point of a logistic-regression helper thread (logreg-parallel.ts): fits the categories
 * the shared counter hands it, posting each fit (its weights moved, not copied), then 'done'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fitSharedCategories, type HelperMessage, type HelperRequest } from './logreg-parallel.js';

const { x, y, config, state } = workerData as HelperRequest;
const post = (message: HelperMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
try {
  fitSharedCategories(x, y, config, new Int32Array(state), (fit) =>
    post({ type: 'fit', fit }, [fit.params.buffer as ArrayBuffer]),
  );
  post({ type: 'done' });
} catch (err) {
  post({ type: 'error', message: (err as Error).message });
}
