import type { KeyboardEvent, MouseEvent } from 'react';
import { formatScore, formatTemperature } from '../../lib/format';
import type { SweepRow } from './sweep-chart-data';

/** A point of the curve: one model at one temperature. */
export interface SweepPointRef {
  model: string;
  temperature: number;
}

/** What recharts hands a Line's custom dot. */
export interface DotProps {
  cx?: number;
  cy?: number;
  payload?: SweepRow;
}

/**
 * The model whose dot, at the clicked dot's temperature, is drawn nearest the click. Dots of
 * several models can overlap, and the last-drawn one's click target covers the others: without
 * this a click could open another model's samples than the one under the pointer.
 */
export function nearestModelAt(target: SVGGElement, clientX: number, clientY: number): string | undefined {
  const temperature = target.dataset.temperature;
  const svg = target.ownerSVGElement;
  if (!svg || temperature === undefined) return target.dataset.model;
  let best: { model: string | undefined; distance: number } = { model: target.dataset.model, distance: Infinity };
  for (const dot of svg.querySelectorAll<SVGGElement>(`.sweep-dot[data-temperature="${temperature}"]`)) {
    const box = dot.querySelector('.sweep-dot-mark')?.getBoundingClientRect();
    if (!box) continue;
    const distance = Math.hypot(box.x + box.width / 2 - clientX, box.y + box.height / 2 - clientY);
    if (distance < best.distance) best = { model: dot.dataset.model, distance };
  }
  return best.model;
}

interface SweepDotProps extends DotProps {
  model: string;
  colour: string;
  surface: string;
  chosen: boolean;
  selected: boolean;
  onSelect: (point: SweepPointRef) => void;
}

/**
 * One measured point: a button (click, or Enter/Space when focused) that opens its samples.
 * The chosen temperature is ringed. Data attributes let tests compare what is drawn with the data.
 */
export function SweepDot({ cx, cy, payload, model, colour, surface, chosen, selected, onSelect }: SweepDotProps) {
  const point = payload?.point[model];
  if (cx === undefined || cy === undefined || !payload || !point || point.mean === null) return <g />;
  const open = () => onSelect({ model, temperature: payload.temperature });
  const onClick = (e: MouseEvent<SVGGElement>) =>
    onSelect({
      model: nearestModelAt(e.currentTarget, e.clientX, e.clientY) ?? model,
      temperature: payload.temperature,
    });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    open();
  };
  const ci = point.ci95 ? `, 95% CI ${formatScore(point.ci95[0])}–${formatScore(point.ci95[1])}` : '';
  return (
    <g
      className="sweep-dot"
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={`${model} at temperature ${formatTemperature(payload.temperature)}: mean similarity ${formatScore(point.mean)}${ci}, ${point.n} variants${chosen ? ' (chosen)' : ''}`}
      data-model={model}
      data-temperature={payload.temperature}
      data-mean={point.mean}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      {chosen && <circle className="sweep-chosen" cx={cx} cy={cy} r={10} fill="none" stroke={colour} strokeWidth={2} />}
      <circle
        className="sweep-dot-mark"
        cx={cx}
        cy={cy}
        r={selected ? 6 : 4.5}
        fill={selected ? colour : surface}
        stroke={colour}
        strokeWidth={2}
      />
      {/* A larger invisible target: small dots are hard to hit. */}
      <circle cx={cx} cy={cy} r={12} fill="transparent" />
    </g>
  );
}
