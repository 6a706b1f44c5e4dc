import type { AuditGroupSummary, AuditResult } from '../../../src-main/contract/audit-schemas';
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

function SummaryRow({ label, group, originals }: { label: string; group: AuditGroupSummary; originals: number }) {
  return (
    <tr>
      <th scope="row" className="nowrap">
        {label}
      </th>
      <td className="numeric">{formatCount(group.variants)}</td>
      <td className="numeric">{formatPercent(group.linkage_top1, 2)}</td>
      <td className="numeric muted">{formatPercent(group.chance_top1, 2)}</td>
      <td className="numeric">{formatPercent(group.linkage_top5, 2)}</td>
      <td className="numeric muted">{formatPercent(group.chance_top5, 2)}</td>
      <td className="numeric">
        {formatScore(group.mean_source_rank, 1)} <span className="muted">of {formatCount(originals)}</span>
      </td>
      <td className="numeric">{formatPercent(group.closest_is_source)}</td>
      <td className="numeric">
        {formatPercent(group.verbatim_share)} <span className="muted">({formatCount(group.verbatim_variants)})</span>
      </td>
    </tr>
  );
}

/** The audit's headline numbers per model (and per temperature for a sweep's samples), each attack rate beside chance. */
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
          {audit.models.flatMap((m) => [
            <SummaryRow key={m.model} label={m.model} group={m} originals={audit.originals} />,
            // A sweep's samples: one row per temperature, so a temperature can be judged on privacy too.
            ...m.temperatures.map((t) => (
              <SummaryRow
                key={`${m.model}@${t.temperature}`}
                label={`${m.model} at T ${t.temperature}`}
                group={t}
                originals={audit.originals}
              />
            )),
          ])}
        </tbody>
      </table>
    </div>
  );
}
