import type { ReactNode } from 'react';

export interface LegendItem {
  name: string;
  colour: string;
  /** A few words after the name, e.g. the chosen temperature. */
  note?: ReactNode;
  /** Drawn as a line (curves) or a square (bars). */
  shape?: 'line' | 'square';
}

/** An HTML legend: wraps, reads in order, and stays legible where recharts' own would crowd. */
export function ChartLegend({ items, label }: { items: LegendItem[]; label: string }) {
  return (
    <ul className="chart-legend" aria-label={label}>
      {items.map((item) => (
        <li key={item.name}>
          <span
            className={`legend-swatch legend-${item.shape ?? 'square'}`}
            style={{ background: item.colour }}
            aria-hidden="true"
          />
          <span className="legend-name">{item.name}</span>
          {item.note && <span className="muted">{item.note}</span>}
        </li>
      ))}
    </ul>
  );
}
