import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '../../components/ChartLegend';
import { seriesColour, tooltipStyle, useChartTheme } from '../../components/chart-theme';
import { formatScore } from '../../lib/format';
import { sourceLabel } from './sources';
import type { SourceCurve } from './use-epoch-curves';

interface LossRow {
  epoch: number;
  loss: Record<string, number>;
}

function lossRows(curves: SourceCurve[]): LossRow[] {
  const epochs = Math.max(0, ...curves.map((c) => c.epochs.length));
  return Array.from({ length: epochs }, (_, i) => ({
    epoch: i + 1,
    loss: Object.fromEntries(curves.flatMap((c) => (c.epochs[i] ? [[c.source, c.epochs[i].loss]] : []))),
  }));
}

/** Mean training loss per epoch, one line per source, growing as the events arrive. */
export function LossCurve({ curves }: { curves: SourceCurve[] }) {
  const colours = useChartTheme();
  const rows = lossRows(curves);
  return (
    <figure className="chart" aria-label="Training loss by epoch">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 20, left: 0 }}>
          <CartesianGrid stroke={colours.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[1, 'dataMax']}
            allowDecimals={false}
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 12 }}
            label={{ value: 'epoch', position: 'insideBottom', offset: -12, fill: colours.muted, fontSize: 12 }}
          />
          <YAxis
            domain={[0, 'auto']}
            tickFormatter={(v: number) => v.toFixed(2)}
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 12 }}
            label={{
              value: 'loss (binary cross-entropy)',
              angle: -90,
              position: 'insideLeft',
              fill: colours.muted,
              fontSize: 12,
              dy: 80,
            }}
          />
          <Tooltip
            contentStyle={tooltipStyle(colours)}
            formatter={(value, name) => [formatScore(Number(value)), name]}
            labelFormatter={(epoch) => `Epoch ${epoch}`}
          />
          {curves.map((c, i) => (
            <Line
              key={c.source}
              name={sourceLabel(c.source)}
              dataKey={(row: LossRow) => row.loss[c.source] ?? null}
              stroke={seriesColour(colours, i)}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              className="loss-line"
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <ChartLegend
        label="Sources"
        items={curves.map((c, i) => ({
          name: sourceLabel(c.source),
          colour: seriesColour(colours, i),
          shape: 'line',
          note: `loss ${formatScore(c.epochs.at(-1)?.loss)}`,
        }))}
      />
      <figcaption className="muted">
        How to read it: the loss should fall epoch by epoch; a curve that flattens early has stopped learning.
      </figcaption>
    </figure>
  );
}
