/**
 * Mini-batch training of a head: seeded shuffling each epoch, mean binary cross-entropy over
 * (batch × category), backpropagation by hand and AdamW. Synchronous and pure apart from its
 * hooks; it runs inside the training worker (train-worker.ts), never on the main thread.
 */
import type { EpochReport } from '../api/classify-schemas.js';
import { AdamW, Moments, RowMoments } from './adamw.js';
import { axpy } from './axpy.js';
import { firstLayerForward, denseLayerForward, headLogits, initHead, type HeadParams, type Layer } from './head.js';
import { bceWithLogits, bceWithLogitsGradient, sigmoid } from './loss.js';
import type { FeatureMatrix, LabelMatrix } from './matrices.js';
import { evaluate } from './metrics.js';
import { applyThresholds } from './thresholds.js';
import { createRandom, shuffleInPlace } from './random.js';

export interface HeadTrainingConfig {
  head: HeadParams['kind'];
  hidden: number;
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  seed: number;
  /** Loss weight of positives per category; null for 1 everywhere. */
  positiveWeight: Float64Array | null;
}

export interface TrainingData {
  x: FeatureMatrix;
  y: LabelMatrix;
  validation: { x: FeatureMatrix; y: LabelMatrix } | null;
}

export interface TrainingHooks {
  onEpoch?(report: EpochReport): void;
  /** Asked after every batch; true stops training there. */
  shouldStop?(): boolean;
}

export interface TrainingOutcome {
  head: HeadParams;
  history: EpochReport[];
  /** Stopped on request before the last epoch ended; the head is as trained so far. */
  cancelled: boolean;
}

/** ln(w·p / (1 − p)) per category, p its share of positive examples kept away from 0 and 1. */
export function logPriorOdds(y: LabelMatrix, positiveWeight: Float64Array | null): Float64Array {
  const odds = new Float64Array(y.cols);
  for (let j = 0; j < y.cols; j++) {
    let positives = 0;
    for (let r = 0; r < y.rows; r++) positives += y.values[r * y.cols + j]!;
    const p = Math.min(1 - 1e-3, Math.max(1e-3, positives / Math.max(1, y.rows)));
    odds[j] = Math.log(((positiveWeight?.[j] ?? 1) * p) / (1 - p));
  }
  return odds;
}

/** Gradients of one batch and the AdamW state of every tensor of a head. */
class Backprop {
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
      ...(this.second ? { secondWeight: new Moments(this.second.weight.length), secondBias: new Moments(this.second.outputs) } : {}),
    };
  }

  /** Forward, backward and one AdamW step over rows order[start..end); returns the summed loss. */
  step(x: FeatureMatrix, y: LabelMatrix, order: Uint32Array, start: number, end: number): number {
    this.zeroGradients();
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
      if (this.sparse) this.accumulateSparse(x as Extract<FeatureMatrix, { kind: 'sparse' }>, row, dFirst);
      else this.accumulateDense(x, row, dFirst);
    }
    this.applyStep();
    return loss;
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

  private accumulateSparse(x: Extract<FeatureMatrix, { kind: 'sparse' }>, row: number, d: Float64Array): void {
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

  private zeroGradients(): void {
    this.firstBiasGrad.fill(0);
    this.secondWeightGrad.fill(0);
    this.secondBiasGrad.fill(0);
    this.firstWeightGrad.fill(0);
    for (let k = 0; k < this.touchedCount; k++) this.slotOf[this.touched[k]!] = -1;
    this.touchedCount = 0;
  }

  private applyStep(): void {
    const { optimizer: opt, first, second, moments } = this;
    opt.beginStep();
    if (this.sparse) opt.updateRows(first.weight, this.touched, this.touchedCount, this.sparseGrad, moments.firstWeight as RowMoments);
    else opt.update(first.weight, this.firstWeightGrad, moments.firstWeight);
    opt.update(first.bias, this.firstBiasGrad, moments.firstBias, false);
    if (second) {
      opt.update(second.weight, this.secondWeightGrad, moments.secondWeight!);
      opt.update(second.bias, this.secondBiasGrad, moments.secondBias!, false);
    }
  }
}

/** Loss and F1 on held-out data, with the 0.5 threshold. */
function validate(head: HeadParams, data: { x: FeatureMatrix; y: LabelMatrix }, positiveWeight: Float64Array | null) {
  const logits = headLogits(head, data.x);
  const { cols } = data.y;
  let loss = 0;
  for (let i = 0; i < logits.length; i++) loss += bceWithLogits(logits[i]!, data.y.values[i]!, positiveWeight?.[i % cols] ?? 1);
  const predicted = applyThresholds(Float32Array.from(logits, sigmoid), new Float64Array(cols).fill(0.5));
  const m = evaluate(data.y, predicted, Array.from({ length: cols }, (_, j) => String(j)));
  return { loss: loss / Math.max(1, logits.length), micro_f1: m.micro_f1, macro_f1: m.macro_f1 };
}

/** Trains a new head on `data`. Same data, configuration and seed: bit-identical weights. */
export function trainHead(data: TrainingData, config: HeadTrainingConfig, hooks: TrainingHooks = {}): TrainingOutcome {
  const { x, y } = data;
  if (x.rows !== y.rows) throw new Error(`${x.rows} feature rows but ${y.rows} label rows`);
  if (x.rows === 0) throw new Error('no training examples');
  const started = performance.now();
  const random = createRandom(config.seed);
  const head = initHead(
    { kind: config.head, inputs: x.dim, hidden: config.hidden, outputs: y.cols },
    logPriorOdds(y, config.positiveWeight),
    random,
  );
  const optimizer = new AdamW({ lr: config.lr, weightDecay: config.weightDecay });
  const backprop = new Backprop(head, x, optimizer, config.positiveWeight);
  const order = Uint32Array.from({ length: x.rows }, (_, i) => i);
  const history: EpochReport[] = [];
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    shuffleInPlace(order, random);
    let loss = 0;
    for (let start = 0; start < x.rows; start += config.batchSize) {
      const end = Math.min(x.rows, start + config.batchSize);
      loss += backprop.step(x, y, order, start, end);
      if (hooks.shouldStop?.()) return { head, history, cancelled: true };
    }
    const report: EpochReport = {
      epoch,
      epochs: config.epochs,
      loss: loss / (x.rows * y.cols),
      validation: data.validation ? validate(head, data.validation, config.positiveWeight) : null,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(report);
    hooks.onEpoch?.(report);
  }
  return { head, history, cancelled: false };
}
