import type { ProcInput } from '../../src-main/contract/contract';
import { useApi } from '../api/use-api';
import { formatCount, formatPercent, formatTemperature } from '../lib/format';
import { useReloadWhileRunning } from './use-reload-while-running';

/** The reply gate's outcomes in words, for the table's cells. */
const OUTCOME_LABELS: Record<string, string> = {
  accepted: 'accepted',
  refusal: 'refusal',
  instruction_echo: 'instruction echo',
  alternatives: 'alternatives',
  special_tokens: 'special tokens',
  truncated: 'truncated',
  language_mismatch: 'other language',
  garbled: 'garbled',
  off_topic: 'off topic',
  empty: 'empty',
  verbatim: 'verbatim copy',
  length: 'length',
  error: 'call failed',
};

/**
 * Every attempt of a generation job or a sweep by model × temperature and reply-gate outcome, with the
 * accepted share (of the attempts that got a reply). Refreshes while `liveJob` runs.
 */
export function OutcomeTable({
  scope,
  liveJob,
  compact = false,
}: {
  scope: ProcInput<'generate.outcomes'>;
  liveJob?: number | null;
  /** One line per model and temperature, for narrow side panels. */
  compact?: boolean;
}) {
  const table = useApi('generate.outcomes', scope);
  useReloadWhileRunning(liveJob ?? null, table.reload);
  const rows = table.data ?? [];
  if (table.error) return <p className="muted">Reply outcomes unavailable: {table.error}</p>;
  if (!rows.length) return null;
  const outcomes = (r: (typeof rows)[number]) =>
    r.outcomes.map((o) => `${OUTCOME_LABELS[o.outcome] ?? o.outcome} ${formatCount(o.n)}`).join(' · ');
  if (compact) {
    return (
      <details className="disclosure" open>
        <summary>Reply gate outcomes (every attempt)</summary>
        <ul className="outcome-list" aria-label="Reply gate outcomes by model and temperature">
          {rows.map((r) => (
            <li key={`${r.model}-${r.temperature}`}>
              <strong>{r.model}</strong> at {formatTemperature(r.temperature)}:{' '}
              {r.acceptedShare === null ? 'no replies' : `${formatPercent(r.acceptedShare, 0)} accepted`} of{' '}
              {formatCount(r.attempts)} attempts — <span className="muted">{outcomes(r)}</span>
            </li>
          ))}
        </ul>
      </details>
    );
  }
  return (
    <details className="disclosure" open>
      <summary>Reply gate outcomes (every attempt)</summary>
      <div className="table-scroll">
        <table className="data-table" aria-label="Reply gate outcomes by model and temperature">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="numeric">
                Temperature
              </th>
              <th scope="col" className="numeric">
                Attempts
              </th>
              <th scope="col" className="numeric">
                Accepted share
              </th>
              <th scope="col">Outcomes</th>
              <th scope="col" className="numeric">
                Failed variants
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.model}-${r.temperature}`}>
                <th scope="row" className="nowrap">
                  {r.model}
                </th>
                <td className="numeric">{formatTemperature(r.temperature)}</td>
                <td className="numeric">{formatCount(r.attempts)}</td>
                <td className="numeric">{r.acceptedShare === null ? '—' : formatPercent(r.acceptedShare, 0)}</td>
                <td>{outcomes(r)}</td>
                <td className="numeric">
                  {formatCount(r.failedVariants)} of {formatCount(r.variants)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
