import { PII_CATEGORIES, type AuditResult } from '../../../src-main/contract/audit-schemas';
import { formatCount } from '../../lib/format';

/** Per model and category: specific values found in the sources, and how many reappear in the variants (by meaning: see pii-match). */
export function PiiCarryoverTable({ audit }: { audit: AuditResult }) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="PII carried over by category">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {PII_CATEGORIES.map((category) => (
              <th key={category} scope="col" className="numeric">
                {category}
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
              {PII_CATEGORIES.map((category) => {
                const carried = m.pii_carryover[category];
                return (
                  <td key={category} className={`numeric ${carried > 0 ? 'cell-bad' : ''}`}>
                    {formatCount(carried)} <span className="muted">of {formatCount(m.pii_values[category])}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
