import type { JobView } from '../../../src-main/contract/contract';
import { isTerminal, useJob } from '../../app/use-job';
import { JobStateBadge } from '../../components/JobStateBadge';
import { formatCount, formatDateTime } from '../../lib/format';
import { jobModels } from './job-params';

/** Done of total: live from the job's events while it runs, as in the Progress panel (one source of counts). */
function JobCount({ job }: { job: JobView }) {
  const live = useJob(isTerminal(job.state) ? null : job.id);
  const done = live?.done ?? job.done;
  const total = live?.total ?? job.total;
  return (
    <>
      {formatCount(done)} / {formatCount(total)}
    </>
  );
}

interface JobHistoryProps {
  jobs: JobView[];
  watched: number | null;
  onWatch: (id: number) => void;
}

export function JobHistory({ jobs, watched, onWatch }: JobHistoryProps) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">State</th>
            <th scope="col">Models</th>
            <th scope="col" className="numeric">
              Variants
            </th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id} className={j.id === watched ? 'row-selected' : undefined}>
              <th scope="row">
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={j.id === watched}
                  onClick={() => onWatch(j.id)}
                >
                  #{j.id}
                </button>
              </th>
              <td>
                <JobStateBadge state={j.state} />
              </td>
              <td>
                {jobModels(j)
                  .map((m) => m.name)
                  .join(', ')}
              </td>
              <td className="numeric">
                <JobCount job={j} />
              </td>
              <td>{formatDateTime(j.createdAt)}</td>
              <td>{formatDateTime(j.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
