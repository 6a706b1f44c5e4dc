/**
 * bench:embed — (1) the ONNX embedding path (transformers.js pipeline: tokenise, run, mean-pool,
 * normalise) against a plain onnxruntime-node session loop on the same model, token ids and
 * batch size, in one run; (2) TF-IDF fitting and vectorising 100,000 posts.
 *
 *   npm run bench:embed [-- --texts N] [-- --json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { OnnxEmbedder } from '../../src-main/similarity/onnx-embedder.js';
import { fitTfidf, tfidfVector } from '../../src-main/similarity/tfidf.js';
import { buildTinyEncoder } from '../../src-main/test-models/tiny-onnx-encoders.js';
import { offlineTransformers } from '../../src-main/similarity/transformers-env.js';
import { packageRoot } from '../../src-main/util/resources.js';

const args = process.argv.slice(2);
const TEXTS = (() => {
  const i = args.indexOf('--texts');
  return i === -1 ? 512 : Number(args[i + 1]);
})();
const BATCH = 32;
const THREADS = 1;

function corpus(n: number): string[] {
  const lines = fs
    .readFileSync(path.join(packageRoot(), 'resources', 'sample', 'posts.jsonl'), 'utf8')
    .trim()
    .split('\n');
  const texts = lines.map((l) => (JSON.parse(l) as { text: string }).text);
  return Array.from({ length: n }, (_, i) => `${texts[i % texts.length]!} #${i}`);
}

/** The baseline: same tokenizer output, one ort session, mean pooling and L2 norm by hand. */
async function plainOnnx(dir: string, texts: string[]): Promise<number> {
  offlineTransformers();
  const tokenizer = await AutoTokenizer.from_pretrained(dir);
  const session = await ort.InferenceSession.create(path.join(dir, 'onnx', 'model.onnx'), {
    intraOpNumThreads: THREADS,
  });
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i += BATCH) {
    const enc = tokenizer(texts.slice(i, i + BATCH), { padding: true, truncation: true }) as Record<
      string,
      { data: BigInt64Array; dims: number[] }
    >;
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) feeds[name] = new ort.Tensor('int64', enc[name]!.data, enc[name]!.dims);
    const out = (await session.run(feeds)).last_hidden_state!;
    const [b, s, h] = out.dims as [number, number, number];
    const data = out.data as Float32Array;
    const mask = enc.attention_mask!.data;
    for (let r = 0; r < b; r++) {
      const v = new Float32Array(h);
      let count = 0;
      for (let t = 0; t < s; t++) {
        if (!mask[r * s + t]) continue;
        count++;
        for (let k = 0; k < h; k++) v[k]! += data[(r * s + t) * h + k]!;
      }
      let norm = 0;
      for (let k = 0; k < h; k++) norm += (v[k]! /= count) ** 2;
      norm = Math.sqrt(norm);
      for (let k = 0; k < h; k++) v[k]! /= norm;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  await session.release();
  return seconds;
}

async function synthlabOnnx(dir: string, texts: string[]): Promise<number> {
  const e = await OnnxEmbedder.load({ dir, batchSize: BATCH, threads: THREADS });
  const t0 = performance.now();
  await e.embed(texts);
  const seconds = (performance.now() - t0) / 1000;
  await e.dispose();
  return seconds;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-bench-embed-'));
  try {
    // Wide and deep enough that inference, not bookkeeping, dominates as with real encoders.
    const model = buildTinyEncoder(path.join(dir, 'encoder'), 'bert', { hidden: 256, layers: 4, seed: 7 });
    const texts = corpus(TEXTS);
    await synthlabOnnx(model, texts.slice(0, 64));
    await plainOnnx(model, texts.slice(0, 64));
    const plain = await plainOnnx(model, texts);
    const ours = await synthlabOnnx(model, texts);
    const plain2 = await plainOnnx(model, texts);
    const ours2 = await synthlabOnnx(model, texts);
    const plainBest = Math.min(plain, plain2);
    const oursBest = Math.min(ours, ours2);

    const big = corpus(100_000);
    const t0 = performance.now();
    const tfidf = fitTfidf(big);
    const t1 = performance.now();
    let nnz = 0;
    for (const t of big) nnz += tfidfVector(tfidf, t).indices.length;
    const t2 = performance.now();

    const result = {
      ratio: plainBest / oursBest,
      onnx: {
        texts: TEXTS,
        batch: BATCH,
        threads: THREADS,
        plainTextsPerSecond: TEXTS / plainBest,
        synthlabTextsPerSecond: TEXTS / oursBest,
      },
      tfidf: {
        posts: big.length,
        vocabulary: tfidf.vocabulary.size,
        fitSeconds: (t1 - t0) / 1000,
        vectoriseSeconds: (t2 - t1) / 1000,
        meanNonZero: nnz / big.length,
      },
    };
    if (args.includes('--json')) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    console.log(
      `ONNX encoder (BERT-style, hidden 256, 4 layers, random weights), ${TEXTS} texts, batch ${BATCH}, ${THREADS} thread, best of 2\n`,
    );
    console.log('| path | texts/s | vs plain |');
    console.log('|---|---:|---:|');
    console.log(`| plain onnxruntime-node session loop | ${result.onnx.plainTextsPerSecond.toFixed(0)} | 1.00 |`);
    console.log(
      `| SynthLab OnnxEmbedder (transformers.js) | ${result.onnx.synthlabTextsPerSecond.toFixed(0)} | ${result.ratio.toFixed(2)} |`,
    );
    console.log(`\nTF-IDF (word 1–2-grams, sublinear tf) over ${big.length.toLocaleString('en')} posts\n`);
    console.log('| step | seconds | posts/s |');
    console.log('|---|---:|---:|');
    console.log(
      `| fit (${result.tfidf.vocabulary.toLocaleString('en')} terms) | ${result.tfidf.fitSeconds.toFixed(2)} | ${(big.length / result.tfidf.fitSeconds).toFixed(0)} |`,
    );
    console.log(
      `| vectorise (${result.tfidf.meanNonZero.toFixed(0)} non-zeros/post) | ${result.tfidf.vectoriseSeconds.toFixed(2)} | ${(big.length / result.tfidf.vectoriseSeconds).toFixed(0)} |`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
