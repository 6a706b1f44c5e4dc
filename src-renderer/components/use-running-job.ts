import type { JobView } from '../../src-main/contract/contract';
import { useApi } from '../api/use-api';
import { useApiEvents } from '../app/job-activity';

/** The job of this kind that is queued, running or paused now (on any dataset), if any. */
export function useRunningJob(kind: string): JobView | undefined {
  const jobs = useApi('jobs.list', { kind });
  const { reload, loading } = jobs;
  const running = jobs.data?.find((j) => j.state === 'running' || j.state === 'queued');
  // A job of this kind started, resumed or ended: look again.
  useApiEvents((e) => {
    if (e.kind !== kind || loading) return;
    if (e.type === 'finished' || (e.type === 'progress' && e.progress.job !== running?.id)) reload();
  });
  return running;
}

/** Why a Start button is disabled while `job` runs, for its title and the line beside it. */
export const busyReason = (job: JobView, what: string): string =>
  `${what} job #${job.id}${job.dataset ? ` on ${job.dataset}` : ''} is still running: wait for it, or pause or cancel it first.`;
