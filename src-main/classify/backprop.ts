/**
 * Backpropagation through a head, by hand: forward pass, binary cross-entropy with logits,
 * gradients summed over a batch, and the AdamW step on every tensor. Over sparse input the
 * first layer's gradient is kept only for the features present in the batch (one gradient row
 * per feature, in "slots"), so a step costs the batch's non-zeros, not the vocabulary.
 */
import { AdamW, Moments, RowMoments } from './adamw.js';
import { axpy } from './axpy.js';
import { denseLayerForward, firstLayerForward, type HeadParams, type Layer } from './head.js';
import { bceWithLogits, bceWithLogitsGradient } from './loss.js';
import type { FeatureMatrix, LabelMatrix, SparseMatrix } from './matrices.js';

/** Gradients of one batch and the AdamW state of every tensor of a head (the head's arrays are updated in place). */
export class Backprop {
  private readonly first: Layer;
  private readonly second: Layer | undefined;
  private readonly outputs: number;
  private readonly sparse: boolean;
  // Activations and gradients of one example, and gradients summed over the batch.
  private readonly hidden: Float64Array;
  private readonly logits: Float64Array;
  private readonly dLogits: Float64Array;
  private readonly dHidden: Float64Array;
  private readonly firstBiasGrad: Float64Array;
  private readonly secondWeightGrad: Float64Array;
  private readonly secondBiasGrad: Float64Array;
  /** Dense input: the first layer's whole weight gradient. */
  private readonly firstWeightGrad: Float64Array;
  /** Sparse input: gradient rows of only the features seen in the batch, in slot order. */
  private sparseGrad = new Float64Array(0);
  private touched = new Uint32Array(0);
  private touchedCount = 0;
  private readonly slotOf: Int32Array;
  private readonly moments: { firstWeight: Moments; firstBias: Moments; secondWeight?: Moments; secondBias?: Moments };

  constructor(
    head: HeadParams,
    x: FeatureMatrix,
    private readonly optimizer: AdamW,
    private readonly positiveWeight: Float64Array | null,
  ) {
    [this.first, this.second] = head.layers as [Layer, Layer | undefined];
    const width = this.first.outputs;
    this.outputs = (this.second ?? this.first).outputs;
    this.sparse = x.kind === 'sparse';
    this.hidden = new Float64Array(width);
    this.logits = new Float64Array(this.outputs);
    this.dLogits = new Float64Array(this.outputs);
    this.dHidden = new Float64Array(width);
    this.firstBiasGrad = new Float64Array(width);
    this.secondWeightGrad = new Float64Array(this.second?.weight.length ?? 0);
    this.secondBiasGrad = new Float64Array(this.second?.outputs ?? 0);
    this.firstWeightGrad = new Float64Array(this.sparse ? 0 : this.first.weight.length);
    this.slotOf = new Int32Array(this.sparse ? this.first.inputs : 0).fill(-1);
    this.moments = {
      firstWeight: this.sparse ? new RowMoments(this.first.inputs, width) : new Moments(this.first.weight.length),
      firstBias: new Moments(width),
      ...(this.second
        ? { secondWeight: new Moments(this.second.weight.length), secondBias: new Moments(this.second.outputs) }
        : {}),
    };
  }

  /** Forward, backward and one AdamW step over rows order[start..end); returns the summed loss. */
  step(x: FeatureMatrix, y: LabelMatrix, order: Uint32Array, start: number, end: number): number {
    this.zeroGradients();
    const loss = this.accumulate(x, y, order, start, end);
    this.applyStep();
    return loss;
  }

  /** Forward and backward over rows order[start..end) as one batch, adding to the gradients; returns the summed loss. */
  accumulate(x: FeatureMatrix, y: LabelMatrix, order: Uint32Array, start: number, end: number): number {
    // Mean over (batch × category), as BCEWithLogitsLoss(reduction='mean').
    const scale = 1 / ((end - start) * this.outputs);
    let loss = 0;
    for (let i = start; i < end; i++) {
      const row = order[i]!;
      const { first, second } = this;
      firstLayerForward(x, row, first, second ? this.hidden : this.logits);
      if (second) denseLayerForward(this.hidden, second, this.logits);
      for (let j = 0; j < this.outputs; j++) {
        const z = this.logits[j]!;
        const target = y.values[row * y.cols + j]!;
        const w = this.positiveWeight?.[j] ?? 1;
        loss += bceWithLogits(z, target, w);
        this.dLogits[j] = bceWithLogitsGradient(z, target, w) * scale;
      }
      const dFirst = second ? this.backpropSecond(second) : this.dLogits;
      axpy(first.outputs, 1, dFirst, 0, this.firstBiasGrad, 0);
      if (x.kind === 'sparse') this.accumulateSparse(x, row, dFirst);
      else this.accumulateDense(x, row, dFirst);
    }
    return loss;
  }

