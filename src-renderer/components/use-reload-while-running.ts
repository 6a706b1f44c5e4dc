import { useEffect, useRef } from 'react';
import { useJobLive } from '../app/job-activity';

/** However fast a job reports, its results are fetched again at most this often. */
const REFRESH_MS = 800;

/** Calls `reload` shortly after each burst of the job's events, so results grow on screen while it runs. */
export function useReloadWhileRunning(job: number | null, reload: () => void): void {
  const live = useJobLive(job);
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latestReload = useRef(reload);
  useEffect(() => {
    latestReload.current = reload;
  });
  useEffect(() => {
    if (!live || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      latestReload.current();
    }, REFRESH_MS);
  }, [live]);
  useEffect(() => () => clearTimeout(pending.current), []);
}
