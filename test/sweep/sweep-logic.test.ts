import { describe, expect, it } from 'vitest';
import { seededSample } from '../../src-main/sweep/sample.js';
import { chooseTemperature, parseTemperatureGrid } from '../../src-main/sweep/selection.js';
import { summarise, tCritical95 } from '../../src-main/sweep/statistics.js';

describe('sweep statistics', () => {
  it('summarises by hand', () => {
    // values 1,2,3,4: mean 2.5, sample variance 5/3, t(3) = 3.182
    const s = summarise([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 10);
    const half = (3.182 * Math.sqrt(5 / 3)) / 2;
    expect(s.ci95![0]).toBeCloseTo(2.5 - half, 10);
    expect(s.ci95![1]).toBeCloseTo(2.5 + half, 10);
    expect(summarise([])).toEqual({ n: 0, mean: null, std: null, ci95: null });
    expect(summarise([0.4])).toEqual({ n: 1, mean: 0.4, std: null, ci95: null });
  });
  it('clamps the interval to the range the values can take', () => {
    // 0, 0, 0, 0.08: mean 0.02, std 0.04, half-width 3.182 × 0.04 / 2 = 0.0636 → the raw interval starts below 0.
    const raw = summarise([0, 0, 0, 0.08]);
    expect(raw.ci95![0]).toBeCloseTo(0.02 - 0.0636, 4);
    const clamped = summarise([0, 0, 0, 0.08], [0, 1]);
    expect(clamped.ci95![0]).toBe(0);
    expect(clamped.ci95![1]).toBeCloseTo(0.02 + 0.0636, 4);
    expect(summarise([0.97, 0.99, 1], [0, 1]).ci95![1]).toBe(1);
    expect(clamped.mean).toBe(raw.mean);
  });
  it('has t critical values close to the tables beyond 30 df', () => {
    expect(tCritical95(49)).toBeCloseTo(2.0096, 3);
    expect(tCritical95(120)).toBeCloseTo(1.9799, 3);
    expect(tCritical95(10)).toBe(2.228);
  });
});

describe('temperature selection', () => {
  const pts = [
    { temperature: 0.5, mean: 0.42, n: 50, failed: 0 },
    { temperature: 0.7, mean: 0.31, n: 50, failed: 0 },
    { temperature: 0.9, mean: 0.31, n: 50, failed: 0 },
    { temperature: 1.0, mean: 0.2, n: 20, failed: 30 },
  ];
  it('picks the lowest mean, ties to the lower temperature', () => {
    expect(chooseTemperature(pts)).toBe(1.0);
    expect(chooseTemperature(pts.slice(0, 3))).toBe(0.7);
  });
  it('honours a maximum failure share and skips points with no usable variants', () => {
    expect(chooseTemperature(pts, { maxFailureShare: 0.5 })).toBe(0.7);
    expect(chooseTemperature([{ temperature: 0.6, mean: null, n: 0, failed: 50 }])).toBeUndefined();
  });
  it('parses grids', () => {
    expect(parseTemperatureGrid('0.5:1.0:0.1')).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(parseTemperatureGrid('0.9,0.5')).toEqual([0.5, 0.9]);
    expect(() => parseTemperatureGrid('1:0.5:0.1')).toThrow(/FROM ≤ TO/);
    expect(() => parseTemperatureGrid('0.5,7')).toThrow(/between 0 and 2/);
  });
});

describe('seeded sample', () => {
  it('is reproducible, without replacement, in original order', () => {
    const items = Array.from({ length: 380 }, (_, i) => i);
    const a = seededSample(items, 50, 1);
    expect(a).toEqual(seededSample(items, 50, 1));
    expect(new Set(a).size).toBe(50);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(seededSample(items, 50, 2)).not.toEqual(a);
    expect(seededSample([1, 2], 50, 1)).toEqual([1, 2]);
  });
});
