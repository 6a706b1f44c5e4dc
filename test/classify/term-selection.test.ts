import { describe, expect, it } from 'vitest';
import { openEncoderSource, restoreEncoder } from '../../src-main/classify/features.js';
import { labelMatrix, sparseMatrix } from '../../src-main/classify/matrices.js';
import { chiSquare2x2, chiSquareCritical, selectTerms } from '../../src-main/classify/term-selection.js';
import { fitTfidf, restrictTfidf, tfidfTerms, tfidfVector } from '../../src-main/similarity/tfidf.js';

describe('χ² statistic and critical values', () => {
  it('matches a 2×2 table worked by hand', () => {
    // n = 100, ad − bc = 10·65 − 5·20 = 550; margins 15, 85, 30, 70.
    expect(chiSquare2x2(10, 5, 20, 65)).toBeCloseTo((100 * 550 ** 2) / (15 * 85 * 30 * 70), 10);
    expect(chiSquare2x2(10, 5, 20, 65)).toBeCloseTo(11.2979, 4);
    // Perfect dependence: χ² = n.
    expect(chiSquare2x2(20, 0, 0, 20)).toBeCloseTo(40, 10);
    // Independence, and an empty margin (a term in every post), carry no evidence.
    expect(chiSquare2x2(5, 5, 15, 15)).toBe(0);
    expect(chiSquare2x2(12, 28, 0, 0)).toBe(0);
  });

  it('gives the textbook critical values of χ² with one degree of freedom', () => {
    expect(chiSquareCritical(0.05)).toBeCloseTo(3.8415, 4);
    expect(chiSquareCritical(0.01)).toBeCloseTo(6.6349, 4);
    expect(chiSquareCritical(0.001)).toBeCloseTo(10.8276, 4);
    expect(() => chiSquareCritical(0)).toThrow(/between 0 and 1/);
    expect(() => chiSquareCritical(1)).toThrow(/between 0 and 1/);
  });
});

describe('selectTerms', () => {
  // 40 posts: category A on the first 20, category B on posts 0–2.
  const labels = Array.from({ length: 40 }, (_, r) => [...(r < 20 ? ['A'] : []), ...(r < 3 ? ['B'] : [])]);
  const y = labelMatrix(labels, ['A', 'B']);
  const rows = Array.from({ length: 40 }, (_, r) => {
    const present: number[] = [];
    if (r < 20) present.push(0); // term 0: exactly the A posts (χ² = 40)
    present.push(1); // term 1: every post (no evidence)
    if (r % 2 === 0) present.push(2); // term 2: half of A and half of not-A (χ² = 0)
    if (r < 3) present.push(3); // term 3: exactly the B posts (χ² = 40)
    if (r >= 20) present.push(4); // term 4: exactly the posts without A (dependent too)
    if (r === 5) present.push(5); // term 5: one A post (χ² ≈ 1.05, p ≈ 0.3)
    return { indices: Uint32Array.from(present), values: Float32Array.from(present, () => 0.5) };
  });
  const x = sparseMatrix(rows, 7); // term 6 never occurs

  it('keeps the terms whose presence depends on some category, in increasing order', () => {
    expect([...selectTerms(x, y, 0.001)]).toEqual([0, 3, 4]);
  });

  it('keeps weaker evidence at a looser level', () => {
    // Term 5: a = 1, b = 0, c = 19, d = 20; χ² = 40·20² / (1·39·20·20) = 1.026 < 3.84, still out.
    expect([...selectTerms(x, y, 0.05)]).toEqual([0, 3, 4]);
    expect([...selectTerms(x, y, 0.5)]).toEqual([0, 3, 4, 5]);
  });

  it('counts a stored zero as absent and refuses mismatched rows', () => {
    const zeros = sparseMatrix(
      rows.map((row) => ({ indices: row.indices, values: row.values.map(() => 0) })),
      7,
    );
    expect([...selectTerms(zeros, y, 0.001)]).toEqual([]);
    expect(() => selectTerms(x, labelMatrix(labels.slice(1), ['A', 'B']), 0.001)).toThrow(/40 feature rows but 39/);
  });
});

