import { useEffect, useMemo, useState } from 'react';
import type { JobView } from '../../src-main/contract/contract';
import { call } from '../api/client';
import { useJobLive, type JobLive } from './job-activity';

export type JobState = JobView['state'];

export const isTerminal = (state: JobState | undefined): boolean =>
  state === 'done' || state === 'failed' || state === 'cancelled';

export interface JobStatus {
  state: JobState;
  done: number;
  total: number;
  error: string | null;
  /** The latest progress event: tokens/s, ETA, failures; absent until one arrives. */
  live: JobLive | undefined;
}

/** Polled as a fallback only: events normally arrive first, but a dropped connection must not freeze the page. */
const POLL_MS = 3000;

/** A job's state from its events, kept honest by an occasional `jobs.get` while it is not over. */
export function useJob(id: number | null): JobStatus | undefined {
  const live = useJobLive(id);
  const [status, setStatus] = useState<Omit<JobStatus, 'live'>>();

  useEffect(() => {
    setStatus(undefined);
    if (id === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const view = await call('jobs.get', { id });
        if (stopped) return;
        setStatus({ state: view.state, done: view.done, total: view.total, error: view.error });
        if (isTerminal(view.state)) return;
      } catch {
        // The next poll or event will tell; a transient failure is not the job's.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);

  // Events are newer than the last poll whenever they change.
  useEffect(() => {
    if (!live) return;
    setStatus((before) => ({
      state: live.finish?.state ?? live.progress?.state ?? before?.state ?? 'running',
      done: live.progress?.done ?? before?.done ?? 0,
      total: live.progress?.total ?? before?.total ?? 0,
      error: live.finish?.error ?? null,
    }));
  }, [live]);

  // One object per change, so that callers can depend on it in effects.
  return useMemo(() => status && { ...status, live }, [status, live]);
}
