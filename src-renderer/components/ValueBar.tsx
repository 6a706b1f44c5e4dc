import type { BarShapeProps } from 'recharts';

interface ValueBarProps extends BarShapeProps {
  /** The series the bar belongs to (a model, a source). */
  series: string;
}

/**
 * A recharts bar that states what it draws: its series and value as data attributes, so tests
 * can check the drawing against the data.
 */
export function ValueBar({ x, y, width, height, fill, fillOpacity, value, series }: ValueBarProps) {
  const shown = Array.isArray(value) ? value[1] - value[0] : value;
  return (
    <rect
      className="value-bar"
      x={x}
      y={y}
      width={Math.max(0, width)}
      height={Math.max(0, height)}
      fill={fill}
      fillOpacity={fillOpacity}
      rx={2}
      data-series={series}
      data-value={shown}
    />
  );
}
