import type { AuditResult } from '../../../src-main/contract/audit-schemas';
import { EmptyState } from '../../components/EmptyState';
import { reviewHref } from '../review/review-link';

/** Values that reappeared verbatim, each a link to its original in Review, where the variant can be rejected or edited. */
export function PiiExamples({ audit }: { audit: AuditResult }) {
  const examples = audit.models.flatMap((m) => m.pii_examples.map((x) => ({ ...x, model: m.model })));
  if (examples.length === 0)
    return (
      <EmptyState title="No value was carried over">
        <p>None of the names, ages, places, contacts or amounts found in the originals reappears in their variants.</p>
      </EmptyState>
    );
  return (
    <table className="data-table" aria-label="Carried-over values">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Category</th>
          <th scope="col">Value</th>
          <th scope="col">Original</th>
        </tr>
      </thead>
      <tbody>
        {examples.map((x) => (
          <tr key={`${x.variant_id}-${x.category}-${x.value}`}>
            <td>{x.model}</td>
            <td>
              {x.category} <span className="muted">({x.kind})</span>
            </td>
            <td>
              <code>{x.value}</code>
            </td>
            <td>
              <a href={reviewHref(x.source_id)}>Review post {x.source_id}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
