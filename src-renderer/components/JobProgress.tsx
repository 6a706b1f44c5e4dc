import { useEffect, useRef, type ReactNode } from 'react';
import { call } from '../api/client';
import { isTerminal, useJob, type JobState } from '../app/use-job';
import { formatCount, formatDuration } from '../lib/format';
import { ErrorBanner } from './ErrorBanner';
import { JobStateBadge } from './JobStateBadge';
import { ProgressBar } from './ProgressBar';
import { useAction } from './use-action';

interface JobProgressProps {
  job: number;
  /** What the job counts, plural: "samples", "variants". */
  unit: string;
  /** Called once when the job ends, however it ends. */
  onEnd?: (state: JobState) => void;
  /** Page-specific detail under the bar (e.g. the epoch being trained). */
  children?: ReactNode;
}

/** A running job's state, progress and time left, with Cancel; the failure's reason when it fails. */
export function JobProgress({ job, unit, onEnd, children }: JobProgressProps) {
  const status = useJob(job);
  const state = status?.state ?? 'queued';
  const cancel = useAction(async () => {
    await call('jobs.cancel', { id: job });
  });

  const ended = useRef(false);
  const latestOnEnd = useRef(onEnd);
  useEffect(() => {
    latestOnEnd.current = onEnd;
  });
  useEffect(() => {
    if (!status || !isTerminal(status.state) || ended.current) return;
    ended.current = true;
    latestOnEnd.current?.(status.state);
  }, [status]);

  const eta = status?.live?.progress?.etaSeconds;
  const done = status?.done ?? 0;
  const total = status?.total ?? 0;
  // A finished job's bar is full even where its total was never known (experiments count epochs as they go).
  const finished = state === 'done';
  const counted =
    total > 0
      ? `${formatCount(done)} of ${formatCount(total)} ${unit}`
      : done > 0
        ? `${formatCount(done)} ${unit}`
        : isTerminal(state)
          ? ''
          : 'Starting…';
  return (
    <div className="stack job-progress">
      <div className="row row-between">
        <span className="job-title">
          Job #{job} <JobStateBadge state={state} />
        </span>
        <span className="muted">
          {counted}
          {state === 'running' && eta !== null && eta !== undefined && ` · ${formatDuration(eta)} left`}
        </span>
      </div>
      <ProgressBar
        done={finished ? 1 : done}
        total={finished ? 1 : total}
        label={`Job ${job} progress`}
        tone={state === 'failed' ? 'failed' : state === 'paused' ? 'paused' : 'normal'}
      />
      {children}
      {!isTerminal(state) && (
        <div className="row">
          <button
            type="button"
            className="button button-danger"
            onClick={() => void cancel.run()}
            disabled={cancel.busy}
          >
            Cancel
          </button>
        </div>
      )}
      {state === 'failed' && status?.error && <ErrorBanner title="The job failed" message={status.error} />}
      {cancel.error && <ErrorBanner title="Could not cancel" message={cancel.error} onDismiss={cancel.clearError} />}
    </div>
  );
}
