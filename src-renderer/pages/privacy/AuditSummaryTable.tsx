import type { AuditResult } from '../../../src-main/contract/audit-schemas';
import { formatCount, formatPercent, formatScore } from '../../lib/format';

const COLUMNS = [
  'Variants',
  'Linked first',
  'Chance',
  'In top 5',
  'Chance',
  'Mean rank of source',
  'Closest is source',
  'Verbatim',
];

/** The audit's headline numbers per model, each attack rate beside chance. */
export function AuditSummaryTable({ audit }: { audit: AuditResult }) {
  return (
    <div className="table-scroll">
      <table className="data-table wrap-headers" aria-label="Audit by model">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {COLUMNS.map((c, i) => (
              <th key={i} scope="col" className="numeric">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {audit.models.map((m) => (
            <tr key={m.model}>
              <th scope="row" className="nowrap">
                {m.model}
              </th>
              <td className="numeric">{formatCount(m.variants)}</td>
              <td className="numeric">{formatPercent(m.linkage_top1, 2)}</td>
              <td className="numeric muted">{formatPercent(m.chance_top1, 2)}</td>
              <td className="numeric">{formatPercent(m.linkage_top5, 2)}</td>
              <td className="numeric muted">{formatPercent(m.chance_top5, 2)}</td>
              <td className="numeric">
                {formatScore(m.mean_source_rank, 1)} <span className="muted">of {formatCount(audit.originals)}</span>
              </td>
              <td className="numeric">{formatPercent(m.closest_is_source)}</td>
              <td className="numeric">
                {formatPercent(m.verbatim_share)} <span className="muted">({formatCount(m.verbatim_variants)})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
