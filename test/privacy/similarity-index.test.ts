import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimilarityIndex, expectedRank, topKProbability } from '../../src-main/privacy/similarity-index.js';
import { fitTfidf, tfidfVector } from '../../src-main/similarity/tfidf.js';
import { dot, normalize, type SparseVector } from '../../src-main/similarity/vectors.js';
import { ROOT } from '../helpers/tmp.js';

const sparse = (entries: Record<number, number>): SparseVector => {
  const indices = Object.keys(entries)
    .map(Number)
    .sort((a, b) => a - b);
  return normalize({ indices: Uint32Array.from(indices), values: Float32Array.from(indices.map((i) => entries[i]!)) });
};
const dense = (...values: number[]) => normalize(Float32Array.from(values));

describe('similarity index', () => {
  it('ranks sparse originals through the inverted index, counting only strictly better ones above', () => {
    const index = buildSimilarityIndex([sparse({ 0: 1 }), sparse({ 0: 1, 1: 1 }), sparse({ 1: 1 }), sparse({ 5: 1 })]);
    const query = sparse({ 0: 1 });
    // cosines: 1, 0.707, 0, 0
    expect(index.rankSource(query, 0)).toEqual({
      sourceSimilarity: 1,
      above: 0,
      tied: 0,
      closestIndex: 0,
      closestSimilarity: 1,
    });
    expect(index.rankSource(query, 1)).toMatchObject({ above: 1, tied: 0, closestIndex: 0 });
    expect(index.rankSource(query, 1).sourceSimilarity).toBeCloseTo(Math.SQRT1_2, 6);
    // Originals 2 and 3 share nothing with the query: both score 0 and tie with each other.
    expect(index.rankSource(query, 3)).toMatchObject({ sourceSimilarity: 0, above: 2, tied: 1, closestIndex: 0 });
    expect(index.rankSource(query, 2)).toMatchObject({ above: 2, tied: 1 });
  });

  it('ties a query that shares nothing with every original, and names no closest original', () => {
    const index = buildSimilarityIndex([sparse({ 0: 1 }), sparse({ 1: 1 }), sparse({ 2: 1 })]);
    for (const query of [sparse({ 9: 1 }), { indices: new Uint32Array(), values: new Float32Array() }]) {
      expect(index.rankSource(query, 1)).toEqual({
        sourceSimilarity: 0,
        above: 0,
        tied: 2,
        closestIndex: -1,
        closestSimilarity: 0,
      });
    }
  });

  it('ranks dense originals by dot product, negative cosines included', () => {
    const index = buildSimilarityIndex([dense(1, 0), dense(0, 1), dense(-1, 0), dense(1, 1)]);
    const r = index.rankSource(dense(1, 0.2), 2);
    expect(r).toMatchObject({ above: 3, tied: 0, closestIndex: 0 });
    expect(r.sourceSimilarity).toBeLessThan(0);
    expect(index.rankSource(dense(0, 1), 1)).toMatchObject({ above: 0, tied: 0, closestIndex: 1 });
    expect(() => buildSimilarityIndex([dense(1, 0), sparse({ 0: 1 })])).toThrow(/mix of sparse and dense/);
    expect(() => index.rankSource(dense(1, 0), 4)).toThrow(RangeError);
  });

  it('gives the same scores as plain dot products on the sample dataset', () => {
    const texts = fs
      .readFileSync(path.join(ROOT, 'resources', 'sample', 'posts.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const model = fitTfidf(texts);
    const vectors = texts.map((t) => tfidfVector(model, t));
    const index = buildSimilarityIndex(vectors);
    for (const q of [0, 57, 379]) {
      const query = tfidfVector(model, texts[q]!.split(' ').reverse().join(' '));
      const scores = index.scores(query);
      vectors.forEach((v, d) => expect(scores[d]).toBeCloseTo(dot(query, v), 6));
      const r = index.rankSource(query, q);
      const others = [...scores].filter((_, d) => d !== q);
      expect(r.above).toBe(others.filter((s) => s > scores[q]!).length);
      expect(r.tied).toBe(others.filter((s) => s === scores[q]!).length);
      expect(r.closestSimilarity).toBe(Math.max(...scores));
    }
  });

  it('breaks ties at random in expectation', () => {
    expect(expectedRank({ above: 0, tied: 0 })).toBe(1);
    expect(expectedRank({ above: 2, tied: 0 })).toBe(3);
    // Tied with 379 others out of 380: rank 1..380 equally likely.
    expect(expectedRank({ above: 0, tied: 379 })).toBe(190.5);
    expect(topKProbability({ above: 0, tied: 379 }, 1)).toBe(1 / 380);
    expect(topKProbability({ above: 0, tied: 379 }, 5)).toBe(5 / 380);
    expect(topKProbability({ above: 3, tied: 3 }, 5)).toBe(0.5);
    expect(topKProbability({ above: 5, tied: 0 }, 5)).toBe(0);
    expect(topKProbability({ above: 0, tied: 0 }, 1)).toBe(1);
  });
});
