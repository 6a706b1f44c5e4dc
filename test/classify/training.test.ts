import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../../src-main/contract/classify-schemas.js';
import { headProbabilities } from '../../src-main/classify/head.js';
import {
  denseMatrix,
  labelMatrix,
  sparseMatrix,
  type FeatureMatrix,
  type LabelMatrix,
} from '../../src-main/classify/matrices.js';
import { evaluate } from '../../src-main/classify/metrics.js';
import { createRandom } from '../../src-main/classify/random.js';
import { applyThresholds } from '../../src-main/classify/thresholds.js';
import { trainHead, type HeadTrainingConfig } from '../../src-main/classify/train-loop.js';
import { trainInWorker, trainWorkerUrl } from '../../src-main/classify/trainer.js';
import { trainLogisticRegression } from '../../src-main/classify/logreg-cv.js';
import { trainLogisticRegressionInParallel } from '../../src-main/classify/logreg-parallel.js';
import { tmpDir } from '../helpers/tmp.js';

/**
 * A toy problem: category j is present when feature j is clearly on; the other features are
 * noise. Sparse and dense versions of the same data.
 */
function toyData(rows: number, seed: number): { sparse: FeatureMatrix; dense: FeatureMatrix; y: LabelMatrix } {
  const random = createRandom(seed);
  const dim = 20;
  const labels: string[][] = [];
  const vectors: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const v = Float32Array.from({ length: dim }, () => (random() < 0.3 ? random() * 0.3 : 0));
    const own = ['a', 'b', 'c'].filter((_, j) => {
      const on = random() < 0.3;
      if (on) v[j] = 1;
      return on;
    });
    const norm = Math.hypot(...v) || 1;
    vectors.push(v.map((x) => x / norm));
    labels.push(own);
  }
  const sparse = sparseMatrix(
    vectors.map((v) => {
      const indices = Uint32Array.from([...v.keys()].filter((k) => v[k] !== 0));
      return { indices, values: Float32Array.from(indices, (k) => v[k]!) };
    }),
    dim,
  );
  return { sparse, dense: denseMatrix(vectors, dim), y: labelMatrix(labels, ['a', 'b', 'c']) };
}

const config: HeadTrainingConfig = {
  head: 'mlp',
  hidden: 16,
  epochs: 8,
  batchSize: 8,
  lr: 0.01,
  weightDecay: 0.01,
  seed: 5,
  positiveWeight: null,
};

function microF1(head: Parameters<typeof headProbabilities>[0], x: FeatureMatrix, y: LabelMatrix): number {
  return evaluate(y, applyThresholds(headProbabilities(head, x), new Float64Array(3).fill(0.5)), ['a', 'b', 'c'])
    .micro_f1!;
}

describe('head training', () => {
  it('learns a toy problem with both heads on sparse and dense input', () => {
    const train = toyData(400, 1);
    const test = toyData(200, 2);
    for (const head of ['linear', 'mlp'] as const) {
      for (const kind of ['sparse', 'dense'] as const) {
        const outcome = trainHead(
          { x: train[kind], y: train.y, validation: { x: test[kind], y: test.y } },
          { ...config, head, lr: head === 'linear' ? 0.05 : 0.01 },
        );
        expect(outcome.cancelled).toBe(false);
        expect(outcome.history).toHaveLength(8);
        expect(outcome.history[7]!.loss).toBeLessThan(outcome.history[0]!.loss);
        expect(microF1(outcome.head, test[kind], test.y)).toBeGreaterThan(0.9);
        expect(outcome.history[7]!.validation!.micro_f1).toBeCloseTo(microF1(outcome.head, test[kind], test.y), 12);
      }
    }
  });

  it('is reproducible: the same seed gives bit-identical weights and metrics, another seed other weights', () => {
    const { sparse, y } = toyData(200, 1);
    const data = { x: sparse, y, validation: { x: sparse, y } };
    const run = (seed: number) => trainHead(data, { ...config, seed, positiveWeight: Float64Array.of(1, 2, 3) });
    const a = run(5);
    const b = run(5);
    const weights = (o: typeof a) =>
      o.head.layers.flatMap((l) => [Buffer.from(l.weight.buffer), Buffer.from(l.bias.buffer)]);
    expect(Buffer.concat(weights(a)).equals(Buffer.concat(weights(b)))).toBe(true);
    expect(a.history.map(({ seconds: _s, ...r }) => r)).toEqual(b.history.map(({ seconds: _s, ...r }) => r));
    expect(Buffer.concat(weights(run(6))).equals(Buffer.concat(weights(a)))).toBe(false);
  });
});

