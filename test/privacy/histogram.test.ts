import { describe, expect, it } from 'vitest';
import { binEdges, binOf, histogram } from '../../src-main/privacy/histogram.js';

describe('closest-record histogram', () => {
  it('bins by hand: [i/bins, (i+1)/bins), 1 in the last bin, negatives in the first', () => {
    expect(histogram([0, 0.04, 0.05, 0.5, 0.99, 1, -0.3, 1.0000001], 20)).toEqual([
      3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3,
    ]);
    expect(histogram([0.1, 0.3, 0.3, 0.75], 4)).toEqual([1, 2, 0, 1]);
    expect(binOf(0.25, 4)).toBe(1);
    expect(binOf(Number.NaN, 4)).toBe(0);
    expect(histogram([], 3)).toEqual([0, 0, 0]);
    expect(binEdges(4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(() => histogram([0.5], 0)).toThrow(RangeError);
  });
});
