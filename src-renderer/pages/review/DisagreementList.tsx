import type { ProcOutput } from '../../../src-main/contract/contract';
import { Badge } from '../../components/Badge';
import { formatCount } from '../../lib/format';
import { reviewHref } from './review-link';

type Disagreements = ProcOutput<'review.disagreements'>;

/** Variants on which annotators' latest decisions differ, each linked to its original in the queue. */
export function DisagreementList({ data }: { data: Disagreements }) {
  const { shared, disagreements } = data;
  return (
    <div className="stack-tight">
      <p>
        {shared === 0
          ? 'No variant has been decided by two or more annotators yet.'
          : `${formatCount(disagreements.length)} of ${formatCount(shared)} variants decided by two or more annotators have differing latest decisions.`}
      </p>
      {disagreements.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Original</th>
              <th scope="col">Model</th>
              <th scope="col">Decisions</th>
              <th scope="col">In the synthetic set</th>
            </tr>
          </thead>
          <tbody>
            {disagreements.map((d) => (
              <tr key={d.variant}>
                <th scope="row">
                  <a href={reviewHref(d.source_id)}>{d.source_id}</a>
                </th>
                <td>{d.model}</td>
                <td>{d.decisions.map((x) => `${x.annotator}: ${x.decision}`).join(', ')}</td>
                <td>{d.included ? <Badge tone="good">included</Badge> : <Badge tone="bad">left out</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
