import { describe, expect, it } from 'vitest';
import { binomialUpperTail, linkagePValue } from '../../src-main/privacy/binomial.js';

describe('one-sided binomial test', () => {
  it('matches exact tail probabilities (references from scipy.stats.binom.sf)', () => {
    // By hand: 1 − (0.9^10 + 10·0.1·0.9^9 + 45·0.01·0.9^8) = 0.0701908264
    expect(binomialUpperTail(3, 10, 0.1)).toBeCloseTo(0.0701908264, 9);
    expect(binomialUpperTail(1, 5, 0.5)).toBeCloseTo(31 / 32, 12);
    expect(binomialUpperTail(60, 100, 0.5)).toBeCloseTo(0.028443966820490444, 10);
    // A small tail at large n: relative accuracy, not absolute.
    expect(binomialUpperTail(150, 10_000, 0.01) / 1.6570601962380474e-6).toBeCloseTo(1, 6);
    // 8 of 1,140 variants linked first against 380 originals.
    expect(binomialUpperTail(8, 1140, 1 / 380)).toBeCloseTo(0.011790911272714583, 9);
  });
  it('handles the edges and refuses nonsense', () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(10, 10, 0.5)).toBeCloseTo(1 / 1024, 12);
    expect(binomialUpperTail(2, 10, 0)).toBe(0);
    expect(() => binomialUpperTail(11, 10, 0.5)).toThrow(/k must be an integer in 0..10/);
    expect(() => binomialUpperTail(1, 10, 1.5)).toThrow(/p must be in \[0, 1\]/);
  });
  it('reads a linkage rate as a count of variants', () => {
    // 3% of 400 variants = 12 linked, chance 1/100 (expected 4).
    expect(linkagePValue(0.03, 400, 0.01)).toBeCloseTo(binomialUpperTail(12, 400, 0.01), 12);
    expect(linkagePValue(0.03, 400, 0.01)).toBeLessThan(0.001);
    // At chance, nothing to see.
    expect(linkagePValue(0.01, 400, 0.01)).toBeGreaterThan(0.3);
  });
});
