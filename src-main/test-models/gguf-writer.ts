import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * GGUF v3 serialisation (the model file format of llama.cpp): a header, typed metadata key/values,
 * tensor descriptions, then the tensor data, every tensor starting at a multiple of the alignment.
 * All numbers are little-endian; strings are a uint64 byte length followed by UTF-8 without a terminator.
 */

const GGUF_MAGIC = 'GGUF';
const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;
/** Readers take the alignment from this key, so it is the single place the writer reads it from too. */
export const GGUF_ALIGNMENT_KEY = 'general.alignment';
/** ggml keeps tensor names in a 64-byte buffer including the terminating NUL. */
const GGML_MAX_NAME_BYTES = 63;
const GGML_MAX_DIMS = 4;

export type GgufNumberType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';
export type GgufBigIntType = 'uint64' | 'int64';
export type GgufScalarType = GgufNumberType | GgufBigIntType | 'bool' | 'string';

/** One metadata entry; arrays hold a single item type, as the format requires. */
export type GgufKV =
  | { key: string; type: GgufNumberType; value: number }
  | { key: string; type: GgufBigIntType; value: bigint | number }
  | { key: string; type: 'bool'; value: boolean }
  | { key: string; type: 'string'; value: string }
  | { key: string; type: 'array'; itemType: GgufNumberType; value: ArrayLike<number> }
  | { key: string; type: 'array'; itemType: GgufBigIntType; value: readonly (bigint | number)[] }
  | { key: string; type: 'array'; itemType: 'bool'; value: readonly boolean[] }
  | { key: string; type: 'array'; itemType: 'string'; value: readonly string[] };

export interface GgufTensor {
  name: string;
  /** GGUF order: fastest-varying first, so dims[0] is the row length (the reverse of a numpy shape). */
  dims: readonly number[];
  type: 'f32';
  data: Float32Array;
}

export interface GgufContent {
  metadata: readonly GgufKV[];
  tensors: readonly GgufTensor[];
}

/** Constructors that keep call sites short and pin each value to its GGUF type. */
export const kv = {
  uint8: (key: string, value: number): GgufKV => ({ key, type: 'uint8', value }),
  int8: (key: string, value: number): GgufKV => ({ key, type: 'int8', value }),
  uint16: (key: string, value: number): GgufKV => ({ key, type: 'uint16', value }),
  int16: (key: string, value: number): GgufKV => ({ key, type: 'int16', value }),
  uint32: (key: string, value: number): GgufKV => ({ key, type: 'uint32', value }),
  int32: (key: string, value: number): GgufKV => ({ key, type: 'int32', value }),
  uint64: (key: string, value: bigint | number): GgufKV => ({ key, type: 'uint64', value }),
  int64: (key: string, value: bigint | number): GgufKV => ({ key, type: 'int64', value }),
  float32: (key: string, value: number): GgufKV => ({ key, type: 'float32', value }),
  float64: (key: string, value: number): GgufKV => ({ key, type: 'float64', value }),
  bool: (key: string, value: boolean): GgufKV => ({ key, type: 'bool', value }),
  string: (key: string, value: string): GgufKV => ({ key, type: 'string', value }),
  strings: (key: string, value: readonly string[]): GgufKV => ({ key, type: 'array', itemType: 'string', value }),
  numbers: (key: string, itemType: GgufNumberType, value: ArrayLike<number>): GgufKV => ({
    key,
    type: 'array',
    itemType,
    value,
  }),
};

const VALUE_TYPE_IDS: Record<GgufScalarType | 'array', number> = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
};

const GGML_TYPE_IDS: Record<GgufTensor['type'], number> = { f32: 0 };
const GGML_TYPE_BYTES: Record<GgufTensor['type'], number> = { f32: 4 };

const INTEGER_RANGES: Partial<Record<GgufScalarType, readonly [bigint, bigint]>> = {
  uint8: [0n, 0xffn],
  int8: [-0x80n, 0x7fn],
  uint16: [0n, 0xffffn],
  int16: [-0x8000n, 0x7fffn],
  uint32: [0n, 0xffffffffn],
  int32: [-0x80000000n, 0x7fffffffn],
  uint64: [0n, 0xffffffffffffffffn],
  int64: [-0x8000000000000000n, 0x7fffffffffffffffn],
};

/** A growable little-endian byte buffer. */
class ByteWriter {
  private buffer = Buffer.alloc(64 * 1024);
  private view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  length = 0;

  private reserve(bytes: number): number {
    const start = this.length;
    const needed = start + bytes;
    if (needed > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, start);
      this.buffer = grown;
      this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
    }
    this.length = needed;
    return start;
  }

  uint8(v: number): void {
    this.view.setUint8(this.reserve(1), v);
  }
  int8(v: number): void {
    this.view.setInt8(this.reserve(1), v);
  }
  uint16(v: number): void {
    this.view.setUint16(this.reserve(2), v, true);
  }
  int16(v: number): void {
    this.view.setInt16(this.reserve(2), v, true);
  }
  uint32(v: number): void {
    this.view.setUint32(this.reserve(4), v, true);
  }
  int32(v: number): void {
    this.view.setInt32(this.reserve(4), v, true);
  }
  uint64(v: bigint | number): void {
    this.view.setBigUint64(this.reserve(8), BigInt(v), true);
  }
  int64(v: bigint | number): void {
    this.view.setBigInt64(this.reserve(8), BigInt(v), true);
  }
  float32(v: number): void {
    this.view.setFloat32(this.reserve(4), v, true);
  }
  float64(v: number): void {
    this.view.setFloat64(this.reserve(8), v, true);
  }
  float32Array(values: Float32Array): void {
    const start = this.reserve(values.length * 4);
    for (let i = 0; i < values.length; i++) this.view.setFloat32(start + i * 4, values[i]!, true);
  }
  string(v: string): void {
    const bytes = Buffer.from(v, 'utf8');
    this.uint64(bytes.length);
    bytes.copy(this.buffer, this.reserve(bytes.length));
  }
  /** Zero bytes up to the next multiple of `alignment` (the buffer is zero-filled on allocation). */
  padTo(alignment: number): void {
    this.reserve(alignedSize(this.length, alignment) - this.length);
  }
  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function alignedSize(size: number, alignment: number): number {
  return Math.ceil(size / alignment) * alignment;
}

