import {
  Area,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SweepResult } from '../../../src-main/contract/schemas';
import { ChartLegend } from '../../components/ChartLegend';
import { tooltipStyle, useChartTheme, useModelColours } from '../../components/chart-theme';
import { formatTemperature } from '../../lib/format';
import { niceTicks, tickDecimals } from '../../lib/nice-ticks';
import { ciWhisker, highestSimilarity, sweepRows, type SweepRow } from './sweep-chart-data';
import { SweepDot, type DotProps, type SweepPointRef } from './SweepDot';
import { SweepTooltip } from './SweepTooltip';

interface SweepChartProps {
  sweep: SweepResult;
  selected: SweepPointRef | undefined;
  onSelect: (point: SweepPointRef) => void;
}

const legendItems = (sweep: SweepResult, colourOf: (model: string) => string) =>
  sweep.models.map((m) => ({
    name: m.model,
    colour: colourOf(m.model),
    shape: 'line' as const,
    note: m.chosen === null ? 'no temperature chosen' : `chosen ${formatTemperature(m.chosen)}`,
  }));

/** Mean cosine similarity to the originals against temperature: one line per model, its 95% band, the chosen point ringed. */
export function SweepChart({ sweep, selected, onSelect }: SweepChartProps) {
  const colours = useChartTheme();
  const colourOf = useModelColours(sweep.models.map((m) => m.model));
  const rows = sweepRows(sweep);
  const models = sweep.models.map((m) => m.model);
  const temperatures = rows.map((r) => r.temperature);
  const yTicks = niceTicks(highestSimilarity(sweep));
  return (
    <figure className="chart" aria-label={`Mean similarity by temperature, sweep ${sweep.sweep}`}>
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart data={rows} margin={{ top: 16, right: 24, bottom: 24, left: 8 }}>
          <CartesianGrid stroke={colours.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="temperature"
            domain={[temperatures[0] ?? 0, temperatures.at(-1) ?? 1]}
            ticks={temperatures}
            tickFormatter={formatTemperature}
            padding={{ left: 16, right: 16 }}
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 12 }}
            label={{
              value: 'sampling temperature (unitless)',
              position: 'insideBottom',
              offset: -14,
              fill: colours.muted,
              fontSize: 12,
            }}
          />
          <YAxis
            domain={[0, yTicks.at(-1)!]}
            ticks={yTicks}
            // Room under 0, so points there are not drawn on the axis line.
            padding={{ bottom: 10 }}
            tickFormatter={(v: number) => v.toFixed(tickDecimals(yTicks))}
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 12 }}
            label={{
              value: 'mean cosine similarity (0–1)',
              angle: -90,
              position: 'insideLeft',
              fill: colours.muted,
              fontSize: 12,
              dy: 70,
            }}
          />
          <Tooltip content={<SweepTooltip models={models} />} contentStyle={tooltipStyle(colours)} />
          {models.map((model) => (
            <Area
              key={`band-${model}`}
              dataKey={(row: SweepRow) => row.band[model]}
              name={`${model} 95% CI`}
              stroke="none"
              fill={colourOf(model)}
              fillOpacity={0.14}
              isAnimationActive={false}
              activeDot={false}
              tooltipType="none"
            />
          ))}
          {sweep.models.map((m) => (
            <Line
              key={m.model}
              dataKey={(row: SweepRow) => row.mean[m.model]}
              name={m.model}
              stroke={colourOf(m.model)}
              strokeWidth={2}
              isAnimationActive={false}
              activeDot={false}
              dot={(props: DotProps) => (
                <SweepDot
                  key={`${m.model}-${props.payload?.temperature}`}
                  {...props}
                  model={m.model}
                  colour={colourOf(m.model)}
                  surface={colours.surface}
                  chosen={props.payload?.temperature === m.chosen}
                  selected={selected?.model === m.model && selected.temperature === props.payload?.temperature}
                  onSelect={onSelect}
                />
              )}
            >
              {/* Whiskers too: a band needs two neighbouring points to be seen. */}
              <ErrorBar
                dataKey={(row: SweepRow) => ciWhisker(row.point[m.model])}
                direction="y"
                width={8}
                isAnimationActive={false}
                stroke={colourOf(m.model)}
                strokeWidth={1.5}
              />
            </Line>
          ))}
        </ComposedChart>
      </ResponsiveContainer>
      <ChartLegend label="Models" items={legendItems(sweep, colourOf)} />
      <figcaption className="muted">
        How to read it: lower is better — variants share less wording with their originals. Bands and whiskers are 95%
        confidence intervals; the ringed point is each model’s chosen temperature (marked once the sweep has finished).
        Click a point, or focus it and press Enter, to read its samples.
      </figcaption>
    </figure>
  );
}
