import type { JobView } from '../../../src-main/contract/contract';
import { JobStateBadge } from '../../components/JobStateBadge';
import { formatCount, formatDateTime } from '../../lib/format';
import { jobModels } from './job-params';

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
                {formatCount(j.done)} / {formatCount(j.total)}
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
