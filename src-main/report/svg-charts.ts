/**
 * Static SVG charts for the self-contained HTML report. Recharts (used by the live pages)
 * renders nothing outside a browser, so the report draws its few chart kinds itself. Pure:
 * data in, markup out; every mark carries its data in data-* attributes, for tests and readers.
 */
import { seriesColourAt } from '../contract/palette.js';

/** Colour of the i-th series where the caller gives none: the palette the workbench uses too. */
const colourAt = (i: number): string => seriesColourAt(i, 'light');

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (v: number, digits = 2) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(digits));

/**
 * Round tick values covering [min, max]: the first tick is at or below min and the last at or above
 * max, so every mark stays within the axis.
 */
export function ticks(min: number, max: number, count = 5): number[] {
  if (max <= min) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  // Count in whole steps and round, so 3 × 0.2 prints as 0.6 (and -0 becomes 0).
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  for (let k = first; k <= last; k++) out.push(Number((k * step).toFixed(digits)) + 0);
  return out;
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function frame(width: number, height: number): Frame {
  return { width, height, left: 52, right: 16, top: 16, bottom: 44 };
}

function axes(f: Frame, yTicks: number[], y: (v: number) => number, xLabel: string, yLabel: string, yFormat?: (v: number) => string): string {
  const step = yTicks.length > 1 ? yTicks[1]! - yTicks[0]! : 1;
  const digits = step >= 1 ? 0 : step < 0.05 ? 3 : 2;
  const label = yFormat ?? ((t: number) => t.toFixed(digits));
  const grid = yTicks
    .map((t) => `<line x1="${f.left}" x2="${f.width - f.right}" y1="${y(t)}" y2="${y(t)}" class="grid" data-tick="${t}"/><text x="${f.left - 6}" y="${y(t) + 4}" text-anchor="end">${label(t)}</text>`)
    .join('');
  return (
    grid +
    `<line x1="${f.left}" x2="${f.left}" y1="${f.top}" y2="${f.height - f.bottom}" class="axis"/>` +
    `<line x1="${f.left}" x2="${f.width - f.right}" y1="${f.height - f.bottom}" y2="${f.height - f.bottom}" class="axis"/>` +
    `<text x="${(f.left + f.width - f.right) / 2}" y="${f.height - 6}" text-anchor="middle" class="label">${esc(xLabel)}</text>` +
    `<text transform="translate(12 ${(f.top + f.height - f.bottom) / 2}) rotate(-90)" text-anchor="middle" class="label">${esc(yLabel)}</text>`
  );
}

// Room for a 30-character name at the charts' 11 px font (about 6.6 px a character) beside its swatch.
const LEGEND_ITEM_WIDTH = 230;

function legendColumns(f: Pick<Frame, 'width' | 'left' | 'right'>): number {
  return Math.max(1, Math.floor((f.width - f.left - f.right) / LEGEND_ITEM_WIDTH));
}

/** Legend rows above the plot; the frame's top margin leaves room for them. */
function legend(items: { name: string; colour: string }[], f: Frame): string {
  const cols = legendColumns(f);
  return items
    .map(({ name: n, colour }, i) => `<g transform="translate(${f.left + 8 + (i % cols) * LEGEND_ITEM_WIDTH} ${4 + Math.floor(i / cols) * 16})"><rect width="10" height="10" fill="${colour}"/><text x="14" y="9">${esc(n.length > 30 ? `${n.slice(0, 29)}…` : n)}</text></g>`)
    .join('');
}

function withLegendRoom(f: Frame, items: number): Frame {
  return { ...f, top: 16 + Math.ceil(items / legendColumns(f)) * 16 };
}

export interface LinePoint {
  x: number;
  y: number | null;
  lo?: number | null;
  hi?: number | null;
}

export interface LineSeries {
  name: string;
  points: LinePoint[];
  /** An x to mark on the line with a ring (the chosen temperature). */
  marker?: number | null;
  /** The series' colour (a model's, from the shared palette); else by position. */
  colour?: string;
}

export function lineChart(o: { series: LineSeries[]; xLabel: string; yLabel: string; width?: number; height?: number; title: string }): string {
  const f = withLegendRoom(frame(o.width ?? 640, o.height ?? 300), o.series.length);
  const all = o.series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x);
  const ys = all.flatMap((p) => [p.y, p.lo, p.hi]).filter((v): v is number => typeof v === 'number');
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const yTicks = ticks(Math.min(0, ...ys), Math.max(0.1, ...ys));
  const [y0, y1] = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  const x = (v: number) => f.left + ((v - x0) / (x1 - x0 || 1)) * (f.width - f.left - f.right);
  const y = (v: number) => f.height - f.bottom - ((v - y0) / (y1 - y0 || 1)) * (f.height - f.top - f.bottom);
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  const xAxis = xTicks.map((t) => `<text x="${x(t)}" y="${f.height - f.bottom + 16}" text-anchor="middle">${fmt(t, 1)}</text>`).join('');
  const body = o.series
    .map((s, i) => {
      const color = s.colour ?? colourAt(i);
      const pts = s.points.filter((p) => p.y !== null);
      const banded = pts.filter((p) => typeof p.lo === 'number' && typeof p.hi === 'number');
      const band = banded.length > 1
        ? `<polygon class="band" fill="${color}" fill-opacity="0.15" points="${[...banded.map((p) => `${x(p.x)},${y(p.hi!)}`), ...[...banded].reverse().map((p) => `${x(p.x)},${y(p.lo!)}`)].join(' ')}"/>`
        : '';
      const line = `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${x(p.x)},${y(p.y!)}`).join(' ')}"/>`;
      const dots = pts.map((p) => `<circle cx="${x(p.x)}" cy="${y(p.y!)}" r="3" fill="${color}" data-x="${p.x}" data-y="${p.y}"><title>${esc(s.name)}: ${fmt(p.x, 1)} → ${fmt(p.y!, 3)}</title></circle>`).join('');
      const chosen = s.marker !== undefined && s.marker !== null ? pts.find((p) => p.x === s.marker) : undefined;
      const mark = chosen ? `<circle class="chosen" cx="${x(chosen.x)}" cy="${y(chosen.y!)}" r="7" fill="none" stroke="${color}" stroke-width="2" data-chosen="${chosen.x}"/>` : '';
      return `<g class="series" data-series="${esc(s.name)}">${band}${line}${dots}${mark}</g>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${esc(o.title)}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" xmlns="http://www.w3.org/2000/svg">${axes(f, yTicks, y, o.xLabel, o.yLabel)}${xAxis}${body}${legend(o.series.map((s, i) => ({ name: s.name, colour: s.colour ?? colourAt(i) })), f)}</svg>`;
}

