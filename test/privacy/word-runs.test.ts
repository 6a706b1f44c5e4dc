import { describe, expect, it } from 'vitest';
import { longestCommonRun, longestCommonWordRun } from '../../src-main/privacy/word-runs.js';

describe('longest common run of words', () => {
  it('finds the run by hand', () => {
    expect(longestCommonRun(['a', 'b', 'c', 'd', 'e'], ['x', 'b', 'c', 'd', 'y', 'a'])).toEqual({
      length: 3,
      sourceStart: 1,
      variantStart: 1,
      words: ['b', 'c', 'd'],
    });
    expect(longestCommonRun(['a', 'b'], ['c', 'd'])).toEqual({
      length: 0,
      sourceStart: -1,
      variantStart: -1,
      words: [],
    });
    expect(longestCommonRun([], ['a'])).toMatchObject({ length: 0 });
    // The first longest run wins a tie.
    expect(longestCommonRun(['a', 'b', 'x', 'c', 'd'], ['c', 'd', 'y', 'a', 'b'])).toMatchObject({
      length: 2,
      words: ['a', 'b'],
    });
    expect(longestCommonRun(['a', 'a', 'a'], ['a', 'a'])).toMatchObject({ length: 2 });
  });

  it('compares words case-insensitively, ignoring punctuation', () => {
    const run = longestCommonWordRun(
      'My grandad Eddie is 94 and still does the crossword in pen every morning.',
      'Her GRANDAD, eddie, is 94 — and still does crosswords in pen every morning!',
    );
    expect(run).toMatchObject({ length: 7, words: ['grandad', 'eddie', 'is', '94', 'and', 'still', 'does'] });
    expect(longestCommonWordRun('The same text, word for word.', 'the same text word for word').length).toBe(6);
  });
});
