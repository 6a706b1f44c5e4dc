/**
 * Encoders that turn posts into classifier features: TF-IDF (built in, fitted on the training
 * texts only, sparse) or a BERT-family model in ONNX (RoBERTa and the like) through
 * transformers.js, pooled ([CLS]/<s> token or mean), batched and cached in the workspace by
 * (encoder id, text hash). Each encoder can describe itself (EncoderState) so a stored
 * classifier computes the same features for new text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { EmbeddingCache } from '../similarity/embedding-cache.js';
import type { OnnxDevice, OnnxEmbedder } from '../similarity/onnx-embedder.js';
import {
  fitTfidfTerms,
  restrictTfidf,
  textTerms,
  tfidfTerms,
  tfidfVector,
  tfidfVectorOfTerms,
  type TfidfModel,
  type TfidfOptions,
} from '../similarity/tfidf.js';
import { denseMatrix, sparseMatrix, type FeatureMatrix, type LabelMatrix } from './matrices.js';
import { selectTerms } from './term-selection.js';

/**
 * Word 1–2-grams like the similarity TF-IDF, without terms found in a single training post
 * (they cannot generalise, but let the head memorise its training posts: on the sample
 * dataset min_df 2 raised macro F1 at the 0.5 threshold), capped so that the head's first
 * layer and its optimiser state (three floats per weight) stay bounded on large corpora.
 */
export const CLASSIFIER_TFIDF: TfidfOptions = { maxNgram: 2, minDf: 2, maxFeatures: 100_000 };

export type Pooling = 'mean' | 'cls';
export type Device = OnnxDevice;

/** How the TF-IDF vocabulary was narrowed: χ² test level, and the terms there were before. */
export interface TermSelection {
  alpha: number;
  candidates: number;
}

/** What a stored classifier needs to compute its features again. */
export type EncoderState =
  | {
      kind: 'tfidf';
      id: string;
      options: TfidfOptions;
      documents: number;
      terms: string[];
      idf: Float32Array;
      selection?: TermSelection;
    }
  | { kind: 'onnx'; id: string; dir: string; pooling: Pooling };

export interface FeatureEncoder {
  /** Stable identity, recorded with runs and used as the embedding cache key. */
  readonly id: string;
  readonly description: string;
  readonly dim: number;
  encode(texts: readonly string[]): Promise<FeatureMatrix>;
  state(): EncoderState;
}

/** Training texts for an encoder's fit, with their labels for TF-IDF's term selection. */
export interface EncoderFitData {
  texts: readonly string[];
  labels: LabelMatrix;
  /** χ² significance level of TF-IDF's term selection (see term-selection.ts); 'none' keeps every term. */
  termSelection: number | 'none';
}

/** Gives the encoder for a training set; owns whatever model it loaded. */
export interface EncoderSource {
  /** TF-IDF is fitted on the training texts (and nothing else, so no test text leaks into it); a pre-trained encoder ignores them. */
  fit(data: EncoderFitData): Promise<FeatureEncoder>;
  dispose(): Promise<void>;
}

export interface EncoderContext {
  pooling?: Pooling;
  /** Where onnxruntime runs; default 'auto' (CUDA where its provider is installed). */
  device?: Device;
  threads?: number;
  cache?: EmbeddingCache;
}

export class FeatureError extends Error {
  override name = 'FeatureError';
}

class TfidfEncoder implements FeatureEncoder {
  readonly id: string;
  readonly description: string;
  readonly dim: number;

  /**
   * The training texts and their terms, kept from fit() until they are encoded: the classifier
   * encodes exactly those texts next, and splitting them again took about as long as the fit.
   */
  private fitted: { texts: readonly string[]; terms: string[][] } | null;

  constructor(
    private readonly model: TfidfModel,
    private readonly selection?: TermSelection,
    fitted?: { texts: readonly string[]; terms: string[][] },
  ) {
    this.fitted = fitted ?? null;
    const h = createHash('sha256');
    for (const term of model.vocabulary.keys()) h.update(term).update('\u0000');
    h.update(new Uint8Array(model.idf.buffer, model.idf.byteOffset, model.idf.byteLength));
    const n = model.options.maxNgram;
    this.id = `tfidf:1-${n}gram:${h.digest('hex').slice(0, 12)}`;
    this.dim = model.vocabulary.size;
    const terms = selection
      ? `${this.dim.toLocaleString('en')} of ${selection.candidates.toLocaleString('en')} terms (χ² p < ${selection.alpha})`
      : `${this.dim.toLocaleString('en')} terms`;
    this.description = `TF-IDF, word 1–${n}-grams, ${terms} from ${model.documents.toLocaleString('en')} training posts`;
  }

  /** Fits the vocabulary, then keeps the terms related to some label; all of them if none is. */
  static fit({ texts, labels, termSelection }: EncoderFitData): TfidfEncoder {
    const terms = texts.map((t) => textTerms(t, CLASSIFIER_TFIDF.maxNgram));
    const fitted = { texts, terms };
    const full = fitTfidfTerms(terms, CLASSIFIER_TFIDF);
    if (termSelection === 'none') return new TfidfEncoder(full, undefined, fitted);
    const presence = sparseMatrix(
      terms.map((t) => tfidfVectorOfTerms(full, t)),
      full.vocabulary.size,
    );
    const kept = selectTerms(presence, labels, termSelection);
    if (kept.length === 0) return new TfidfEncoder(full, undefined, fitted);
    return new TfidfEncoder(
      restrictTfidf(full, kept),
      { alpha: termSelection, candidates: full.vocabulary.size },
      fitted,
    );
  }

