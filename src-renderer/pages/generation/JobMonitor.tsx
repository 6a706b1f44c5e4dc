import { useEffect, useRef } from 'react';
import type { JobView } from '../../../src-main/contract/contract';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { jobActivity } from '../../app/job-activity';
import { isTerminal, useJob } from '../../app/use-job';
import { ErrorBanner } from '../../components/ErrorBanner';
import { JobStateBadge } from '../../components/JobStateBadge';
import { ProgressBar } from '../../components/ProgressBar';
import { useReloadWhileRunning } from '../../components/use-reload-while-running';
import { useAction } from '../../components/use-action';
import { formatCount, formatDuration, formatTemperature } from '../../lib/format';
import { OutcomeTable } from '../../components/OutcomeTable';
import { jobModels } from './job-params';

/** Live progress of one generation job, with the controls that steer it. */
export function JobMonitor({ job: view }: { job: JobView }) {
  const job = useJob(view.id);
  const progress = job?.live?.progress;
  const state = job?.state ?? view.state;
  const done = job?.done ?? view.done;
  const total = job?.total ?? view.total;
  const error = job?.error ?? view.error;
  // Events carry the failures of a job running now; the database has those of a job finished before the page opened.
  const summary = useApi('jobs.summary', { id: view.id });
  const failures = progress?.failed ?? summary.data?.failed;

  const control = useAction(async (verb: 'pause' | 'resume' | 'cancel') => {
    if (verb === 'resume') jobActivity.reopen(view.id);
    await call(`jobs.${verb}`, { id: view.id });
  });

  const running = state === 'running' || state === 'queued';
  useReloadWhileRunning(running ? view.id : null, summary.reload);
  // The summary's speed covers every variant: fetch it again once a job watched here stops.
  const wasRunning = useRef(running);
  const reloadSummary = summary.reload;
  useEffect(() => {
    if (wasRunning.current && !running) reloadSummary();
    wasRunning.current = running;
  }, [running, reloadSummary]);
  const tone = state === 'failed' ? 'failed' : state === 'paused' ? 'paused' : 'normal';
  return (
    <div className="stack job-monitor">
      <div className="row row-between">
        <span className="job-title">
          Job #{view.id} on {view.dataset} <JobStateBadge state={state} />
        </span>
        <span className="muted">
          {total > 0 ? `${formatCount(done)} of ${formatCount(total)} variants` : 'Starting…'}
        </span>
      </div>
      <ProgressBar done={done} total={total} label={`Job ${view.id} progress`} tone={tone} />
      <dl className="stats">
        {/* One measure whether running or done: the summary's, fetched again as the job reports. */}
        <div title="Output tokens over generation time, per sequence, for the variants made so far">
          <dt>Tokens/s per sequence</dt>
          <dd>
            {summary.data?.sequence_tokens_per_second === undefined
              ? '—'
              : summary.data.sequence_tokens_per_second === null
                ? 'unknown'
                : summary.data.sequence_tokens_per_second.toFixed(1)}
          </dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{running ? formatDuration(progress?.etaSeconds) : '—'}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd>{failures === undefined ? '—' : formatCount(failures)}</dd>
        </div>
        <div>
          <dt>Now</dt>
          <dd>{running && progress?.model ? progress.model : '—'}</dd>
        </div>
      </dl>
      {progress?.hardware && (
        <p className="muted">
          {running ? 'Running' : 'Ran'} on {progress.hardware}
        </p>
      )}
      <p className="muted">
        Models:{' '}
        {jobModels(view)
          .map((m) => (m.temperature === undefined ? m.name : `${m.name} at ${formatTemperature(m.temperature)}`))
          .join(', ')}
      </p>
      <div className="row">
        {running && (
          <button type="button" className="button" onClick={() => void control.run('pause')} disabled={control.busy}>
            Pause
          </button>
        )}
        {(state === 'paused' || state === 'failed') && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => void control.run('resume')}
            disabled={control.busy}
          >
            Resume
          </button>
        )}
        {!isTerminal(state) && (
          <button
            type="button"
            className="button button-danger"
            onClick={() => void control.run('cancel')}
            disabled={control.busy}
          >
            Cancel
          </button>
        )}
      </div>
      {state === 'paused' && (
        <p className="muted">Paused: variants made so far are kept, and resuming continues where it stopped.</p>
      )}
      {state === 'failed' && error && (
        <ErrorBanner title="The job failed" message={error}>
          Resume retries the variants it had not made yet.
        </ErrorBanner>
      )}
      <OutcomeTable scope={{ job: view.id }} liveJob={running ? view.id : null} compact />
      {control.error && (
        <ErrorBanner title="Could not change the job" message={control.error} onDismiss={control.clearError} />
      )}
    </div>
  );
}
