/** Dense and sparse vectors, and cosine similarity between two of the same kind. Pure. */
export interface SparseVector {
  /** Strictly increasing feature indices. */
  indices: Uint32Array;
  values: Float32Array;
}

export type Vector = Float32Array | SparseVector;

export function isSparse(v: Vector): v is SparseVector {
  return !(v instanceof Float32Array);
}

export function dot(a: Vector, b: Vector): number {
  if (!isSparse(a) && !isSparse(b)) {
    if (a.length !== b.length) throw new Error(`vector lengths differ: ${a.length} and ${b.length}`);
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
    return s;
  }
  if (isSparse(a) && isSparse(b)) {
    let s = 0;
    let i = 0;
    let j = 0;
    while (i < a.indices.length && j < b.indices.length) {
      const ai = a.indices[i]!;
      const bj = b.indices[j]!;
      if (ai === bj) s += a.values[i++]! * b.values[j++]!;
      else if (ai < bj) i++;
      else j++;
    }
    return s;
  }
  throw new Error('cannot compare a sparse vector with a dense one');
}

export function norm(v: Vector): number {
  const values = isSparse(v) ? v.values : v;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  return Math.sqrt(s);
}

/** Cosine similarity; 0 when either vector is all zeros. */
export function cosine(a: Vector, b: Vector): number {
  const n = norm(a) * norm(b);
  return n === 0 ? 0 : dot(a, b) / n;
}

/** Scales to unit length in place (a zero vector stays zero). */
export function normalize<T extends Vector>(v: T): T {
  const n = norm(v);
  if (n === 0) return v;
  const values = isSparse(v) ? v.values : (v as Float32Array);
  for (let i = 0; i < values.length; i++) values[i]! /= n;
  return v;
}
