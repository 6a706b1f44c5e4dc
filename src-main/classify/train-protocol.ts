/** Messages between the main thread (trainer.ts) and the training worker (train-worker.ts). */
import type { MessagePort } from 'node:worker_threads';
import type { EpochReport } from '../contract/classify-schemas.js';
import type { HeadParams } from './head.js';
import type { HeadTrainingConfig, TrainingData } from './train-loop.js';

/** workerData of a training worker; `control` is the port the cancel message arrives on. */
export interface TrainRequest {
  data: TrainingData;
  config: HeadTrainingConfig;
  control: MessagePort;
}

/** Main thread → worker, on the control port: stop after the current batch. */
export interface CancelMessage {
  type: 'cancel';
}

/** Worker → main thread. */
export type WorkerMessage =
  | { type: 'epoch'; report: EpochReport }
  | { type: 'done'; head: HeadParams; history: EpochReport[]; cancelled: boolean }
  | { type: 'error'; message: string; stack?: string };