function checkScalar(key: string, type: GgufScalarType, value: unknown): void {
  const range = INTEGER_RANGES[type];
  if (range) {
    const isInteger = typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
    if (!isInteger || BigInt(value as bigint | number) < range[0] || BigInt(value as bigint | number) > range[1]) {
      throw new RangeError(`GGUF metadata ${key}: ${String(value)} is not a valid ${type}`);
    }
  } else if ((type === 'float32' || type === 'float64') && typeof value !== 'number') {
    throw new TypeError(`GGUF metadata ${key}: ${String(value)} is not a number`);
  }
}

function writeScalar(out: ByteWriter, key: string, type: GgufScalarType, value: unknown): void {
  checkScalar(key, type, value);
  switch (type) {
    case 'bool':
      out.uint8(value ? 1 : 0);
      return;
    case 'string':
      out.string(value as string);
      return;
    case 'uint64':
    case 'int64':
      out[type](value as bigint | number);
      return;
    default:
      out[type](value as number);
  }
}

function writeKV(out: ByteWriter, entry: GgufKV): void {
  out.string(entry.key);
  out.uint32(VALUE_TYPE_IDS[entry.type]);
  if (entry.type !== 'array') {
    writeScalar(out, entry.key, entry.type, entry.value);
    return;
  }
  out.uint32(VALUE_TYPE_IDS[entry.itemType]);
  out.uint64(entry.value.length);
  for (let i = 0; i < entry.value.length; i++) writeScalar(out, entry.key, entry.itemType, entry.value[i]);
}

function alignmentOf(metadata: readonly GgufKV[]): number {
  const entry = metadata.find((e) => e.key === GGUF_ALIGNMENT_KEY);
  if (!entry) return GGUF_DEFAULT_ALIGNMENT;
  const value = entry.value;
  if (entry.type !== 'uint32' || typeof value !== 'number' || value <= 0 || (value & (value - 1)) !== 0) {
    throw new RangeError(`${GGUF_ALIGNMENT_KEY} must be a uint32 power of two`);
  }
  return value;
}

function checkContent({ metadata, tensors }: GgufContent): void {
  const keys = new Set<string>();
  for (const { key } of metadata) {
    if (keys.has(key)) throw new Error(`GGUF metadata key ${key} appears twice`);
    keys.add(key);
  }
  const names = new Set<string>();
  for (const tensor of tensors) {
    const { name, dims, data } = tensor;
    if (names.has(name)) throw new Error(`GGUF tensor ${name} appears twice`);
    names.add(name);
    if (Buffer.byteLength(name, 'utf8') > GGML_MAX_NAME_BYTES) {
      throw new Error(`GGUF tensor name ${name} is longer than ${GGML_MAX_NAME_BYTES} bytes`);
    }
    if (dims.length < 1 || dims.length > GGML_MAX_DIMS || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
      throw new RangeError(`GGUF tensor ${name}: dims [${dims.join(', ')}] must be 1 to 4 positive integers`);
    }
    const elements = dims.reduce((product, d) => product * d, 1);
    if (elements !== data.length) {
      throw new RangeError(
        `GGUF tensor ${name}: dims [${dims.join(', ')}] hold ${elements} values, data has ${data.length}`,
      );
    }
  }
}

/** The whole file as one buffer; the tiny models this serves are a few MB at most. */
export function serializeGguf(content: GgufContent): Buffer {
  checkContent(content);
  const { metadata, tensors } = content;
  const alignment = alignmentOf(metadata);
  const out = new ByteWriter();

  for (const ch of GGUF_MAGIC) out.uint8(ch.charCodeAt(0));
  out.uint32(GGUF_VERSION);
  out.uint64(tensors.length);
  out.uint64(metadata.length);
  for (const entry of metadata) writeKV(out, entry);

  // Offsets are relative to the start of the data section, each rounded up to the alignment.
  let dataOffset = 0;
  for (const tensor of tensors) {
    out.string(tensor.name);
    out.uint32(tensor.dims.length);
    for (const d of tensor.dims) out.uint64(d);
    out.uint32(GGML_TYPE_IDS[tensor.type]);
    out.uint64(dataOffset);
    dataOffset = alignedSize(dataOffset + tensor.data.length * GGML_TYPE_BYTES[tensor.type], alignment);
  }

  out.padTo(alignment);
  for (const tensor of tensors) {
    out.float32Array(tensor.data);
    out.padTo(alignment);
  }
  return out.toBuffer();
}

/**
 * Writes the file beside its destination, flushes it and renames it into place, so a reader (or a
 * concurrent writer of the same model) never sees a partial file.
 */
export async function writeGguf(filePath: string, content: GgufContent): Promise<void> {
  const bytes = serializeGguf(content);
  const target = path.resolve(filePath);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
