/**
 * A trained classifier as one BLOB (classifier_runs.model_blob): gzip of a magic tag, a JSON
 * header (categories, thresholds, encoder state, head shape) and the float32 arrays (head
 * weights, TF-IDF idf) in little-endian order. Pure.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { HeadKind } from '../contract/classify-schemas.js';
import type { EncoderState } from './features.js';
import type { HeadParams } from './head.js';

const MAGIC = 'SYNTHCLF';
const VERSION = 1;

export interface StoredClassifier {
  categories: string[];
  thresholds: Float64Array;
  encoder: EncoderState;
  head: HeadParams;
}

interface Header {
  version: number;
  categories: string[];
  thresholds: number[];
  /** The encoder state without its arrays. */
  encoder: Record<string, unknown>;
  head: { kind: HeadKind; layers: { inputs: number; outputs: number }[] };
}

export class ModelBlobError extends Error {
  override name = 'ModelBlobError';
}

function littleEndianBytes(a: Float32Array): Uint8Array {
  const bytes = new Uint8Array(a.byteLength);
  const view = new DataView(bytes.buffer);
  a.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

export function encodeClassifier(c: StoredClassifier): Buffer {
  const idf = c.encoder.kind === 'tfidf' ? c.encoder.idf : undefined;
  const encoder: Record<string, unknown> = { ...c.encoder };
  delete encoder.idf;
  const header: Header = {
    version: VERSION,
    categories: c.categories,
    thresholds: [...c.thresholds],
    encoder,
    head: { kind: c.head.kind, layers: c.head.layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs })) },
  };
  const arrays = c.head.layers.flatMap((l) => [l.weight, l.bias]);
  if (idf) arrays.push(idf);
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return gzipSync(Buffer.concat([Buffer.from(MAGIC, 'ascii'), length, json, ...arrays.map(littleEndianBytes)]));
}

export function decodeClassifier(blob: Uint8Array): StoredClassifier {
  let raw: Buffer;
  try {
    raw = gunzipSync(blob);
  } catch (err) {
    throw new ModelBlobError(`stored classifier is not readable: ${(err as Error).message}`);
  }
  if (raw.subarray(0, MAGIC.length).toString('ascii') !== MAGIC)
    throw new ModelBlobError('stored classifier has an unknown format');
  const jsonLength = raw.readUInt32LE(MAGIC.length);
  let offset = MAGIC.length + 4;
  const header = JSON.parse(raw.subarray(offset, offset + jsonLength).toString('utf8')) as Header;
  if (header.version !== VERSION)
    throw new ModelBlobError(`stored classifier has version ${header.version}; this SynthLab reads ${VERSION}`);
  offset += jsonLength;
  const floats = (n: number) => {
    if (offset + n * 4 > raw.length) throw new ModelBlobError('stored classifier is truncated');
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = raw.readFloatLE(offset + i * 4);
    offset += n * 4;
    return out;
  };
  const layers = header.head.layers.map(({ inputs, outputs }) => ({
    inputs,
    outputs,
    weight: floats(inputs * outputs),
    bias: floats(outputs),
  }));
  const encoder =
    header.encoder.kind === 'tfidf'
      ? ({ ...header.encoder, idf: floats((header.encoder.terms as string[]).length) } as EncoderState)
      : (header.encoder as EncoderState);
  return {
    categories: header.categories,
    thresholds: Float64Array.from(header.thresholds),
    encoder,
    head: { kind: header.head.kind, layers },
  };
}
