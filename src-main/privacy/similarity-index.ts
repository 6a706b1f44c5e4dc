/**
 * Ranks all originals by similarity to a query vector, for the linkage attack. Vectors are
 * L2-normalised, so a dot product is the cosine. Sparse (TF-IDF) originals go into an
 * inverted index so a query touches only the originals sharing a feature with it; dense
 * originals sit in one contiguous matrix. Pure.
 */
import { isSparse, type SparseVector, type Vector } from '../similarity/vectors.js';

/** Where the true source stands among all originals for one query. */
export interface SourceRanking {
  sourceSimilarity: number;
  /** Originals strictly more similar to the query than its source. */
  above: number;
  /** Other originals exactly as similar as the source. */
  tied: number;
  /** The most similar original (lowest index on ties); -1 when all originals are equally similar. */
  closestIndex: number;
  closestSimilarity: number;
}

export interface SimilarityIndex {
  /** Number of originals. */
  readonly size: number;
  /** Similarity of the query to every original, by index. */
  scores(query: Vector): Float64Array;
  rankSource(query: Vector, sourceIndex: number): SourceRanking;
}

/** Builds the index that suits the vectors: inverted for sparse, a matrix for dense. */
export function buildSimilarityIndex(originals: readonly Vector[]): SimilarityIndex {
  if (originals.length === 0) throw new Error('no originals to rank');
  const sparse = originals.filter(isSparse).length;
  if (sparse === originals.length) return new InvertedIndex(originals as SparseVector[]);
  if (sparse === 0) return new DenseIndex(originals as Float32Array[]);
  throw new Error('cannot index a mix of sparse and dense vectors');
}

/**
 * Expected rank of the source when tied originals are ordered at random: the strictly better
 * ones, then on average half of the ties. Without ties it is the plain rank.
 */
export function expectedRank(r: Pick<SourceRanking, 'above' | 'tied'>): number {
  return r.above + 1 + r.tied / 2;
}

/** Probability that the source lands in the top k when tied originals are ordered at random. */
export function topKProbability(r: Pick<SourceRanking, 'above' | 'tied'>, k: number): number {
  return Math.min(1, Math.max(0, (k - r.above) / (r.tied + 1)));
}

function checkSource(sourceIndex: number, size: number): void {
  if (!Number.isInteger(sourceIndex) || sourceIndex < 0 || sourceIndex >= size) {
    throw new RangeError(`source index ${sourceIndex} is outside 0..${size - 1}`);
  }
}

/** Counts above/tied and finds the closest original over a full score array. */
function rankFromScores(scores: Float64Array, sourceIndex: number): SourceRanking {
  const s = scores[sourceIndex]!;
  let above = 0;
  let tied = 0;
  let closestIndex = 0;
  for (let d = 0; d < scores.length; d++) {
    const sc = scores[d]!;
    if (sc > scores[closestIndex]!) closestIndex = d;
    if (d === sourceIndex) continue;
    if (sc > s) above++;
    else if (sc === s) tied++;
  }
  const closestSimilarity = scores[closestIndex]!;
  const allEqual = above === 0 && tied === scores.length - 1;
  return { sourceSimilarity: s, above, tied, closestIndex: allEqual ? -1 : closestIndex, closestSimilarity };
}

class DenseIndex implements SimilarityIndex {
  readonly size: number;
  private readonly dim: number;
  private readonly matrix: Float32Array;

  constructor(originals: readonly Float32Array[]) {
    this.size = originals.length;
    this.dim = originals[0]!.length;
    this.matrix = new Float32Array(this.size * this.dim);
    originals.forEach((v, i) => {
      if (v.length !== this.dim) throw new Error(`vector lengths differ: ${this.dim} and ${v.length}`);
      this.matrix.set(v, i * this.dim);
    });
  }

  scores(query: Vector): Float64Array {
    if (isSparse(query)) throw new Error('cannot compare a sparse vector with dense originals');
    if (query.length !== this.dim) throw new Error(`vector lengths differ: ${this.dim} and ${query.length}`);
    const out = new Float64Array(this.size);
    const { matrix, dim } = this;
    for (let d = 0, row = 0; d < this.size; d++, row += dim) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += matrix[row + j]! * query[j]!;
      out[d] = s;
    }
    return out;
  }

  rankSource(query: Vector, sourceIndex: number): SourceRanking {
    checkSource(sourceIndex, this.size);
    return rankFromScores(this.scores(query), sourceIndex);
  }
}

