import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { AuditResult } from '../../../src-main/contract/audit-schemas';
import { occupiedBins } from '../../../src-main/contract/chart-scales';
import { ChartLegend } from '../../components/ChartLegend';
import { tooltipStyle, useChartTheme, useModelColours } from '../../components/chart-theme';
import { ValueBar } from '../../components/ValueBar';
import { formatCount } from '../../lib/format';
import { niceTicks } from '../../lib/nice-ticks';

interface BinRow {
  bin: string;
  /** The bin's range, for the tooltip. */
  range: string;
  counts: Record<string, number>;
}

/**
 * Bin i covers [i/bins, (i+1)/bins); labelled by its lower edge. Only the bins from the first to the
 * last with a count (and one either side) are drawn, so the data fills the chart.
 */
export function binRows(audit: AuditResult): BinRow[] {
  const bins = audit.models[0]?.closest_histogram.length ?? 0;
  const [first, last] = occupiedBins(audit.models.map((m) => m.closest_histogram));
  return Array.from({ length: bins === 0 ? 0 : last - first + 1 }, (_, k) => {
    const i = first + k;
    return {
      bin: (i / bins).toFixed(2),
      range: `${(i / bins).toFixed(2)}–${((i + 1) / bins).toFixed(2)}`,
      counts: Object.fromEntries(audit.models.map((m) => [m.model, m.closest_histogram[i] ?? 0])),
    };
  });
}

/** How similar each variant is to the closest original (the distance to closest record), per model. */
export function ClosestHistogram({ audit }: { audit: AuditResult }) {
  const colours = useChartTheme();
  const colourOf = useModelColours(audit.models.map((m) => m.model));
  const rows = binRows(audit);
  const yTicks = niceTicks(Math.max(0, ...rows.flatMap((r) => Object.values(r.counts))));
  return (
    <figure className="chart" aria-label="Similarity to the closest original">
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 8 }} barCategoryGap="12%" barGap={1}>
          <CartesianGrid vertical={false} stroke={colours.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="bin"
            interval="preserveStartEnd"
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 11 }}
            label={{
              value: 'cosine similarity to the closest original (bin’s lower edge)',
              position: 'insideBottom',
              offset: -16,
              fill: colours.muted,
              fontSize: 12,
            }}
          />
          <YAxis
            allowDecimals={false}
            domain={[0, yTicks.at(-1)!]}
            ticks={yTicks}
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 12 }}
            label={{
              value: 'variants (count)',
              angle: -90,
              position: 'insideLeft',
              fill: colours.muted,
              fontSize: 12,
              dy: 50,
            }}
          />
          <Tooltip
            cursor={{ fill: colours.grid, opacity: 0.35 }}
            contentStyle={tooltipStyle(colours)}
            labelFormatter={(_, payload) => `similarity ${(payload?.[0]?.payload as BinRow | undefined)?.range ?? ''}`}
            formatter={(value, name) => [formatCount(Number(value)), name]}
          />
          {audit.models.map((m) => (
            <Bar
              key={m.model}
              name={m.model}
              dataKey={(row: BinRow) => row.counts[m.model] ?? 0}
              fill={colourOf(m.model)}
              isAnimationActive={false}
              shape={(props: BarShapeProps) => <ValueBar {...props} series={m.model} />}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <ChartLegend label="Models" items={audit.models.map((m) => ({ name: m.model, colour: colourOf(m.model) }))} />
      <figcaption className="muted">
        How to read it: each bar counts the variants whose most similar original is that similar (whichever original it
        is). Bars far to the right are near-copies of some original; the axis shows only the occupied range.
      </figcaption>
    </figure>
  );
}
