/**
 * Feature and label matrices as flat typed arrays: compact, and cheap to copy to the training
 * worker. Sparse features use compressed sparse rows (CSR) so a 100k-term TF-IDF row costs only
 * its non-zero entries.
 */
import type { SparseVector } from '../similarity/vectors.js';

/** Row-major dense features. */
export interface DenseMatrix {
  kind: 'dense';
  rows: number;
  dim: number;
  values: Float32Array;
}

/** CSR: row r's entries are indices/values[indptr[r] .. indptr[r + 1]), indices increasing. */
export interface SparseMatrix {
  kind: 'sparse';
  rows: number;
  dim: number;
  indptr: Uint32Array;
  indices: Uint32Array;
  values: Float32Array;
}

export type FeatureMatrix = DenseMatrix | SparseMatrix;

/** Row-major 0/1 matrix: example × category. */
export interface LabelMatrix {
  rows: number;
  cols: number;
  values: Uint8Array;
}

export function denseMatrix(rows: readonly Float32Array[], dim: number): DenseMatrix {
  const values = new Float32Array(rows.length * dim);
  rows.forEach((row, r) => {
    if (row.length !== dim) throw new Error(`feature row ${r} has ${row.length} values, expected ${dim}`);
    values.set(row, r * dim);
  });
  return { kind: 'dense', rows: rows.length, dim, values };
}

export function sparseMatrix(rows: readonly SparseVector[], dim: number): SparseMatrix {
  const indptr = new Uint32Array(rows.length + 1);
  rows.forEach((row, r) => (indptr[r + 1] = indptr[r]! + row.indices.length));
  const nnz = indptr[rows.length]!;
  const indices = new Uint32Array(nnz);
  const values = new Float32Array(nnz);
  rows.forEach((row, r) => {
    indices.set(row.indices, indptr[r]);
    values.set(row.values, indptr[r]);
  });
  return { kind: 'sparse', rows: rows.length, dim, indptr, indices, values };
}

export class UnknownLabelError extends Error {
  override name = 'UnknownLabelError';
}

/** The 0/1 matrix of label sets over `categories`; a label outside them is an error. */
export function labelMatrix(labelSets: readonly (readonly string[])[], categories: readonly string[]): LabelMatrix {
  const column = new Map(categories.map((c, j) => [c, j]));
  const values = new Uint8Array(labelSets.length * categories.length);
  labelSets.forEach((labels, r) => {
    for (const label of labels) {
      const j = column.get(label);
      if (j === undefined) throw new UnknownLabelError(`unknown category "${label}" (known: ${categories.join(', ')})`);
      values[r * categories.length + j] = 1;
    }
  });
  return { rows: labelSets.length, cols: categories.length, values };
}

/** The category names set in row `r`. */
export function labelsOfRow(m: LabelMatrix, r: number, categories: readonly string[]): string[] {
  return categories.filter((_, j) => m.values[r * m.cols + j] === 1);
}
