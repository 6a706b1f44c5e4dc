/**
 * The classification head over encoder features: linear (one layer, i.e. one logistic regression
 * per category sharing the input) or an MLP with one ReLU hidden layer. Weights are stored
 * input-major (row k holds feature k's weights to every output), so a sparse input row touches
 * only the weight rows of its non-zero features, contiguously.
 */
import type { HeadKind } from '../contract/classify-schemas.js';
import { axpy } from './axpy.js';
import type { FeatureMatrix } from './matrices.js';
import { sigmoid } from './loss.js';
import type { Random } from './random.js';

export interface Layer {
  inputs: number;
  outputs: number;
  /** inputs × outputs, input-major. */
  weight: Float32Array;
  bias: Float32Array;
}

export interface HeadParams {
  kind: HeadKind;
  /** One layer for 'linear'; hidden then output layer for 'mlp'. */
  layers: Layer[];
}

export interface HeadShape {
  kind: HeadKind;
  inputs: number;
  hidden: number;
  outputs: number;
}

function layer(inputs: number, outputs: number): Layer {
  return { inputs, outputs, weight: new Float32Array(inputs * outputs), bias: new Float32Array(outputs) };
}

function fillUniform(values: Float32Array, bound: number, random: Random): void {
  for (let i = 0; i < values.length; i++) values[i] = (2 * random() - 1) * bound;
}

/**
 * A new head. The output biases start at each category's log prior odds (scaled by its
 * positive weight), so training does not spend its first epochs learning base rates. The
 * linear head is convex and starts at zero. The MLP's hidden weights are uniform with standard
 * deviation 0.1: encoder features are unit-length (TF-IDF and pooled encoders are
 * L2-normalised), so pre-activations start at that scale whatever the input width; small
 * starting weights also keep features seen in few training posts from adding random noise at
 * test time (on the sample dataset, std 0.1 beat 1 and 0.3 and tied 0.03). The output layer uses
 * PyTorch's default bound 1/√fan-in.
 */
export function initHead(shape: HeadShape, logPriorOdds: Float64Array, random: Random): HeadParams {
  const output = (inputs: number) => {
    const l = layer(inputs, shape.outputs);
    l.bias.set(logPriorOdds);
    return l;
  };
  if (shape.kind === 'linear') return { kind: 'linear', layers: [output(shape.inputs)] };
  const hidden = layer(shape.inputs, shape.hidden);
  fillUniform(hidden.weight, 0.1 * Math.sqrt(3), random);
  const out = output(shape.hidden);
  fillUniform(out.weight, 1 / Math.sqrt(shape.hidden), random);
  return { kind: 'mlp', layers: [hidden, out] };
}

/** out = bias + x[row]·W for the first layer, over a dense or sparse input row. */
export function firstLayerForward(x: FeatureMatrix, row: number, l: Layer, out: Float64Array): void {
  const { outputs, weight } = l;
  for (let j = 0; j < outputs; j++) out[j] = l.bias[j]!;
  if (x.kind === 'sparse') {
    for (let p = x.indptr[row]!; p < x.indptr[row + 1]!; p++) {
      axpy(outputs, x.values[p]!, weight, x.indices[p]! * outputs, out, 0);
    }
    return;
  }
  const start = row * x.dim;
  for (let k = 0; k < x.dim; k++) {
    const v = x.values[start + k]!;
    if (v === 0) continue;
    axpy(outputs, v, weight, k * outputs, out, 0);
  }
}

/** out = bias + relu(input)·W for a layer over a dense activation vector. */
export function denseLayerForward(input: Float64Array, l: Layer, out: Float64Array): void {
  const { inputs, outputs, weight } = l;
  for (let j = 0; j < outputs; j++) out[j] = l.bias[j]!;
  for (let k = 0; k < inputs; k++) {
    const a = input[k]!;
    if (a <= 0) continue;
    axpy(outputs, a, weight, k * outputs, out, 0);
  }
}

export function checkInputWidth(head: HeadParams, x: FeatureMatrix): void {
  const inputs = head.layers[0]!.inputs;
  if (x.dim !== inputs) throw new Error(`the head expects ${inputs} features, got ${x.dim}`);
}

/** Logits of every row (rows × outputs, row-major). */
export function headLogits(head: HeadParams, x: FeatureMatrix): Float64Array {
  checkInputWidth(head, x);
  const [first, second] = head.layers as [Layer, Layer | undefined];
  const outputs = (second ?? first).outputs;
  const logits = new Float64Array(x.rows * outputs);
  const hidden = new Float64Array(first.outputs);
  const out = new Float64Array(outputs);
  for (let r = 0; r < x.rows; r++) {
    if (second) {
      firstLayerForward(x, r, first, hidden);
      denseLayerForward(hidden, second, out);
    } else firstLayerForward(x, r, first, out);
    logits.set(out, r * outputs);
  }
  return logits;
}

/** Per-category probabilities of every row (rows × outputs, row-major). */
export function headProbabilities(head: HeadParams, x: FeatureMatrix): Float32Array {
  return Float32Array.from(headLogits(head, x), sigmoid);
}
