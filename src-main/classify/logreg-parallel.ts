/**
 * One-vs-rest logistic regression (logreg-cv.ts) with its categories shared among threads: the
 * calling thread and `threads − 1` helper threads (logreg-helper.ts) take the next unfitted
 * category from a shared counter until none is left. Categories are independent, so the result
 * is the same whichever thread fits which (and the same as trainLogisticRegression's).
 * A stop flag in the same shared memory lets a cancel reach the helpers between fits.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  assembleLogisticRegression,
  fitCategory,
  planLogisticRegression,
  trainLogisticRegression,
  type CategoryFit,
  type LogRegConfig,
  type LogRegOutcome,
} from './logreg-cv.js';
import type { FeatureMatrix, LabelMatrix } from './matrices.js';
import { TrainingError, workerScriptUrl } from './trainer.js';

/** Slots of the shared Int32Array: the next category to fit, and 1 once training must stop. */
export const NEXT_CATEGORY = 0;
export const STOP = 1;

/** workerData of a helper thread. */
export interface HelperRequest {
  x: FeatureMatrix;
  y: LabelMatrix;
  config: LogRegConfig;
  /** Two Int32 slots: NEXT_CATEGORY and STOP. */
  state: SharedArrayBuffer;
}

/** Helper → calling thread. */
export type HelperMessage = { type: 'fit'; fit: CategoryFit } | { type: 'done' } | { type: 'error'; message: string };

/**
 * Fits the categories whose numbers `state` hands out until none is left or STOP is set; each
 * fit goes to `deliver`. Returns false when it stopped on STOP (or on `shouldStop`, which then
 * sets STOP for the other threads).
 */
export function fitSharedCategories(
  x: FeatureMatrix,
  y: LabelMatrix,
  config: LogRegConfig,
  state: Int32Array,
  deliver: (fit: CategoryFit) => void,
  shouldStop: () => boolean = () => false,
): boolean {
  const plan = planLogisticRegression(x, y, config);
  const stop = () => {
    if (Atomics.load(state, STOP) === 1) return true;
    if (!shouldStop()) return false;
    Atomics.store(state, STOP, 1);
    return true;
  };
  for (let j = Atomics.add(state, NEXT_CATEGORY, 1); j < y.cols; j = Atomics.add(state, NEXT_CATEGORY, 1)) {
    const fit = fitCategory(x, y, j, plan, config, stop);
    if (!fit) return false;
    deliver(fit);
  }
  return true;
}

/**
 * Work per L-BFGS iteration summed over the categories, in passes over one value: the rows'
 * non-zeros twice, and about 20 passes over the weights (the two-loop recursion with 10 pairs).
 * Below HELPER_MIN_WORK one thread is faster: a helper thread took 0.1–0.2 s to start and load
 * its modules, as long as the whole job on the sample dataset (380 posts, 12 categories: 1.0M)
 * or on 2,000 offmychest posts (1.1M); offmychest's 12,860 training posts are 6.4M.
 */
export function logRegWork(x: FeatureMatrix, categories: number): number {
  const nonZeros = x.kind === 'sparse' ? x.indptr[x.rows]! : x.rows * x.dim;
  return categories * (2 * nonZeros + 20 * x.dim);
}

export const HELPER_MIN_WORK = 2_000_000;

/**
 * Threads to use: `requested`, or the machine's (os.availableParallelism) where the job is large
 * enough to pay for starting them (HELPER_MIN_WORK); at most one per category.
 */
export function logRegThreads(x: FeatureMatrix, categories: number, requested?: number): number {
  const wanted = requested ?? (logRegWork(x, categories) >= HELPER_MIN_WORK ? os.availableParallelism() : 1);
  return Math.max(1, Math.min(wanted, categories));
}

/**
 * trainLogisticRegression on `threads` threads (default: logRegThreads). `shouldStop` is asked
 * between fits on this thread, and every 50 ms while it waits for the helpers; true stops all
 * of them after their current fit and gives a cancelled outcome.
 */
export async function trainLogisticRegressionInParallel(
  x: FeatureMatrix,
  y: LabelMatrix,
  config: LogRegConfig,
  options: { shouldStop?: () => boolean; threads?: number } = {},
): Promise<LogRegOutcome> {
  const shouldStop = options.shouldStop ?? (() => false);
  const threads = logRegThreads(x, y.cols, options.threads);
  const plan = planLogisticRegression(x, y, config);
  if (threads === 1) return trainLogisticRegression(x, y, config, { shouldStop });

  const state = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const fits: CategoryFit[] = [];
  const url = workerScriptUrl('logreg-helper.js', import.meta.url);
  const request: HelperRequest = { x, y, config, state: state.buffer as SharedArrayBuffer };
  const helpers = Array.from({ length: threads - 1 }, () => new Worker(url, { workerData: request }));
  const finished = helpers.map(
    (helper) =>
      new Promise<void>((resolve, reject) => {
        helper.on('message', (message: HelperMessage) => {
          if (message.type === 'fit') fits.push(message.fit);
          else if (message.type === 'done') resolve();
          else reject(new TrainingError(`a logistic-regression thread failed: ${message.message}`));
        });
        helper.on('error', reject);
        // After 'done' this changes nothing: a promise settles once.
        helper.on('exit', (code) =>
          reject(new TrainingError(`a logistic-regression thread stopped (exit code ${code}) before finishing`)),
        );
      }),
  );
  const stop = () => {
    if (Atomics.load(state, STOP) === 1) return true;
    if (!shouldStop()) return false;
    Atomics.store(state, STOP, 1);
    return true;
  };
  // The helpers' messages wait in the queue while this thread fits its own share.
  let poll: NodeJS.Timeout | undefined;
  try {
    fitSharedCategories(x, y, config, state, (fit) => fits.push(fit), stop);
    poll = setInterval(stop, 50);
    await Promise.all(finished);
  } catch (err) {
    Atomics.store(state, STOP, 1);
    throw err;
  } finally {
    clearInterval(poll);
    await Promise.all(helpers.map((helper) => helper.terminate()));
  }
  fits.sort((a, b) => a.category - b.category);
  return assembleLogisticRegression(x, y.cols, config, plan, fits, Atomics.load(state, STOP) === 1);
}
