import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { onnxThreadsSync } from '../llm/thread-policy.js';
import { cudaProviderInstalled } from './onnx-provider.js';
import { textHash } from '../store/text-hash.js';
import type { EmbeddingCache } from './embedding-cache.js';
import { EmbedderError, type Embedder } from './embedder.js';
import { offlineTransformers } from './transformers-env.js';

export const ONNX_MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', path.join('onnx', 'model.onnx')];

/** Checks a local model folder has what transformers.js needs, naming whatever is missing. */
export function checkModelFolder(dir: string): string {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new EmbedderError(`model folder ${abs} does not exist`);
  const missing = ONNX_MODEL_FILES.filter((f) => !fs.existsSync(path.join(abs, f)));
  if (missing.length) throw new EmbedderError(`model folder ${abs} is missing ${missing.join(', ')}`);
  return abs;
}

export interface OnnxEmbedderOptions {
  dir: string;
  batchSize?: number;
  pooling?: 'mean' | 'cls';
  cache?: EmbeddingCache;
  /** onnxruntime intra-op threads; default: the thread policy's (onnxruntime's own default, all logical CPUs, oversubscribes). */
  threads?: number;
  /** Where onnxruntime runs; default 'auto'. */
  device?: OnnxDevice;
}

/**
 * 'cuda': onnxruntime-node's CUDA execution provider, which must be installed (README: GPU
 * support); 'auto': CUDA where that provider is installed, the CPU otherwise.
 */
export type OnnxDevice = 'auto' | 'cpu' | 'cuda';

export { cudaProviderInstalled } from './onnx-provider.js';

export function resolveOnnxDevice(device: OnnxDevice = 'auto'): 'cpu' | 'cuda' {
  if (device === 'auto') return cudaProviderInstalled() ? 'cuda' : 'cpu';
  return device;
}

/** A sentence encoder (e.g. all-MiniLM-L6-v2) in ONNX through transformers.js: pooled, L2-normalised, batched. */
export class OnnxEmbedder implements Embedder {
  private constructor(
    readonly id: string,
    readonly description: string,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly batchSize: number,
    private readonly pooling: 'mean' | 'cls',
    private readonly cache?: EmbeddingCache,
  ) {}

  static async load(o: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
    const dir = checkModelFolder(o.dir);
    offlineTransformers();
    const weights = createHash('sha256').update(fs.readFileSync(path.join(dir, 'onnx', 'model.onnx'))).digest('hex');
    const pooling = o.pooling ?? 'mean';
    const device = resolveOnnxDevice(o.device);
    let extractor: FeatureExtractionPipeline;
    try {
      extractor = (await pipeline('feature-extraction', dir, {
        dtype: 'fp32',
        device,
        local_files_only: true,
        session_options: { intraOpNumThreads: o.threads ?? onnxThreadsSync() },
      })) as FeatureExtractionPipeline;
    } catch (err) {
      const hint =
        device === 'cuda' && !cudaProviderInstalled()
          ? " (onnxruntime-node's CUDA provider is not installed: see the README's GPU support, or use device cpu)"
          : '';
      throw new EmbedderError(`cannot load the ONNX model in ${dir}${hint}: ${(err as Error).message}`);
    }
    const id = `onnx:${pooling}:${weights.slice(0, 16)}`;
    return new OnnxEmbedder(id, `ONNX encoder ${path.basename(dir)} (${pooling} pooling, ${device.toUpperCase()})`, extractor, o.batchSize ?? 32, pooling, o.cache);
  }

  private async compute(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      const tensor = await this.extractor([...batch], { pooling: this.pooling, normalize: true });
      const [rows, dim] = tensor.dims as [number, number];
      const data = tensor.data as Float32Array;
      for (let r = 0; r < rows; r++) out.push(data.slice(r * dim, (r + 1) * dim));
      tensor.dispose?.();
    }
    return out;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (!this.cache) return this.compute(texts);
    const hashes = texts.map(textHash);
    const result: (Float32Array | undefined)[] = hashes.map((h) => this.cache!.get(this.id, h));
    const missing = result.flatMap((v, i) => (v ? [] : [i]));
    if (missing.length) {
      const computed = await this.compute(missing.map((i) => texts[i]!));
      missing.forEach((i, k) => (result[i] = computed[k]));
      this.cache.putMany(this.id, missing.map((i, k) => ({ hash: hashes[i]!, vector: computed[k]! })));
    }
    return result as Float32Array[];
  }

  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}
