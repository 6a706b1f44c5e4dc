/**
 * Entry point of a training worker thread: trains the head described by workerData, posting a
 * report after every epoch and the trained head at the end. A cancel message on the control
 * port stops training after the current batch (logistic regression: after the current fit); the
 * loops are synchronous, so the port is polled between batches with receiveMessageOnPort rather
 * than listened to.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { CancelMessage, TrainRequest, WorkerMessage } from './train-protocol.js';
import { trainLogisticRegressionInParallel } from './logreg-parallel.js';
import { trainHead } from './train-loop.js';

const request = workerData as TrainRequest;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

try {
  const shouldStop = () =>
    (receiveMessageOnPort(request.control)?.message as CancelMessage | undefined)?.type === 'cancel';
  const { job, data } = request;
  const outcome =
    job.solver === 'adamw'
      ? trainHead(data, job.config, { onEpoch: (report) => post({ type: 'epoch', report }), shouldStop })
      : await (async () => {
          // Categories shared among this thread and helpers, one per available core (logreg-parallel.ts).
          const fitted = await trainLogisticRegressionInParallel(data.x, data.y, job.config, {
            shouldStop,
            ...(job.config.threads ? { threads: job.config.threads } : {}),
          });
          return {
            head: fitted.head,
            history: [],
            cancelled: fitted.cancelled,
            logreg: { thresholds: fitted.thresholds, fit: fitted.fit },
          };
        })();
  // The weights are not needed here any more: move them instead of copying.
  const buffers = outcome.head.layers.flatMap((l) => [l.weight.buffer as ArrayBuffer, l.bias.buffer as ArrayBuffer]);
  post({ type: 'done', ...outcome }, buffers);
} catch (err) {
  post({ type: 'error', message: (err as Error).message, stack: (err as Error).stack });
} finally {
  request.control.close();
}
