import { formatScore, formatTemperature } from '../../lib/format';
import type { SweepRow } from './sweep-chart-data';

/** Every model's mean at the hovered temperature, or why there is none. */
export function SweepTooltip({
  active,
  payload,
  models,
}: {
  active?: boolean;
  payload?: { payload: SweepRow }[];
  models: string[];
}) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <strong>Temperature {formatTemperature(row.temperature)}</strong>
      {models.map((model) => {
        const p = row.point[model];
        return (
          <div key={model}>
            {model}:{' '}
            {!p || p.mean === null
              ? 'no variant accepted'
              : `${formatScore(p.mean)} (${p.n} accepted, ${p.failed} rejected)`}
          </div>
        );
      })}
    </div>
  );
}
