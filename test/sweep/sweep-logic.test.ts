import { describe, expect, it } from 'vitest';
import { seededSample } from '../../src-main/sweep/sample.js';
import { parseTemperatureGrid, selectTemperature } from '../../src-main/sweep/selection.js';
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
  const rule = { minAcceptedShare: 0.8 };
  // Hand-made points: mean similarity of accepted variants, its 95% CI, accepted variants, accepted share.
  const pts = [
    { temperature: 0.5, mean: 0.42, ci95: [0.38, 0.46] as [number, number], n: 50, acceptedShare: 0.96 },
    { temperature: 0.7, mean: 0.31, ci95: [0.27, 0.35] as [number, number], n: 50, acceptedShare: 0.9 },
    { temperature: 0.9, mean: 0.31, ci95: [0.28, 0.34] as [number, number], n: 45, acceptedShare: 0.85 },
    // The lowest mean, but only 40% of its replies passed the gate: never chosen at 0.8.
    { temperature: 1.0, mean: 0.05, ci95: [0.0, 0.1] as [number, number], n: 20, acceptedShare: 0.4 },
  ];
  it('picks the lowest mean among temperatures with enough accepted replies, ties to the lower temperature', () => {
    const c = selectTemperature(pts, rule);
    expect(c).toMatchObject({ chosen: 0.7, runnerUp: 0.9, significant: false });
    expect(c.reason).toMatch(/not significant \(their 95% CIs overlap\)/);
    // With the minimum lowered to 0.4 the garbage-prone 1.0 qualifies (the rule is the parameter).
    expect(selectTemperature(pts, { minAcceptedShare: 0.4 })).toMatchObject({ chosen: 1.0, runnerUp: 0.7, significant: true });
  });
  it('says significant only when the CIs are apart', () => {
    // 0.5's CI [0.38, 0.46] vs 0.7's [0.27, 0.35]: apart.
    expect(selectTemperature([pts[0]!, pts[1]!], rule)).toMatchObject({ chosen: 0.7, runnerUp: 0.5, significant: true });
    // A runner-up without a CI: significance unknown, said so.
    const c = selectTemperature([pts[1]!, { ...pts[0]!, ci95: null }], rule);
    expect(c).toMatchObject({ chosen: 0.7, runnerUp: 0.5, significant: null });
    expect(selectTemperature([pts[1]!], rule)).toMatchObject({ chosen: 0.7, runnerUp: null, significant: null });
  });
  it('never chooses a NaN, empty or rejected point, and says when none qualifies', () => {
    const bad = [
      { temperature: 0.6, mean: null, n: 0, acceptedShare: 0 },
      { temperature: 0.7, mean: Number.NaN, n: 3, acceptedShare: 0.9 },
      { temperature: 0.8, mean: 0.0, n: 2, acceptedShare: 0.1 },
      { temperature: 0.9, mean: null, n: 0, acceptedShare: null },
    ];
    const c = selectTemperature(bad, rule);
    expect(c).toMatchObject({ chosen: null, runnerUp: null, significant: null });
    expect(c.reason).toMatch(/^no temperature qualifies: none had at least 80% of its replies accepted .*\(highest: 90% at 0\.7\)$/);
    expect(selectTemperature([], rule).chosen).toBeNull();
    // Exactly the minimum qualifies.
    expect(selectTemperature([{ temperature: 0.5, mean: 0.3, n: 8, acceptedShare: 0.8 }], rule).chosen).toBe(0.5);
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