export interface BarGroup {
  name: string;
  values: (number | null)[];
  /** The group's colour (a model's, from the shared palette); else by position. */
  colour?: string;
  /** Drawn paler: a reference level such as chance. */
  faint?: boolean;
}

/**
 * Bars per category, one per group. The y axis runs from 0 to a round value at or above the
 * tallest bar (or `yMax` where given, e.g. 1 for F1); `yFormat` prints its ticks (e.g. as percent).
 */
export function groupedBarChart(o: { categories: string[]; groups: BarGroup[]; yLabel: string; xLabel?: string; yMax?: number; yFormat?: (v: number) => string; width?: number; height?: number; title: string }): string {
  const f = withLegendRoom({ ...frame(o.width ?? Math.max(480, 60 + o.categories.length * (o.groups.length * 12 + 18)), o.height ?? 320), bottom: 84 }, o.groups.length);
  const values = o.groups.flatMap((g) => g.values).filter((v): v is number => v !== null);
  const yTicks = ticks(0, o.yMax ?? Math.max(1e-9, ...values));
  const yTop = yTicks[yTicks.length - 1]!;
  const y = (v: number) => f.height - f.bottom - (v / (yTop || 1)) * (f.height - f.top - f.bottom);
  const slot = (f.width - f.left - f.right) / Math.max(1, o.categories.length);
  const barW = Math.max(2, (slot - 10) / Math.max(1, o.groups.length));
  const bars = o.categories
    .map((c, ci) => {
      const gx = f.left + ci * slot + 5;
      const rects = o.groups
        .map((g, gi) => {
          const v = g.values[ci];
          if (v === null || v === undefined) return '';
          return `<rect x="${gx + gi * barW}" y="${y(v)}" width="${barW - 1}" height="${Math.max(0, y(0) - y(v))}" fill="${g.colour ?? colourAt(gi)}"${g.faint ? ' fill-opacity="0.35"' : ''} data-group="${esc(g.name)}" data-category="${esc(c)}" data-value="${v}"><title>${esc(g.name)} · ${esc(c)}: ${fmt(v, 3)}</title></rect>`;
        })
        .join('');
      const label = `<text transform="translate(${gx + slot / 2 - 5} ${f.height - f.bottom + 12}) rotate(35)" text-anchor="start">${esc(c)}</text>`;
      return rects + label;
    })
    .join('');
  const xLabel = o.xLabel ? `<text x="${(f.left + f.width - f.right) / 2}" y="${f.height - 4}" text-anchor="middle" class="label">${esc(o.xLabel)}</text>` : '';
  return `<svg class="chart" role="img" aria-label="${esc(o.title)}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" xmlns="http://www.w3.org/2000/svg">${axes(f, yTicks, y, '', o.yLabel, o.yFormat)}${bars}${xLabel}${legend(o.groups.map((g, i) => ({ name: g.name, colour: g.colour ?? colourAt(i) })), f)}</svg>`;
}
