import { MIN_TRAINING_POSTS, type ExperimentResult } from '../../../src-main/contract/classify-schemas';
import { formatCount, formatScore } from '../../lib/format';
import { orderedRuns } from './experiment-runs';
import { sourceLabel } from './sources';

const METRICS = [
  ['macro_f1', 'Macro F1'],
  ['micro_f1', 'Micro F1'],
  ['weighted_f1', 'Weighted F1'],
  ['samples_f1', 'Samples F1'],
  ['subset_accuracy', 'Subset acc.'],
  ['hamming_loss', 'Hamming loss'],
] as const;

/** Every run's overall scores, with what it trained and tested on; "—" where a score is undefined. */
export function AggregatesTable({ result }: { result: ExperimentResult }) {
  return (
    <div className="table-scroll">
      <table className="data-table wrap-headers" aria-label="Aggregate scores">
        <thead>
          <tr>
            <th scope="col">Run: train → test</th>
            <th scope="col" className="numeric">
              Train
            </th>
            <th scope="col" className="numeric">
              Test
            </th>
            {METRICS.map(([key, label]) => (
              <th key={key} scope="col" className="numeric">
                {label}
              </th>
            ))}
            <th scope="col">Not evaluable</th>
          </tr>
        </thead>
        <tbody>
          {orderedRuns(result).map((r) => (
            <tr key={r.run}>
              <th scope="row">
                <span className="muted">({r.experiment})</span> {sourceLabel(r.train_source)} →{' '}
                {sourceLabel(r.test_source)}
              </th>
              <td className="numeric">
                {formatCount(r.train_size)}
                {r.train_size < MIN_TRAINING_POSTS && (
                  <span
                    className="badge warn"
                    title={`Fewer than ${MIN_TRAINING_POSTS} training texts: these scores mean little`}
                  >
                    {' '}
                    too few
                  </span>
                )}
              </td>
              <td className="numeric">{formatCount(r.test_size)}</td>
              {METRICS.map(([key]) => (
                <td key={key} className="numeric">
                  {formatScore(r.metrics[key])}
                </td>
              ))}
              <td title={r.metrics.not_evaluable.join(', ')}>
                {r.metrics.not_evaluable.length
                  ? `${r.metrics.not_evaluable.length} left out of macro F1: ${r.metrics.not_evaluable.join(', ')}`
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
