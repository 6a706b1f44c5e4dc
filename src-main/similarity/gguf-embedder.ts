import path from 'node:path';
import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { inspectGguf, fileSha256 } from '../llm/gguf-inspect.js';
import { llamaRuntime } from '../llm/llama-runtime.js';
import { runDefaults } from '../llm/thread-policy.js';
import { textHash } from '../store/text-hash.js';
import type { EmbeddingCache } from './embedding-cache.js';
import { EmbedderError, type Embedder } from './embedder.js';
import { normalize } from './vectors.js';

/** A GGUF embedding model through node-llama-cpp (one text at a time; llama.cpp pools per sequence). */
export class GgufEmbedder implements Embedder {
  private constructor(
    readonly id: string,
    readonly description: string,
    private readonly model: LlamaModel,
    private readonly context: LlamaEmbeddingContext,
    private readonly cache?: EmbeddingCache,
  ) {}

  static async load(o: { file: string; threads?: number; cache?: EmbeddingCache }): Promise<GgufEmbedder> {
    try {
      await inspectGguf(o.file);
    } catch (err) {
      throw new EmbedderError((err as Error).message);
    }
    const llama = await llamaRuntime();
    const threads = o.threads ?? (await runDefaults()).threads.value;
    const model = await llama.loadModel({ modelPath: o.file, gpuLayers: llama.gpu === false ? 0 : 'auto' });
    const context = await model.createEmbeddingContext({ threads, contextSize: Math.min(2048, model.trainContextSize) });
    const sha = await fileSha256(o.file);
    return new GgufEmbedder(`gguf:${sha.slice(0, 16)}`, `GGUF embeddings ${path.basename(o.file)} (${threads} threads)`, model, context, o.cache);
  }

  private async compute(text: string): Promise<Float32Array> {
    const e = await this.context.getEmbeddingFor(text);
    return normalize(Float32Array.from(e.vector));
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const fresh: { hash: string; vector: Float32Array }[] = [];
    for (const t of texts) {
      const hash = textHash(t);
      let v = this.cache?.get(this.id, hash);
      if (!v) {
        v = await this.compute(t);
        fresh.push({ hash, vector: v });
      }
      out.push(v);
    }
    if (fresh.length) this.cache?.putMany(this.id, fresh);
    return out;
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}
