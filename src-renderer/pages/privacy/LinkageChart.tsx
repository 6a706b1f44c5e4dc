import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { AuditResult } from '../../../src-main/contract/audit-schemas';
import { ChartLegend } from '../../components/ChartLegend';
import { seriesColour, tooltipStyle, useChartTheme, type ChartTheme } from '../../components/chart-theme';
import { ValueBar } from '../../components/ValueBar';
import { formatPercent } from '../../lib/format';
import { niceTicks, tickDecimals } from '../../lib/nice-ticks';
import { LinkageReading } from './LinkageReading';

type ModelSummary = AuditResult['models'][number];

interface LinkageSeries {
  key: 'linkage_top1' | 'chance_top1' | 'linkage_top5' | 'chance_top5';
  label: string;
  colour: (c: ChartTheme) => string;
  /** Chance is drawn as a pale copy of the rate it goes with. */
  opacity: number;
}

const CHANCE_OPACITY = 0.35;

const SERIES: LinkageSeries[] = [
  { key: 'linkage_top1', label: 'source ranked first', colour: (c) => seriesColour(c, 1), opacity: 1 },
  { key: 'chance_top1', label: 'chance of ranking first', colour: (c) => seriesColour(c, 1), opacity: CHANCE_OPACITY },
  { key: 'linkage_top5', label: 'source in top 5', colour: (c) => seriesColour(c, 0), opacity: 1 },
  { key: 'chance_top5', label: 'chance of top 5', colour: (c) => seriesColour(c, 0), opacity: CHANCE_OPACITY },
];

/** How often the source is the original most similar to its variant, per model, against chance. */
export function LinkageChart({ audit }: { audit: AuditResult }) {
  const colours = useChartTheme();
  const rows: ModelSummary[] = audit.models;
  const ticks = niceTicks(Math.max(...rows.flatMap((m) => SERIES.map((s) => m[s.key]))));
  const decimals = Math.max(0, tickDecimals(ticks) - 2);
  return (
    <figure className="chart" aria-label="Linkage rate and chance by model">
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barCategoryGap="24%">
          <CartesianGrid vertical={false} stroke={colours.grid} strokeDasharray="3 3" />
          <XAxis dataKey="model" stroke={colours.muted} tick={{ fill: colours.text, fontSize: 12 }} />
          <YAxis
            domain={[0, ticks.at(-1)!]}
            ticks={ticks}
            tickFormatter={(v: number) => formatPercent(v, decimals)}
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 12 }}
            label={{
              value: 'share of variants (%)',
              angle: -90,
              position: 'insideLeft',
              fill: colours.muted,
              fontSize: 12,
              dy: 60,
            }}
          />
          <Tooltip
            cursor={{ fill: colours.grid, opacity: 0.35 }}
            contentStyle={tooltipStyle(colours)}
            formatter={(value, name) => [formatPercent(Number(value), 2), name]}
          />
          {SERIES.map((s) => (
            <Bar
              key={s.key}
              name={s.label}
              dataKey={s.key}
              fill={s.colour(colours)}
              fillOpacity={s.opacity}
              isAnimationActive={false}
              shape={(props: BarShapeProps) => <ValueBar {...props} series={s.key} />}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <ChartLegend
        label="Bars"
        items={SERIES.filter((s) => s.opacity === 1).map((s) => ({
          name: s.label,
          colour: s.colour(colours),
          note: '(pale beside it: chance)',
        }))}
      />
      <figcaption className="muted">
        How to read it: each variant’s {audit.originals} originals are ranked by similarity to it; a bar near its pale
        chance bar means the variants do not point back to their sources.
      </figcaption>
      <LinkageReading audit={audit} />
    </figure>
  );
}
