import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DatasetSummary } from '../../../src-main/contract/schemas';
import { useChartTheme } from '../../components/chart-theme';
import { formatCount } from '../../lib/format';

interface CategoryChartProps {
  dataset: DatasetSummary;
  /** The category the posts are filtered by, drawn highlighted; clicking a bar chooses one. */
  selected: string | undefined;
  onSelect: (category: string | undefined) => void;
}

const BAR_PX = 24;

export function CategoryChart({ dataset, selected, onSelect }: CategoryChartProps) {
  const colours = useChartTheme();
  const data = [...dataset.categories].sort((a, b) => b.posts - a.posts);
  const longestName = Math.max(...data.map((c) => c.name.length), 4);
  return (
    <figure className="chart" aria-label={`Posts per category in ${dataset.name}`}>
      <ResponsiveContainer width="100%" height={data.length * BAR_PX + 58}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 22, left: 8 }}>
          <CartesianGrid horizontal={false} stroke={colours.grid} />
          <XAxis
            type="number"
            allowDecimals={false}
            stroke={colours.muted}
            tick={{ fill: colours.muted, fontSize: 12 }}
            label={{ value: 'posts (count)', position: 'insideBottom', offset: -14, fill: colours.muted, fontSize: 12 }}
          />
          <YAxis
            type="category"
            dataKey="name"
            width={Math.min(200, longestName * 7.5 + 12)}
            interval={0}
            stroke={colours.muted}
            tick={{ fill: colours.text, fontSize: 12 }}
          />
          <Tooltip
            cursor={{ fill: colours.grid, opacity: 0.4 }}
            contentStyle={{ background: colours.surface, borderColor: colours.grid, color: colours.text }}
            formatter={(value) => [formatCount(Number(value)), 'posts']}
          />
          <Bar
            dataKey="posts"
            isAnimationActive={false}
            cursor="pointer"
            onClick={(entry) => onSelect(entry.name === selected ? undefined : String(entry.name))}
          >
            {data.map((c) => (
              <Cell key={c.name} fill={!selected || c.name === selected ? colours.accent : colours.accentMuted} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">
        How to read it: each bar counts the posts labelled with that PII category. Click a bar to show only that
        category’s posts. A post can carry several categories.
      </figcaption>
    </figure>
  );
}
