import type { ProcOutput } from '../../../src-main/contract/contract';
import { EmptyState } from '../../components/EmptyState';
import { formatCount, formatPercent, formatScore } from '../../lib/format';

type Agreement = ProcOutput<'review.agreement'>;

/** Landis and Koch's reading of kappa, so a number comes with words. */
function kappaReading(kappa: number | null): string {
  if (kappa === null) return 'not defined';
  if (kappa < 0) return 'worse than chance';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}

/** Cohen's kappa for every pair of annotators, over the variants both decided. */
export function AgreementTable({ agreement }: { agreement: Agreement }) {
  const shared = agreement.filter((a) => a.items > 0);
  if (shared.length === 0)
    return (
      <EmptyState title="No agreement to show yet">
        <p>
          It appears once two annotators have decided the same variants. Ask a colleague to review under their own name
          (“Change” beside yours, on their own computer or after you).
        </p>
      </EmptyState>
    );
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Annotators</th>
          <th scope="col" className="numeric">
            Shared variants
          </th>
          <th scope="col" className="numeric">
            Same decision
          </th>
          <th scope="col" className="numeric">
            Cohen’s κ
          </th>
          <th scope="col">Reading</th>
        </tr>
      </thead>
      <tbody>
        {shared.map((a) => (
          <tr key={a.annotators.join('\u0000')}>
            <th scope="row">{a.annotators.join(' & ')}</th>
            <td className="numeric">{formatCount(a.items)}</td>
            <td className="numeric">{formatPercent(a.agreement)}</td>
            <td className="numeric">{formatScore(a.kappa, 2)}</td>
            <td>{kappaReading(a.kappa)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
