import type { SweepResult } from '../../../src-main/contract/schemas';
import { formatCount, formatPercent, formatScore, formatTemperature } from '../../lib/format';

/** The chart's numbers as a table: for reading exact values, and for screen readers. */
export function SweepNumbers({ sweep }: { sweep: SweepResult }) {
  return (
    <div className="table-scroll">
      <table className="data-table headers-wrap" aria-label={`Sweep ${sweep.sweep} points`}>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="numeric">
              Temperature
            </th>
            <th scope="col" className="numeric">
              Mean similarity
            </th>
            <th scope="col" className="numeric">
              95% CI
            </th>
            <th scope="col" className="numeric">
              Accepted
            </th>
            <th scope="col" className="numeric">
              Rejected
            </th>
            <th scope="col" className="numeric">
              Accepted share
            </th>
            <th scope="col" className="numeric">
              Length ratio
            </th>
          </tr>
        </thead>
        <tbody>
          {sweep.models.flatMap((m) =>
            m.points.map((p) => (
              <tr
                key={`${m.model}-${p.temperature}`}
                className={p.temperature === m.chosen ? 'row-selected' : undefined}
              >
                <th scope="row" className="nowrap">
                  {m.model}
                </th>
                <td className="numeric nowrap">
                  {formatTemperature(p.temperature)}
                  {p.temperature === m.chosen && ' (chosen)'}
                </td>
                <td className="numeric">{formatScore(p.mean)}</td>
                <td className="numeric nowrap">
                  {p.ci95 ? `${formatScore(p.ci95[0])}–${formatScore(p.ci95[1])}` : '—'}
                </td>
                <td className="numeric">{formatCount(p.n)}</td>
                <td className="numeric">{formatCount(p.failed)}</td>
                <td
                  className="numeric"
                  title={p.rejections.map((x) => `${x.outcome}: ${x.n}`).join(', ') || undefined}
                >
                  {p.accepted_share === null ? '—' : formatPercent(p.accepted_share, 0)}
                </td>
                <td className="numeric">{formatScore(p.mean_length_ratio, 2)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
