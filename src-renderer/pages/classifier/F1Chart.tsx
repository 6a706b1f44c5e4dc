import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { ExperimentResult } from '../../../src-main/contract/classify-schemas';
import { ChartLegend } from '../../components/ChartLegend';
import { seriesColour, tooltipStyle, useChartTheme } from '../../components/chart-theme';
import { ValueBar } from '../../components/ValueBar';
import { formatScore } from '../../lib/format';
import { experimentCategories, type F1Group } from './experiment-runs';

interface F1Row {
  category: string;
  f1: Record<string, number>;
}

function f1Rows(categories: string[], groups: F1Group[]): F1Row[] {
  return categories.map((category) => ({
    category,
    f1: Object.fromEntries(
      groups.flatMap((g) => {
        const metrics = g.run.metrics.categories.find((c) => c.name === category);
        return metrics ? [[g.key, metrics.f1]] : [];
      }),
    ),
  }));
}

/** Per-category F1 on the test set, one bar per run, grouped by category. */
export function F1Chart({ result, groups }: { result: ExperimentResult; groups: F1Group[] }) {
  const colours = useChartTheme();
  const categories = experimentCategories(result);
  const rows = f1Rows(categories, groups);
  return (
    <figure className="chart" aria-label={`Per-category F1, experiment ${result.experiment}`}>
      <ResponsiveContainer width="100%" height={360}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} barCategoryGap="18%">
          <CartesianGrid vertical={false} stroke={colours.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="category"
            interval={0}
            angle={-30}
            textAnchor="end"
            height={86}
            stroke={colours.muted}
            tick={{ fill: colours.text, fontSize: 12 }}
          />
          <YAxis
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 12 }}
            label={{ value: 'F1 (0–1)', angle: -90, position: 'insideLeft', fill: colours.muted, fontSize: 12, dy: 24 }}
          />
          <Tooltip
            cursor={{ fill: colours.grid, opacity: 0.35 }}
            contentStyle={tooltipStyle(colours)}
            formatter={(value, name) => [formatScore(Number(value)), name]}
          />
          {groups.map((g, i) => (
            <Bar
              key={g.key}
              name={g.label}
              dataKey={(row: F1Row) => row.f1[g.key] ?? null}
              fill={seriesColour(colours, i)}
              isAnimationActive={false}
              shape={(props: BarShapeProps) => <ValueBar {...props} series={g.label} />}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <ChartLegend
        label="Runs"
        items={groups.map((g, i) => ({
          name: g.label,
          colour: seriesColour(colours, i),
          note: `macro F1 ${formatScore(g.run.metrics.macro_f1, 2)}`,
        }))}
      />
      <figcaption className="muted">
        How to read it: higher is better; bars of a category close together mean synthetic text teaches it as well as
        the originals. F1 on each run’s test set: originals for original and TSTR, the same kind of text for each model
        and all synthetic. A category with no test examples scores 0.
      </figcaption>
    </figure>
  );
}