describe('training in a worker thread', () => {
  it('reports every epoch and returns the same head as training in place', async () => {
    const { dense, y } = toyData(200, 1);
    const data = { x: dense, y, validation: { x: dense, y } };
    const reports: EpochReport[] = [];
    const outcome = await trainInWorker(data, { solver: 'adamw', config }, { onEpoch: (r) => reports.push(r) });
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(reports.every((r) => r.epochs === 8 && r.validation !== null && r.loss > 0)).toBe(true);
    expect(outcome.history).toEqual(reports);
    const inPlace = trainHead(data, config);
    expect(outcome.head.layers.map((l) => [...l.weight])).toEqual(inPlace.head.layers.map((l) => [...l.weight]));
  });

  it('stops after the current batch when cancelled, returning the head trained so far', async () => {
    const { sparse, y } = toyData(400, 1);
    const controller = new AbortController();
    const reports: number[] = [];
    const outcome = await trainInWorker(
      { x: sparse, y, validation: null },
      { solver: 'adamw', config: { ...config, epochs: 100_000 } },
      {
        signal: controller.signal,
        onEpoch: (r) => {
          reports.push(r.epoch);
          if (r.epoch === 2) controller.abort();
        },
      },
    );
    expect(outcome.cancelled).toBe(true);
    expect(outcome.history.length).toBeGreaterThanOrEqual(2);
    expect(outcome.history.length).toBeLessThan(1000);
    expect(outcome.head.layers).toHaveLength(2);
  });

  it('fits L-BFGS logistic regression in the worker, its categories shared by 3 threads, exactly as in place', async () => {
    const { sparse, y } = toyData(200, 1);
    const foldOf = Int32Array.from({ length: 200 }, (_, i) => i % 3);
    const config = {
      c: 'cv' as const,
      grid: [0.5, 2],
      foldOf,
      classWeight: 'balanced' as const,
      thresholds: 'tuned' as const,
      threshold: 0.5,
      threads: 3,
    };
    const outcome = await trainInWorker({ x: sparse, y, validation: null }, { solver: 'lbfgs', config });
    const inPlace = trainLogisticRegression(sparse, y, config);
    expect([...outcome.head.layers[0]!.weight]).toEqual([...inPlace.head.layers[0]!.weight]);
    expect([...outcome.logreg!.thresholds]).toEqual([...inPlace.thresholds]);
    expect(outcome.logreg!.fit).toEqual(inPlace.fit);
    expect(outcome.history).toEqual([]);
    expect(microF1(outcome.head, sparse, y)).toBeGreaterThan(0.9);
  });

  it('shares the categories among threads with the same result as one thread, and stops them all on cancel', async () => {
    const { sparse, y } = toyData(300, 2);
    const config = {
      c: 'cv' as const,
      grid: [0.25, 1, 4],
      foldOf: Int32Array.from({ length: 300 }, (_, i) => i % 4),
      classWeight: 'balanced' as const,
      thresholds: 'tuned' as const,
      threshold: 0.5,
    };
    const one = trainLogisticRegression(sparse, y, config);
    for (const threads of [2, 3]) {
      const shared = await trainLogisticRegressionInParallel(sparse, y, config, { threads });
      expect([...shared.head.layers[0]!.weight]).toEqual([...one.head.layers[0]!.weight]);
      expect([...shared.head.layers[0]!.bias]).toEqual([...one.head.layers[0]!.bias]);
      expect(shared.fit).toEqual(one.fit);
    }
    let asked = 0;
    const stopped = await trainLogisticRegressionInParallel(sparse, y, config, {
      threads: 2,
      shouldStop: () => ++asked >= 2,
    });
    expect(stopped.cancelled).toBe(true);
    // Every category stopped before its final fit: no threshold was tuned, fewer fits than planned.
    expect(stopped.fit.thresholds).toEqual([]);
    expect(stopped.fit.iterations.length).toBeLessThan(3);
  });

  it('names the missing compiled worker when running from source without a build', () => {
    const dir = tmpDir();
    const source = path.join(dir, 'src-main', 'classify', 'trainer.ts');
    fs.mkdirSync(path.dirname(source), { recursive: true });
    expect(() => trainWorkerUrl(pathToFileURL(source).href)).toThrow(
      /dist\/src-main\/classify\/train-worker\.js is missing: run "npm run build" first/,
    );
    expect(trainWorkerUrl('file:///app/dist/src-main/classify/trainer.js').href).toBe(
      'file:///app/dist/src-main/classify/train-worker.js',
    );
  });
});