  static restore(state: Extract<EncoderState, { kind: 'tfidf' }>): TfidfEncoder {
    const vocabulary = new Map(state.terms.map((t, i) => [t, i]));
    const encoder = new TfidfEncoder(
      { vocabulary, idf: state.idf, options: state.options, documents: state.documents },
      state.selection,
    );
    if (encoder.id !== state.id)
      throw new FeatureError(`stored TF-IDF model is damaged (id ${encoder.id}, expected ${state.id})`);
    return encoder;
  }

  async encode(texts: readonly string[]): Promise<FeatureMatrix> {
    const fitted = this.fitted;
    if (fitted && fitted.texts.length === texts.length && texts.every((t, i) => t === fitted.texts[i])) {
      this.fitted = null;
      return sparseMatrix(
        fitted.terms.map((t) => tfidfVectorOfTerms(this.model, t)),
        this.dim,
      );
    }
    return sparseMatrix(
      texts.map((t) => tfidfVector(this.model, t)),
      this.dim,
    );
  }

  state(): EncoderState {
    const { idf, options, documents } = this.model;
    const terms = tfidfTerms(this.model);
    return {
      kind: 'tfidf',
      id: this.id,
      options,
      documents,
      terms,
      idf,
      ...(this.selection ? { selection: this.selection } : {}),
    };
  }
}

class OnnxEncoder implements FeatureEncoder {
  readonly id: string;
  readonly description: string;

  constructor(
    private readonly embedder: OnnxEmbedder,
    private readonly dir: string,
    private readonly pooling: Pooling,
    readonly dim: number,
  ) {
    this.id = embedder.id;
    this.description = `${embedder.description}, ${dim} features`;
  }

  async encode(texts: readonly string[]): Promise<FeatureMatrix> {
    const vectors = await this.embedder.embed(texts);
    return denseMatrix(vectors, this.dim);
  }

  state(): EncoderState {
    return { kind: 'onnx', id: this.id, dir: this.dir, pooling: this.pooling };
  }
}

/** The width of the encoder's vectors, from its config.json. */
function hiddenSize(dir: string): number {
  const file = path.join(dir, 'config.json');
  let config: { hidden_size?: unknown };
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof config;
  } catch (err) {
    throw new FeatureError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (typeof config.hidden_size !== 'number') throw new FeatureError(`${file} has no hidden_size`);
  return config.hidden_size;
}

/**
 * Loads a BERT-family ONNX model folder, on the CPU or through onnxruntime-node's CUDA execution
 * provider (where its CUDA build is installed: see the README's GPU section).
 */
async function openOnnxEncoder(
  dir: string,
  ctx: EncoderContext,
): Promise<{ encoder: OnnxEncoder; dispose(): Promise<void> }> {
  // Loaded on demand: transformers.js takes a noticeable part of a second to import, which
  // TF-IDF runs (and every other CLI command) need not pay.
  const { checkModelFolder, OnnxEmbedder } = await import('../similarity/onnx-embedder.js');
  const abs = checkModelFolder(dir);
  const hidden = hiddenSize(abs);
  const pooling = ctx.pooling ?? 'mean';
  const embedder = await OnnxEmbedder.load({
    dir: abs,
    pooling,
    ...(ctx.cache ? { cache: ctx.cache } : {}),
    ...(ctx.threads ? { threads: ctx.threads } : {}),
    device: ctx.device ?? 'auto',
  });
  return { encoder: new OnnxEncoder(embedder, abs, pooling, hidden), dispose: () => embedder.dispose() };
}

/** `tfidf` or `onnx:DIR`. The ONNX model is loaded once and shared by every fit. */
export async function openEncoderSource(spec: string, ctx: EncoderContext = {}): Promise<EncoderSource> {
  if (spec === 'tfidf') {
    return { fit: async (data) => TfidfEncoder.fit(data), dispose: async () => {} };
  }
  if (spec.startsWith('onnx:') && spec.length > 'onnx:'.length) {
    const { encoder, dispose } = await openOnnxEncoder(spec.slice('onnx:'.length), ctx);
    return { fit: async () => encoder, dispose };
  }
  throw new FeatureError(`unknown encoder "${spec}": use tfidf or onnx:DIR`);
}

/** The encoder a classifier was trained with, from its stored state. */
export async function restoreEncoder(
  state: EncoderState,
  ctx: EncoderContext = {},
): Promise<{ encoder: FeatureEncoder; dispose(): Promise<void> }> {
  if (state.kind === 'tfidf') return { encoder: TfidfEncoder.restore(state), dispose: async () => {} };
  const opened = await openOnnxEncoder(state.dir, { ...ctx, pooling: state.pooling });
  if (opened.encoder.id !== state.id) {
    await opened.dispose();
    throw new FeatureError(
      `the model in ${state.dir} is not the one this classifier was trained with (${opened.encoder.id}, expected ${state.id})`,
    );
  }
  return opened;
}
