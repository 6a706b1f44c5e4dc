import { describe, expect, it } from 'vitest';
import { cohensKappa } from '../../src-main/review/kappa.js';

describe("Cohen's kappa", () => {
  it('matches a hand-computed case', () => {
    // 10 items: A accepts 6, B accepts 5; they agree on 4 accepts and 3 rejects → p_o = 0.7.
    // p_e = 0.6·0.5 + 0.4·0.5 = 0.5 → κ = 0.4.
    const pairs: [string, string][] = [
      ...Array(4).fill(['accept', 'accept']),
      ...Array(2).fill(['accept', 'reject']),
      ['reject', 'accept'],
      ...Array(3).fill(['reject', 'reject']),
    ];
    expect(cohensKappa(pairs)).toBeCloseTo(0.4, 10);
  });
  it('is 1 for perfect agreement with variation, null without items or variation, and below 0 for systematic disagreement', () => {
    expect(
      cohensKappa([
        ['accept', 'accept'],
        ['reject', 'reject'],
      ]),
    ).toBe(1);
    // Neither annotator ever varies: p_o = p_e = 1, κ = 0/0 is undefined, not 1.
    expect(cohensKappa([['accept', 'accept']])).toBeNull();
    expect(cohensKappa(Array(5).fill(['reject', 'reject']) as [string, string][])).toBeNull();
    // One annotator varies: p_o = 0.75, p_e = 1·0.75 = 0.75 → κ = 0, defined.
    expect(cohensKappa([...Array(3).fill(['accept', 'accept']), ['accept', 'reject']] as [string, string][])).toBe(0);
    expect(cohensKappa([])).toBeNull();
    expect(
      cohensKappa([
        ['accept', 'reject'],
        ['reject', 'accept'],
      ]),
    ).toBeCloseTo(-1, 10);
  });
});
