import { describe, expect, it } from 'vitest';
import { fitTfidf, ngrams, tfidfVector, tokenize } from '../../src-main/similarity/tfidf.js';
import { cosine, dot, normalize } from '../../src-main/similarity/vectors.js';

describe('cosine', () => {
  it('matches values computed by hand', () => {
    // (1,2,2)·(2,0,1) = 4; |a| = 3, |b| = √5 → 4 / (3√5)
    expect(cosine(Float32Array.of(1, 2, 2), Float32Array.of(2, 0, 1))).toBeCloseTo(4 / (3 * Math.sqrt(5)), 6);
    expect(cosine(Float32Array.of(1, 0), Float32Array.of(0, 1))).toBe(0);
    expect(cosine(Float32Array.of(1, 1), Float32Array.of(-1, -1))).toBeCloseTo(-1, 6);
    expect(cosine(Float32Array.of(0, 0), Float32Array.of(1, 1))).toBe(0);
    const a = { indices: Uint32Array.of(0, 3, 7), values: Float32Array.of(1, 2, 2) };
    const b = { indices: Uint32Array.of(0, 5, 7), values: Float32Array.of(2, 9, 1) };
    expect(dot(a, b)).toBe(4);
    expect(cosine(a, b)).toBeCloseTo(4 / (3 * Math.sqrt(86)), 6);
    expect(() => cosine(a, Float32Array.of(1))).toThrow(/sparse vector with a dense one/);
  });
  it('normalises to unit length', () => {
    expect([...normalize(Float32Array.of(3, 4))]).toEqual([0.6000000238418579, 0.800000011920929]);
  });
});

describe('TF-IDF', () => {
  it('tokenises words and makes n-grams', () => {
    expect(tokenize("I'm in Café Noir, 2 nights!")).toEqual(["i'm", 'in', 'café', 'noir', '2', 'nights']);
    expect(ngrams(['a', 'b', 'c'], 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
  });

  it('matches scikit-learn-style weights computed by hand', () => {
    // Two documents, unigrams. df: cat=2, sat=1, dog=1; n=2.
    // idf(cat) = ln(3/3)+1 = 1; idf(sat) = idf(dog) = ln(3/2)+1.
    const m = fitTfidf(['cat sat cat', 'dog cat'], { maxNgram: 1 });
    expect([...m.vocabulary.keys()]).toEqual(['cat', 'dog', 'sat']);
    const idfRare = Math.log(1.5) + 1;
    expect(m.idf[0]).toBeCloseTo(1, 6);
    expect(m.idf[1]).toBeCloseTo(idfRare, 6);
    // doc 1: cat tf = 1 + ln 2, sat tf = 1 → raw (1+ln2, 0, idfRare), then L2-normalised.
    const v = tfidfVector(m, 'cat sat cat');
    const raw = [1 + Math.log(2), idfRare];
    const len = Math.hypot(...raw);
    expect([...v.indices]).toEqual([0, 2]);
    expect(v.values[0]).toBeCloseTo(raw[0]! / len, 6);
    expect(v.values[1]).toBeCloseTo(raw[1]! / len, 6);
    // cosine(doc1, doc2) = (w_cat1 * w_cat2) with doc2 = (1, idfRare, 0)/|.|
    const v2 = tfidfVector(m, 'dog cat');
    expect(cosine(v, v2)).toBeCloseTo((raw[0]! / len) * (1 / Math.hypot(1, idfRare)), 6);
    expect(cosine(v, tfidfVector(m, 'cat sat cat'))).toBeCloseTo(1, 6);
    expect(tfidfVector(m, 'zebra').indices.length).toBe(0);
  });

  it('uses bigrams and limits features by document frequency', () => {
    const m = fitTfidf(['new york city', 'new york', 'york'], { maxNgram: 2, maxFeatures: 2 });
    expect([...m.vocabulary.keys()]).toEqual(['new', 'york']);
    const full = fitTfidf(['new york city', 'new york'], { maxNgram: 2 });
    expect(full.vocabulary.has('new york')).toBe(true);
    expect(full.vocabulary.has('york city')).toBe(true);
  });
});
