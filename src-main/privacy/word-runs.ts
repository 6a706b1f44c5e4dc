/**
 * The longest run of consecutive words two texts share, for the verbatim-overlap measure.
 * Words are the TF-IDF tokens (lower-cased letters and digits), so case and punctuation do not
 * break a run. Dynamic programming over word positions: O(n·m) time and O(m) memory, which is
 * small for posts. Pure.
 */
import { tokenize } from '../similarity/tfidf.js';

export interface CommonRun {
  /** Words in the run (0 when the texts share no word). */
  length: number;
  /** Where the run starts in each word list (-1 when empty). */
  sourceStart: number;
  variantStart: number;
  words: string[];
}

export function longestCommonRun(source: readonly string[], variant: readonly string[]): CommonRun {
  // current[j + 1]: length of the common run ending at source[i] and variant[j]; previous: the same for i - 1.
  let previous = new Int32Array(variant.length + 1);
  let current = new Int32Array(variant.length + 1);
  let length = 0;
  let sourceEnd = -1;
  let variantEnd = -1;
  for (let i = 0; i < source.length; i++) {
    for (let j = 0; j < variant.length; j++) {
      const run = source[i] === variant[j] ? previous[j]! + 1 : 0;
      current[j + 1] = run;
      if (run > length) {
        length = run;
        sourceEnd = i;
        variantEnd = j;
      }
    }
    [previous, current] = [current, previous];
  }
  if (length === 0) return { length: 0, sourceStart: -1, variantStart: -1, words: [] };
  const sourceStart = sourceEnd - length + 1;
  return {
    length,
    sourceStart,
    variantStart: variantEnd - length + 1,
    words: source.slice(sourceStart, sourceEnd + 1),
  };
}

export function longestCommonWordRun(source: string, variant: string): CommonRun {
  return longestCommonRun(tokenize(source), tokenize(variant));
}
