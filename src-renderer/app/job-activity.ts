import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { ApiEvent, JobView } from '../../src-main/contract/contract';
import type { JobProgress } from '../../src-main/contract/schemas';
import { subscribe } from '../api/client';

export interface JobFinish {
  state: JobView['state'];
  error: string | null;
}

/** What the events have said about one job: its latest progress and, once over, how it ended. */
export interface JobLive {
  kind: string;
  progress?: JobProgress;
  finish?: JobFinish;
}

/**
 * Keeps the latest event of every job for the whole session, so a page opened after a job
 * started (or a finish that arrived before the page learnt the job's id) still shows it.
 */
class JobActivity {
  private readonly jobs = new Map<number, JobLive>();
  private readonly watchers = new Set<() => void>();
  private disconnect: (() => void) | undefined;

  connect(): void {
    this.disconnect ??= subscribe((event) => this.record(event));
  }

  private record(event: ApiEvent): void {
    // Training curves are for the page that shows them; job state comes from progress and finish.
    if (event.type === 'epoch') return;
    const id = event.type === 'progress' ? event.progress.job : event.job;
    const before = this.jobs.get(id);
    const after: JobLive =
      event.type === 'progress'
        ? // A progress event after a finish means the job was resumed.
          { kind: event.kind, progress: event.progress }
        : {
            kind: event.kind,
            ...(before?.progress ? { progress: before.progress } : {}),
            finish: { state: event.state, error: event.error },
          };
    this.jobs.set(id, after);
    this.watchers.forEach((w) => w());
  }

  /** Forgets a job's finish, e.g. when it is resumed, so the page shows it as live again. */
  reopen(id: number): void {
    const live = this.jobs.get(id);
    if (!live?.finish) return;
    this.jobs.set(id, { kind: live.kind, ...(live.progress ? { progress: live.progress } : {}) });
    this.watchers.forEach((w) => w());
  }

  get(id: number | null): JobLive | undefined {
    return id === null ? undefined : this.jobs.get(id);
  }

  watch = (watcher: () => void): (() => void) => {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  };
}

export const jobActivity = new JobActivity();

/** Re-renders when the job's events change. */
export function useJobLive(id: number | null): JobLive | undefined {
  return useSyncExternalStore(jobActivity.watch, () => jobActivity.get(id));
}

/** Runs `listener` on every event; the latest listener is used without resubscribing. */
export function useApiEvents(listener: (event: ApiEvent) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((event) => latest.current(event)), []);
}
