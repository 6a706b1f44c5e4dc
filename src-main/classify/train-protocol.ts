/** Messages between the main thread (trainer.ts) and the training worker (train-worker.ts). */
import type { MessagePort } from 'node:worker_threads';
import type { EpochReport } from '../contract/classify-schemas.js';
import type { LogRegFit } from '../contract/classify-schemas.js';
import type { HeadParams } from './head.js';
import type { LogRegConfig } from './logreg-cv.js';
import type { HeadTrainingConfig, TrainingData } from './train-loop.js';

/** What to train: the AdamW loop (train-loop.ts) or L-BFGS logistic regression (logreg-cv.ts). */
export type HeadJob = { solver: 'adamw'; config: HeadTrainingConfig } | { solver: 'lbfgs'; config: LogRegConfig };

/** workerData of a training worker; `control` is the port the cancel message arrives on. */
export interface TrainRequest {
  data: TrainingData;
  job: HeadJob;
  control: MessagePort;
}

/** Main thread → worker, on the control port: stop after the current batch. */
export interface CancelMessage {
  type: 'cancel';
}

/** Worker → main thread. */
export type WorkerMessage =
  | { type: 'epoch'; report: EpochReport }
  | {
      type: 'done';
      head: HeadParams;
      history: EpochReport[];
      cancelled: boolean;
      /** L-BFGS only: the tuned (or fixed) thresholds and how the fit went. */
      logreg?: { thresholds: Float64Array; fit: LogRegFit };
    }
  | { type: 'error'; message: string; stack?: string };
