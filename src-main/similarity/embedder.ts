/**
 * One interface over the three ways SynthLab turns text into vectors for similarity:
 * TF-IDF (built in, the default), a sentence encoder in ONNX, and a GGUF embedding model.
 */
import type { Vector } from './vectors.js';

export interface Embedder {
  /** Stable identity, recorded with results and used as the cache key, e.g. "tfidf:1-2gram:5f3a…". */
  readonly id: string;
  /** For people: what it is and where it runs. */
  readonly description: string;
  embed(texts: readonly string[]): Promise<Vector[]>;
  dispose(): Promise<void>;
}

export class EmbedderError extends Error {
  override name = 'EmbedderError';
}

export type EmbedderSpec = { kind: 'tfidf' } | { kind: 'onnx'; dir: string } | { kind: 'gguf'; file: string };

/** `tfidf`, `onnx:DIR` or `gguf:FILE`. */
export function parseEmbedderSpec(text: string): EmbedderSpec {
  if (text === 'tfidf') return { kind: 'tfidf' };
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const where = text.slice(colon + 1);
  if (colon > 0 && where && kind === 'onnx') return { kind: 'onnx', dir: where };
  if (colon > 0 && where && kind === 'gguf') return { kind: 'gguf', file: where };
  throw new EmbedderError(`unknown embedder "${text}": use tfidf, onnx:DIR or gguf:FILE`);
}
