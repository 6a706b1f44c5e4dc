import type { ExperimentResult, LabelRetention } from '../../../src-main/contract/classify-schemas';
import { EmptyState } from '../../components/EmptyState';
import { formatPercent } from '../../lib/format';
import { sourceLabel } from './sources';

function RetentionCell({ row }: { row: LabelRetention | undefined }) {
  if (!row || row.sources === 0) return <td className="numeric muted">—</td>;
  return (
    <td
      className="numeric"
      title={`${row.retained} of ${row.sources} variants; on their originals ${formatPercent(row.source_share)}; given it without cause in ${row.spurious} of ${row.others} other variants`}
    >
      {formatPercent(row.share, 0)}{' '}
      <span className="muted">
        ({row.retained}/{row.sources})
      </span>
    </td>
  );
}

/**
 * Label retention: the classifier trained on originals, applied to variants of held-out posts.
 * For each category, the share of variants whose original carries it that are still tagged with it.
 */
export function RetentionTable({ result }: { result: ExperimentResult }) {
  const sources = [...new Set(result.retention.map((r) => r.source))];
  const categories = [...new Set(result.retention.map((r) => r.category))];
  const find = (source: string, category: string) =>
    result.retention.find((r) => r.source === source && r.category === category);
  if (!result.retention.some((r) => r.sources > 0))
    return (
      <EmptyState title="No label retention to show">
        <p>
          None of the held-out originals has a variant yet. Generate variants for more posts (or all of them) and run
          the experiment again.
        </p>
      </EmptyState>
    );
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Label retention">
        <thead>
          <tr>
            <th scope="col">Category</th>
            {sources.map((s) => (
              <th key={s} scope="col" className="numeric">
                {sourceLabel(s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((c) => (
            <tr key={c}>
              <th scope="row">{c}</th>
              {sources.map((s) => (
                <RetentionCell key={s} row={find(s, c)} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