/** Postings in compressed-row form: the originals holding feature f are docs[start[f] .. start[f+1]). */
class InvertedIndex implements SimilarityIndex {
  readonly size: number;
  private readonly start: Uint32Array;
  private readonly docs: Uint32Array;
  private readonly weights: Float32Array;
  // Scratch reused across queries; only the touched entries are reset after each one.
  private readonly acc: Float64Array;
  private readonly touchedMark: Uint8Array;
  private readonly touched: Uint32Array;

  constructor(originals: readonly SparseVector[]) {
    this.size = originals.length;
    let features = 0;
    for (const v of originals)
      if (v.indices.length) features = Math.max(features, v.indices[v.indices.length - 1]! + 1);
    this.start = new Uint32Array(features + 1);
    for (const v of originals) for (const f of v.indices) this.start[f + 1]!++;
    for (let f = 0; f < features; f++) this.start[f + 1]! += this.start[f]!;
    this.docs = new Uint32Array(this.start[features]!);
    this.weights = new Float32Array(this.docs.length);
    const fill = this.start.slice(0, features);
    originals.forEach((v, d) => {
      for (let k = 0; k < v.indices.length; k++) {
        const p = fill[v.indices[k]!]!++;
        this.docs[p] = d;
        this.weights[p] = v.values[k]!;
      }
    });
    this.acc = new Float64Array(this.size);
    this.touchedMark = new Uint8Array(this.size);
    this.touched = new Uint32Array(this.size);
  }

  /** Accumulates the query's similarity into `acc` for the originals it touches; returns how many. */
  private accumulate(query: Vector): number {
    if (!isSparse(query)) throw new Error('cannot compare a dense vector with sparse originals');
    const features = this.start.length - 1;
    let count = 0;
    for (let k = 0; k < query.indices.length; k++) {
      const f = query.indices[k]!;
      if (f >= features) continue;
      const q = query.values[k]!;
      for (let p = this.start[f]!, end = this.start[f + 1]!; p < end; p++) {
        const d = this.docs[p]!;
        if (!this.touchedMark[d]) {
          this.touchedMark[d] = 1;
          this.touched[count++] = d;
        }
        this.acc[d]! += q * this.weights[p]!;
      }
    }
    return count;
  }

  private reset(count: number): void {
    for (let i = 0; i < count; i++) {
      const d = this.touched[i]!;
      this.acc[d] = 0;
      this.touchedMark[d] = 0;
    }
  }

  scores(query: Vector): Float64Array {
    const count = this.accumulate(query);
    const out = Float64Array.from(this.acc);
    this.reset(count);
    return out;
  }

  rankSource(query: Vector, sourceIndex: number): SourceRanking {
    checkSource(sourceIndex, this.size);
    const count = this.accumulate(query);
    const s = this.acc[sourceIndex]!;
    let above = 0;
    let tied = 0;
    let closestIndex = -1;
    let closestSimilarity = -Infinity;
    for (let i = 0; i < count; i++) {
      const d = this.touched[i]!;
      const sc = this.acc[d]!;
      if (sc > closestSimilarity || (sc === closestSimilarity && d < closestIndex)) {
        closestIndex = d;
        closestSimilarity = sc;
      }
      if (d === sourceIndex) continue;
      if (sc > s) above++;
      else if (sc === s) tied++;
    }
    // Every original the query shares no feature with scores exactly 0.
    const untouchedOthers = this.size - count - (this.touchedMark[sourceIndex] ? 0 : 1);
    if (s === 0) tied += untouchedOthers;
    else if (s < 0) above += untouchedOthers;
    if (count < this.size && closestSimilarity <= 0) {
      const firstUntouched = this.touchedMark.indexOf(0);
      if (closestSimilarity < 0 || firstUntouched < closestIndex || closestIndex < 0) closestIndex = firstUntouched;
      closestSimilarity = 0;
    }
    this.reset(count);
    if (above === 0 && tied === this.size - 1) closestIndex = -1;
    return { sourceSimilarity: s, above, tied, closestIndex, closestSimilarity };
  }
}
