import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { AuditResult } from '../../../src-main/contract/audit-schemas';
import { ChartLegend } from '../../components/ChartLegend';
import { seriesColour, tooltipStyle, useChartTheme } from '../../components/chart-theme';
import { ValueBar } from '../../components/ValueBar';
import { formatCount } from '../../lib/format';

interface BinRow {
  bin: string;
  counts: Record<string, number>;
}

/** Bin i covers [i/bins, (i+1)/bins); labelled by its lower edge. */
function binRows(audit: AuditResult): BinRow[] {
  const bins = audit.models[0]?.closest_histogram.length ?? 0;
  return Array.from({ length: bins }, (_, i) => ({
    bin: (i / bins).toFixed(2),
    counts: Object.fromEntries(audit.models.map((m) => [m.model, m.closest_histogram[i] ?? 0])),
  }));
}

/** How similar each variant is to the closest original (the distance to closest record), per model. */
export function ClosestHistogram({ audit }: { audit: AuditResult }) {
  const colours = useChartTheme();
  const rows = binRows(audit);
  return (
    <figure className="chart" aria-label="Similarity to the closest original">
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 20, left: 0 }} barCategoryGap="12%" barGap={1}>
          <CartesianGrid vertical={false} stroke={colours.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="bin"
            interval={1}
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 11 }}
            label={{
              value: 'cosine similarity to the closest original',
              position: 'insideBottom',
              offset: -12,
              fill: colours.muted,
              fontSize: 12,
            }}
          />
          <YAxis allowDecimals={false} stroke={colours.muted} tick={{ fill: colours.muted, fontSize: 12 }} />
          <Tooltip
            cursor={{ fill: colours.grid, opacity: 0.35 }}
            contentStyle={tooltipStyle(colours)}
            labelFormatter={(bin) => `similarity from ${bin}`}
            formatter={(value, name) => [formatCount(Number(value)), name]}
          />
          {audit.models.map((m, i) => (
            <Bar
              key={m.model}
              name={m.model}
              dataKey={(row: BinRow) => row.counts[m.model] ?? 0}
              fill={seriesColour(colours, i)}
              isAnimationActive={false}
              shape={(props: BarShapeProps) => <ValueBar {...props} series={m.model} />}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <ChartLegend
        label="Models"
        items={audit.models.map((m, i) => ({ name: m.model, colour: seriesColour(colours, i) }))}
      />
      <figcaption className="muted">
        Variants far to the right are near-copies of some original, whichever it is.
      </figcaption>
    </figure>
  );
}
