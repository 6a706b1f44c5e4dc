import { describe, expect, it } from 'vitest';
import { AdamW, Moments, RowMoments } from '../../src-main/classify/adamw.js';
import { headLogits, initHead, type HeadParams } from '../../src-main/classify/head.js';
import { bceWithLogits, bceWithLogitsGradient, sigmoid } from '../../src-main/classify/loss.js';
import { sparseMatrix, labelMatrix, type FeatureMatrix, type LabelMatrix } from '../../src-main/classify/matrices.js';
import { createRandom } from '../../src-main/classify/random.js';
import { Backprop } from '../../src-main/classify/backprop.js';

describe('binary cross-entropy with logits', () => {
  it('matches the definition and stays finite for extreme logits', () => {
    expect(bceWithLogits(0, 1)).toBeCloseTo(Math.LN2, 15);
    expect(bceWithLogits(2, 0)).toBeCloseTo(-Math.log(1 - sigmoid(2)), 12);
    expect(bceWithLogits(2, 1, 3)).toBeCloseTo(-3 * Math.log(sigmoid(2)), 12);
    expect(bceWithLogits(1000, 0)).toBe(1000);
    expect(bceWithLogits(-1000, 1)).toBe(1000);
    expect(bceWithLogits(1000, 1)).toBe(0);
    expect(bceWithLogitsGradient(-1000, 1, 2)).toBe(-2);
    expect(sigmoid(-1000)).toBe(0);
  });

  it('has the gradient of its loss', () => {
    for (const [z, y, w] of [
      [0.3, 1, 1],
      [-1.2, 0, 1],
      [2.5, 1, 4],
      [-0.7, 1, 0.5],
    ] as const) {
      const numeric = (bceWithLogits(z + 1e-6, y, w) - bceWithLogits(z - 1e-6, y, w)) / 2e-6;
      expect(bceWithLogitsGradient(z, y, w)).toBeCloseTo(numeric, 7);
    }
  });
});

describe('AdamW', () => {
  it('takes the steps computed by hand (PyTorch semantics)', () => {
    const opt = new AdamW({ lr: 0.1, weightDecay: 0.01 });
    const p = Float32Array.of(1);
    const state = new Moments(1);
    // Step 1, g = 0.5: decay 1 → 0.999; m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25;
    // p = 0.999 − 0.1 · 0.5 / (√0.25 + 1e-8) = 0.899.
    opt.beginStep();
    opt.update(p, [0.5], state);
    expect(p[0]).toBeCloseTo(0.899, 6);
    // Step 2, g = −0.25: decay → 0.898101; m = 0.02, v = 0.00031225;
    // m̂ = 0.02 / 0.19 = 0.1052632, v̂ = 0.00031225 / 0.001999 = 0.1562031;
    // p = 0.898101 − 0.1 · 0.1052632 / 0.3952253 = 0.8714673.
    opt.beginStep();
    opt.update(p, [-0.25], state);
    expect(p[0]).toBeCloseTo(0.8714673, 6);
    expect(opt.steps).toBe(2);
  });

  it('does not decay biases', () => {
    const opt = new AdamW({ lr: 0.1, weightDecay: 0.5 });
    const bias = Float32Array.of(1);
    opt.beginStep();
    opt.update(bias, [0], new Moments(1), false);
    expect(bias[0]).toBe(1);
  });

  it('updates only the rows of a sparse batch, with the same arithmetic', () => {
    const opt = new AdamW({ lr: 0.1, weightDecay: 0.01 });
    const w = Float32Array.of(1, 1, 1, 1, 1, 1); // 3 rows × 2
    const reference = Float32Array.of(1, 1);
    opt.beginStep();
    opt.updateRows(w, Uint32Array.of(2), 1, Float64Array.of(0.5, 0.5), new RowMoments(3, 2));
    opt.update(reference, [0.5, 0.5], new Moments(2));
    expect([...w]).toEqual([1, 1, 1, 1, reference[0], reference[1]]);
  });
});

/** Mean loss of a head over a batch, as the training loop defines it. */
function batchLoss(head: HeadParams, x: FeatureMatrix, y: LabelMatrix): number {
  const logits = headLogits(head, x);
  let loss = 0;
  for (let i = 0; i < logits.length; i++) loss += bceWithLogits(logits[i]!, y.values[i]!);
  return loss / logits.length;
}

describe('backpropagation', () => {
  const x = sparseMatrix(
    [
      { indices: Uint32Array.of(0, 3), values: Float32Array.of(0.6, 0.8) },
      { indices: Uint32Array.of(1, 2, 3), values: Float32Array.of(0.5, -0.5, 0.7) },
      { indices: Uint32Array.of(4), values: Float32Array.of(1) },
    ],
    6,
  );
  const y = labelMatrix([['a'], ['a', 'b'], []], ['a', 'b']);
  const dense: FeatureMatrix = { kind: 'dense', rows: 3, dim: 6, values: new Float32Array(18) };
  for (let r = 0; r < 3; r++)
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) dense.values[r * 6 + x.indices[p]!] = x.values[p]!;

  it.each([
    ['linear', 'sparse'],
    ['mlp', 'sparse'],
    ['mlp', 'dense'],
  ] as const)('gives the gradient of the mean loss (%s head, %s input)', (kind, input) => {
    const features = input === 'sparse' ? x : dense;
    const head = initHead({ kind, inputs: 6, hidden: 5, outputs: 2 }, Float64Array.of(0.1, -0.2), createRandom(3));
    // Random weights everywhere, so that every path carries gradient.
    const random = createRandom(9);
    for (const l of head.layers) for (const t of [l.weight, l.bias]) t.forEach((_, i) => (t[i] = random() - 0.5));
    const backprop = new Backprop(head, features, new AdamW({ lr: 0, weightDecay: 0 }), null);
    backprop.zeroGradients();
    const loss = backprop.accumulate(features, y, Uint32Array.of(0, 1, 2), 0, 3);
    expect(loss / 6).toBeCloseTo(batchLoss(head, features, y), 10);
    const gradients = backprop.gradients();
    const tensors = head.layers.flatMap((l) => [l.weight, l.bias]);
    tensors.forEach((t, ti) => {
      for (let i = 0; i < t.length; i++) {
        const saved = t[i]!;
        t[i] = saved + 1e-3;
        const up = batchLoss(head, features, y);
        t[i] = saved - 1e-3;
        const down = batchLoss(head, features, y);
        t[i] = saved;
        const h = Math.fround(saved + 1e-3) - Math.fround(saved - 1e-3);
        expect(gradients[ti]![i]).toBeCloseTo((up - down) / h, 5);
      }
    });
  });
});
