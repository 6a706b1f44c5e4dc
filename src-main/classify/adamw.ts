/**
 * AdamW (Loshchilov & Hutter, "Decoupled weight decay regularization", 2019) as PyTorch's
 * torch.optim.AdamW computes it: weights shrink by lr·decay before the Adam step, instead of the
 * decay being added to the gradient. Arithmetic is in doubles, weights and moments are stored
 * as float32 as in PyTorch, and elements are updated in a fixed order, so a run is
 * bit-for-bit reproducible.
 */

export interface AdamWOptions {
  lr: number;
  weightDecay: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/** First and second moments of one parameter tensor. */
export class Moments {
  readonly m: Float32Array;
  readonly v: Float32Array;
  constructor(size: number) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }
}

/**
 * Moments of a matrix updated one row at a time, for a first layer over sparse input: only the
 * rows of features present in a batch have a gradient, so only they are updated, moments and
 * weight decay alike (the "lazy" Adam of TensorFlow's LazyAdam and PyTorch's SparseAdam, with
 * decay applied like TensorFlow Addons' AdamW applies it to sparse gradients). Decaying absent
 * rows at every step instead would cap a feature's weight near (its share of batches) / decay:
 * about 4 for a word in one post in 200 with the default decay, too little to ever outweigh a
 * category's prior, while dense weights may grow to about 1 / decay.
 */
export class RowMoments extends Moments {
  constructor(
    readonly rows: number,
    readonly rowLength: number,
  ) {
    super(rows * rowLength);
  }
}

export class AdamW {
  readonly lr: number;
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  private t = 0;
  private stepSize = 0;
  private secondCorrection = 1;

  constructor(o: AdamWOptions) {
    this.lr = o.lr;
    this.weightDecay = o.weightDecay;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.eps = o.eps ?? 1e-8;
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** Starts the next step; every update until the next call belongs to it. */
  beginStep(): void {
    this.t++;
    this.stepSize = this.lr / (1 - this.beta1 ** this.t);
    this.secondCorrection = Math.sqrt(1 - this.beta2 ** this.t);
  }

  /** Updates param[offset + k] with grad[gradOffset + k] for k < length. */
  private updateRange(
    param: Float32Array,
    state: Moments,
    offset: number,
    grad: ArrayLike<number>,
    gradOffset: number,
    length: number,
    decay: boolean,
  ): void {
    const { beta1, beta2, eps, stepSize, secondCorrection } = this;
    const shrink = decay ? 1 - this.lr * this.weightDecay : 1;
    const { m, v } = state;
    for (let k = 0; k < length; k++) {
      const i = offset + k;
      const g = grad[gradOffset + k]!;
      const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * g);
      const vi = (v[i] = beta2 * v[i]! + (1 - beta2) * g * g);
      param[i] = param[i]! * shrink - (stepSize * mi) / (Math.sqrt(vi) / secondCorrection + eps);
    }
  }

  /** One step for every element of a tensor. Biases pass decay=false: like Hugging Face's Trainer, only weights decay. */
  update(param: Float32Array, grad: ArrayLike<number>, state: Moments, decay = true): void {
    this.updateRange(param, state, 0, grad, 0, param.length, decay);
  }

  /**
   * One step for the rows rows[0..count) of a row-major matrix; row k of `grad` (length
   * rowLength) is the gradient of row rows[k]. Rows not listed are left as they are.
   */
  updateRows(param: Float32Array, rows: Uint32Array, count: number, grad: Float64Array, state: RowMoments): void {
    const { rowLength } = state;
    for (let k = 0; k < count; k++)
      this.updateRange(param, state, rows[k]! * rowLength, grad, k * rowLength, rowLength, true);
  }
}
