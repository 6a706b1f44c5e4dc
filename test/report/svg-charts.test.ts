import { describe, expect, it } from 'vitest';
import { esc, groupedBarChart, lineChart, ticks } from '../../src-main/report/svg-charts.js';

describe('report charts', () => {
  it('chooses round ticks', () => {
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // The last tick is at or above the highest value, so nothing overflows the axis.
    expect(ticks(0, 0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(ticks(0, 23)).toEqual([0, 5, 10, 15, 20, 25]);
  });
  it('fits a bar chart’s axis to small values and keeps the tallest bar inside it', () => {
    const svg = groupedBarChart({
      title: 'linkage', yLabel: 'share of variants (%)', categories: ['a', 'b'],
      yFormat: (v) => `${(v * 100).toFixed(0)}%`,
      groups: [{ name: 'first', values: [0.012, 0.031] }, { name: 'chance', values: [0.0026, 0.0026], faint: true }],
    });
    const tickValues = [...svg.matchAll(/data-tick="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...tickValues)).toBeGreaterThanOrEqual(0.031);
    expect(Math.max(...tickValues)).toBeLessThanOrEqual(0.05);
    expect(svg).toContain('>3%<');
    // Every bar starts at or below the top gridline.
    const topY = Math.min(...[...svg.matchAll(/<line x1="[^"]+" x2="[^"]+" y1="([^"]+)"[^>]*class="grid"/g)].map((m) => Number(m[1])));
    for (const m of svg.matchAll(/<rect x="[^"]+" y="([^"]+)"/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(topY - 1e-9);
    expect(svg).toContain('fill-opacity="0.35"');
  });
  it('draws each series in the colour it is given', () => {
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'm', colour: '#123456', points: [{ x: 0, y: 1 }] }] });
    expect(svg).toContain('stroke="#123456"');
  });
  it('escapes text', () => {
    expect(esc('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
  it('draws every point of every series, the bands and the chosen marker', () => {
    const svg = lineChart({
      title: 'sweep',
      xLabel: 'temperature',
      yLabel: 'cosine',
      series: [
        { name: 'llama', marker: 0.7, points: [{ x: 0.5, y: 0.4, lo: 0.35, hi: 0.45 }, { x: 0.7, y: 0.2, lo: 0.15, hi: 0.25 }] },
        { name: 'zephyr <b>', points: [{ x: 0.5, y: 0.3 }, { x: 0.7, y: null }] },
      ],
    });
    expect(svg.match(/data-x=/g)).toHaveLength(3);
    expect(svg).toContain('data-series="llama"');
    expect(svg).toContain('data-series="zephyr &lt;b&gt;"');
    expect(svg).toContain('data-chosen="0.7"');
    expect(svg.match(/class="band"/g)).toHaveLength(1);
  });
  it('draws one bar per group and category with a value', () => {
    const svg = groupedBarChart({ title: 'f1', yLabel: 'F1', yMax: 1, categories: ['name', 'age'], groups: [{ name: 'original', values: [0.9, 0.8] }, { name: 'tstr', values: [0.5, null] }] });
    expect(svg.match(/<rect x=/g)).toHaveLength(3);
    expect(svg).toContain('data-group="tstr" data-category="name" data-value="0.5"');
  });
});
