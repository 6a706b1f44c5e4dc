/**
 * Mini-batch training of a head: seeded shuffling each epoch, mean binary cross-entropy over
 * (batch × category), backpropagation by hand and AdamW. Synchronous and pure apart from its
 * hooks; it runs inside the training worker (train-worker.ts), never on the main thread.
 */
import type { EpochReport } from '../contract/classify-schemas.js';
import { AdamW } from './adamw.js';
import { Backprop } from './backprop.js';
import { headLogits, initHead, type HeadParams } from './head.js';
import { bceWithLogits, sigmoid } from './loss.js';
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

/** Loss and F1 on held-out data, with the 0.5 threshold. */
function validate(head: HeadParams, data: { x: FeatureMatrix; y: LabelMatrix }, positiveWeight: Float64Array | null) {
  const logits = headLogits(head, data.x);
  const { cols } = data.y;
  let loss = 0;
  for (let i = 0; i < logits.length; i++) {
    loss += bceWithLogits(logits[i]!, data.y.values[i]!, positiveWeight?.[i % cols] ?? 1);
  }
  const predicted = applyThresholds(Float32Array.from(logits, sigmoid), new Float64Array(cols).fill(0.5));
  const unnamed = Array.from({ length: cols }, (_, j) => String(j));
  const m = evaluate(data.y, predicted, unnamed);
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
