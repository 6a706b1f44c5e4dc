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
  it('is 1 for perfect agreement, null without items, and below 0 for systematic disagreement', () => {
    expect(cohensKappa([['accept', 'accept'], ['reject', 'reject']])).toBe(1);
    expect(cohensKappa([['accept', 'accept']])).toBe(1);
    expect(cohensKappa([])).toBeNull();
    expect(cohensKappa([['accept', 'reject'], ['reject', 'accept']])).toBeCloseTo(-1, 10);
  });
});
