import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { ExperimentResult } from '../../../src-main/contract/classify-schemas';
import { ChartLegend } from '../../components/ChartLegend';
import { runColour } from '../../../src-main/contract/palette';
import { useApi } from '../../api/use-api';
import { tooltipStyle, useChartTheme } from '../../components/chart-theme';
import { ValueBar } from '../../components/ValueBar';
import { formatScore } from '../../lib/format';
import { experimentCategories, type F1Group } from './experiment-runs';

interface F1Row {
  category: string;
  /** Null: not evaluable on that run's test set (no test example, never predicted): no bar. */
  f1: Record<string, number | null>;
  /** Test examples of the category, per run: every F1 is read with its support. */
  support: Record<string, number>;
  /** Runs whose training set had fewer than 5 examples of the category. */
  few: Record<string, boolean>;
}

function f1Rows(categories: string[], groups: F1Group[]): F1Row[] {
  const per = <T,>(
    category: string,
    pick: (c: ExperimentResult['runs'][number]['metrics']['categories'][number]) => T,
  ) =>
    Object.fromEntries(
      groups.flatMap((g) => {
        const metrics = g.run.metrics.categories.find((c) => c.name === category);
        return metrics ? [[g.key, pick(metrics)]] : [];
      }),
    ) as Record<string, T>;
  return categories.map((category) => ({
    category,
    f1: per(category, (c) => c.f1),
    support: per(category, (c) => c.support),
    few: per(category, (c) => c.few_examples),
  }));
}

/** Per-category F1 on the test set, one bar per run, grouped by category. */
export function F1Chart({ result, groups }: { result: ExperimentResult; groups: F1Group[] }) {
  const colours = useChartTheme();
  // A run on one model's variants in that model's colour, as on every chart and in the report.
  const registry = useApi('models.list', {}).data?.models.map((m) => m.name) ?? [];
  const colourOf = (g: F1Group) => runColour(g.run, registry, colours.theme);
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
            formatter={(value, name, item) => {
              const row = item.payload as F1Row;
              const key = groups.find((g) => g.label === name)?.key ?? '';
              const support = row.support[key];
              const few = row.few[key] ? '; fewer than 5 training examples' : '';
              return [`${formatScore(Number(value))} (support ${support ?? '?'}${few})`, name];
            }}
          />
          {groups.map((g) => (
            <Bar
              key={g.key}
              name={g.label}
              dataKey={(row: F1Row) => row.f1[g.key] ?? null}
              fill={colourOf(g)}
              isAnimationActive={false}
              shape={(props: BarShapeProps) => <ValueBar {...props} series={g.label} />}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <ChartLegend
        label="Runs"
        items={groups.map((g) => ({
          name: g.label,
          colour: colourOf(g),
          note:
            `macro F1 ${formatScore(g.run.metrics.macro_f1, 2)}` +
            (g.run.metrics.not_evaluable.length
              ? `, ${g.run.metrics.not_evaluable.length} not evaluable left out`
              : ''),
        }))}
      />
      <figcaption className="muted">
        How to read it: higher is better; bars of a category close together mean synthetic text teaches it as well as
        the originals. F1 on each run’s test set: originals for original and TSTR, the same kind of text for each model and all
        synthetic; hover a bar for its support (test examples). A category with no test example that the run never
        predicts has no F1: it is not evaluable, has no bar, and is left out of that run’s macro F1.
      </figcaption>
    </figure>
  );
}