  /** The batch's gradients as dense tensors in the order of the head's layers (weight, bias, …), for inspection. */
  gradients(): Float64Array[] {
    let firstWeight = this.firstWeightGrad;
    if (this.sparse) {
      const width = this.first.outputs;
      firstWeight = new Float64Array(this.first.weight.length);
      for (let k = 0; k < this.touchedCount; k++) {
        firstWeight.set(this.sparseGrad.subarray(k * width, (k + 1) * width), this.touched[k]! * width);
      }
    }
    const out = [firstWeight.slice(), this.firstBiasGrad.slice()];
    if (this.second) out.push(this.secondWeightGrad.slice(), this.secondBiasGrad.slice());
    return out;
  }

  /** Gradients of the output layer; returns d loss / d (hidden pre-activation). */
  private backpropSecond(second: Layer): Float64Array {
    const { hidden, dLogits, dHidden } = this;
    const outputs = second.outputs;
    axpy(outputs, 1, dLogits, 0, this.secondBiasGrad, 0);
    for (let k = 0; k < second.inputs; k++) {
      const a = hidden[k]!;
      if (a <= 0) {
        dHidden[k] = 0; // ReLU passes no gradient where it was off
        continue;
      }
      const base = k * outputs;
      axpy(outputs, a, dLogits, 0, this.secondWeightGrad, base);
      let back = 0;
      for (let j = 0; j < outputs; j++) back += second.weight[base + j]! * dLogits[j]!;
      dHidden[k] = back;
    }
    return dHidden;
  }

  private accumulateDense(x: FeatureMatrix, row: number, d: Float64Array): void {
    const width = this.first.outputs;
    const start = row * x.dim;
    for (let k = 0; k < x.dim; k++) {
      const v = x.values[start + k]!;
      if (v === 0) continue;
      axpy(width, v, d, 0, this.firstWeightGrad, k * width);
    }
  }

  private accumulateSparse(x: SparseMatrix, row: number, d: Float64Array): void {
    const width = this.first.outputs;
    for (let p = x.indptr[row]!; p < x.indptr[row + 1]!; p++) {
      const feature = x.indices[p]!;
      let slot = this.slotOf[feature]!;
      if (slot === -1) slot = this.newSlot(feature);
      axpy(width, x.values[p]!, d, 0, this.sparseGrad, slot * width);
    }
  }

  private newSlot(feature: number): number {
    const width = this.first.outputs;
    if (this.touchedCount === this.touched.length) {
      const capacity = Math.max(64, this.touched.length * 2);
      const touched = new Uint32Array(capacity);
      touched.set(this.touched);
      this.touched = touched;
      const grad = new Float64Array(capacity * width);
      grad.set(this.sparseGrad);
      this.sparseGrad = grad;
    }
    const slot = this.touchedCount++;
    this.touched[slot] = feature;
    this.slotOf[feature] = slot;
    this.sparseGrad.fill(0, slot * width, (slot + 1) * width);
    return slot;
  }

  zeroGradients(): void {
    this.firstBiasGrad.fill(0);
    this.secondWeightGrad.fill(0);
    this.secondBiasGrad.fill(0);
    this.firstWeightGrad.fill(0);
    for (let k = 0; k < this.touchedCount; k++) this.slotOf[this.touched[k]!] = -1;
    this.touchedCount = 0;
  }

  applyStep(): void {
    const { optimizer: opt, first, second, moments } = this;
    opt.beginStep();
    if (this.sparse) {
      opt.updateRows(first.weight, this.touched, this.touchedCount, this.sparseGrad, moments.firstWeight as RowMoments);
    } else {
      opt.update(first.weight, this.firstWeightGrad, moments.firstWeight);
    }
    opt.update(first.bias, this.firstBiasGrad, moments.firstBias, false);
    if (second) {
      opt.update(second.weight, this.secondWeightGrad, moments.secondWeight!);
      opt.update(second.bias, this.secondBiasGrad, moments.secondBias!, false);
    }
  }
}