describe('restrictTfidf', () => {
  it('keeps the chosen terms in order, with their idf, and normalises over them alone', () => {
    const model = fitTfidf(['apple banana cherry', 'apple banana', 'apple date'], { maxNgram: 1 });
    expect(tfidfTerms(model)).toEqual(['apple', 'banana', 'cherry', 'date']);
    const restricted = restrictTfidf(model, Uint32Array.of(1, 3));
    expect(tfidfTerms(restricted)).toEqual(['banana', 'date']);
    expect([...restricted.idf]).toEqual([model.idf[1], model.idf[3]]);
    const v = tfidfVector(restricted, 'apple banana banana date');
    expect([...v.indices]).toEqual([0, 1]);
    const raw = [(1 + Math.log(2)) * model.idf[1]!, model.idf[3]!];
    const norm = Math.hypot(...raw);
    expect(v.values[0]).toBeCloseTo(raw[0]! / norm, 6);
    expect(v.values[1]).toBeCloseTo(raw[1]! / norm, 6);
    expect(() => restrictTfidf(model, Uint32Array.of(3, 1))).toThrow(/out of order/);
    expect(() => restrictTfidf(model, Uint32Array.of(9))).toThrow(/out of order or range/);
  });
});

describe('TF-IDF encoder with term selection', () => {
  // "nurse" marks occupation; every other word is filler shared by both classes.
  const texts = Array.from({ length: 60 }, (_, i) =>
    [`filler${i % 7}`, `noise${i % 5}`, i % 2 === 0 ? 'nurse shift' : 'weekend plans'].join(' '),
  );
  const labels = labelMatrix(
    texts.map((_, i) => (i % 2 === 0 ? ['occupation'] : [])),
    ['occupation'],
  );

  it('keeps only label-related terms, says so, and restores to the same features', async () => {
    const source = await openEncoderSource('tfidf');
    const all = await source.fit({ texts, labels, termSelection: 'none' });
    const selected = await source.fit({ texts, labels, termSelection: 0.001 });
    const state = selected.state();
    if (state.kind !== 'tfidf') throw new Error('expected a TF-IDF state');
    expect(state.terms).toEqual(['nurse', 'nurse shift', 'plans', 'shift', 'weekend', 'weekend plans']);
    expect(selected.dim).toBe(6);
    expect(all.dim).toBeGreaterThan(selected.dim);
    expect(selected.description).toContain(`6 of ${all.dim} terms (χ² p < 0.001)`);
    expect(selected.id).not.toBe(all.id);

    const restored = await restoreEncoder(state);
    expect(restored.encoder.id).toBe(selected.id);
    expect(restored.encoder.description).toBe(selected.description);
    const probe = ['the nurse shift ran late', 'filler1 noise2'];
    expect(await restored.encoder.encode(probe)).toEqual(await selected.encode(probe));
  });

  it('encodes its training texts from the terms split at fit time exactly as from the texts', async () => {
    const source = await openEncoderSource('tfidf');
    for (const termSelection of ['none', 0.001] as const) {
      const encoder = await source.fit({ texts, labels, termSelection });
      // The first call reuses the fit's terms (and lets them go); the second splits the texts again.
      const fromFit = await encoder.encode([...texts]);
      const fromTexts = await encoder.encode([...texts]);
      expect(fromFit).toEqual(fromTexts);
      expect(fromFit.rows).toBe(texts.length);
      const state = encoder.state();
      if (state.kind !== 'tfidf') throw new Error('expected a TF-IDF state');
      // Row 0 is "filler0 noise0 nurse shift": its weights are the model's, row by row.
      const model = {
        vocabulary: new Map(state.terms.map((t, i) => [t, i])),
        idf: state.idf,
        options: state.options,
        documents: state.documents,
      };
      const expected = tfidfVector(model, texts[0]!);
      if (fromFit.kind !== 'sparse') throw new Error('expected sparse features');
      expect([...fromFit.indices.subarray(0, fromFit.indptr[1])]).toEqual([...expected.indices]);
      expect([...fromFit.values.subarray(0, fromFit.indptr[1])]).toEqual([...expected.values]);
    }
    // Other texts are split as they come.
    const other = await (await source.fit({ texts, labels, termSelection: 'none' })).encode(['nurse shift']);
    expect(other.rows).toBe(1);
  });

  it('keeps every term when none is related to a label', async () => {
    const unrelated = labelMatrix(
      texts.map((_, i) => (i % 3 === 0 ? ['occupation'] : [])),
      ['occupation'],
    );
    const source = await openEncoderSource('tfidf');
    const selected = await source.fit({
      texts: texts.map((t) => t.replace(/nurse shift|weekend plans/, 'same words')),
      labels: unrelated,
      termSelection: 0.001,
    });
    expect(selected.description).not.toContain('χ²');
    expect(selected.state()).not.toHaveProperty('selection');
  });
});
