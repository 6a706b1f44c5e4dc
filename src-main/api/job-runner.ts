import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Store } from '../store/store.js';
import { compiledModule } from '../util/resources.js';
import type { ApiEvent } from '../contract/contract.js';
import type { JobWorkerData } from './job-worker.js';

/**
 * Runs jobs in worker threads, one worker per job, and relays their progress as events.
 * The process that answers the UI only starts, stops and listens.
 */
export class JobRunner extends EventEmitter<{ event: [ApiEvent] }> {
  private readonly workers = new Map<number, Worker>();

  constructor(private readonly store: Store) {
    super();
  }

  isRunning(jobId: number): boolean {
    return this.workers.has(jobId);
  }

  start(jobId: number): void {
    if (this.workers.has(jobId)) return;
    const data: JobWorkerData = { dbPath: this.store.file, jobId };
    const worker = new Worker(compiledModule('api/job-worker.js'), { workerData: data });
    this.workers.set(jobId, worker);
    worker.on('message', (e: ApiEvent) => this.emit('event', e));
    worker.on('error', (err) => {
      // A crash inside the worker: record it so the job does not look like it is still running.
      const job = this.store.jobs.get(jobId);
      if (job && (job.state === 'running' || job.state === 'queued')) this.store.jobs.setState(jobId, 'failed', err.message);
    });
    worker.on('exit', () => {
      this.workers.delete(jobId);
      const job = this.store.jobs.get(jobId);
      if (!job) return;
      if (job.state === 'running' || job.state === 'queued') this.store.jobs.setState(jobId, 'failed', 'the job stopped unexpectedly');
      const after = this.store.jobs.get(jobId)!;
      this.emit('event', { type: 'finished', kind: after.kind, job: jobId, state: after.state, error: after.error });
    });
  }

  stop(jobId: number, reason: 'pause' | 'cancel'): boolean {
    const worker = this.workers.get(jobId);
    worker?.postMessage({ type: 'stop', reason });
    return Boolean(worker);
  }

  /** Stops every worker (pausing their jobs) and waits for them to end. */
  async close(): Promise<void> {
    const ending = [...this.workers.values()].map((w) => new Promise((resolve) => w.once('exit', resolve)));
    for (const id of this.workers.keys()) this.stop(id, 'pause');
    await Promise.all(ending);
  }
}
