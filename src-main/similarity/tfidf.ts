/**
 * TF-IDF with word n-grams and sublinear term frequency, fitted on a corpus (the dataset's
 * originals). The weighting follows scikit-learn's TfidfVectorizer(sublinear_tf=True,
 * smooth_idf=True, norm='l2'): tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1. Pure.
 */
import { normalize, type SparseVector } from './vectors.js';

export interface TfidfOptions {
  /** Longest word n-gram (1 = words only). */
  maxNgram: number;
  /** Drop terms seen in fewer documents. */
  minDf: number;
  /** Keep only the most frequent terms (by document frequency), when set. */
  maxFeatures?: number;
}

export const DEFAULT_TFIDF: TfidfOptions = { maxNgram: 2, minDf: 1 };

/** Lower-cased words of letters and digits (apostrophes inside words kept). */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []
  );
}

export function ngrams(words: readonly string[], maxN: number): string[] {
  const out: string[] = [...words];
  for (let n = 2; n <= maxN; n++) {
    for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  }
  return out;
}

export interface TfidfModel {
  vocabulary: Map<string, number>;
  idf: Float32Array;
  options: TfidfOptions;
  documents: number;
}

/** The word n-grams of a text (1 … maxNgram): the terms fitTfidf counts and tfidfVector weighs. */
export function textTerms(text: string, maxNgram: number): string[] {
  return ngrams(tokenize(text), maxNgram);
}

export function fitTfidf(corpus: Iterable<string>, options: Partial<TfidfOptions> = {}): TfidfModel {
  const o = { ...DEFAULT_TFIDF, ...options };
  const terms: string[][] = [];
  for (const text of corpus) terms.push(textTerms(text, o.maxNgram));
  return fitTfidfTerms(terms, o);
}

/** fitTfidf on texts already split into terms by textTerms (with the same maxNgram): each text is split once. */
export function fitTfidfTerms(
  documentsTerms: Iterable<readonly string[]>,
  options: Partial<TfidfOptions> = {},
): TfidfModel {
  const o = { ...DEFAULT_TFIDF, ...options };
  const df = new Map<string, number>();
  let documents = 0;
  for (const termsOfText of documentsTerms) {
    documents++;
    for (const term of new Set(termsOfText)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  let terms = [...df.entries()].filter(([, n]) => n >= o.minDf);
  if (o.maxFeatures !== undefined && terms.length > o.maxFeatures) {
    terms = terms.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, o.maxFeatures);
  }
  terms.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const vocabulary = new Map<string, number>();
  const idf = new Float32Array(terms.length);
  terms.forEach(([term, n], i) => {
    vocabulary.set(term, i);
    idf[i] = Math.log((1 + documents) / (1 + n)) + 1;
  });
  return { vocabulary, idf, options: o, documents };
}

/** The L2-normalised TF-IDF vector of a text; terms outside the vocabulary are ignored. */
export function tfidfVector(model: TfidfModel, text: string): SparseVector {
  return tfidfVectorOfTerms(model, textTerms(text, model.options.maxNgram));
}

/** tfidfVector of a text already split by textTerms (with the model's maxNgram). */
export function tfidfVectorOfTerms(model: TfidfModel, terms: readonly string[]): SparseVector {
  const counts = new Map<number, number>();
  for (const term of terms) {
    const i = model.vocabulary.get(term);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const indices = Uint32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  indices.forEach((i, k) => {
    values[k] = (1 + Math.log(counts.get(i)!)) * model.idf[i]!;
  });
  return normalize({ indices, values });
}

/** The vocabulary's terms by index (fitTfidf numbers them in sorted order). */
export function tfidfTerms(model: TfidfModel): string[] {
  const terms = new Array<string>(model.vocabulary.size);
  for (const [term, i] of model.vocabulary) terms[i] = term;
  return terms;
}

/**
 * The model with only the terms `kept` (indices in increasing order), renumbered in the same
 * order; vectors are L2-normalised over the kept terms alone.
 */
export function restrictTfidf(model: TfidfModel, kept: Uint32Array): TfidfModel {
  const terms = tfidfTerms(model);
  const vocabulary = new Map<string, number>();
  const idf = new Float32Array(kept.length);
  kept.forEach((i, k) => {
    if (i >= terms.length || (k > 0 && i <= kept[k - 1]!))
      throw new RangeError(`kept term ${i} is out of order or range`);
    vocabulary.set(terms[i]!, k);
    idf[k] = model.idf[i]!;
  });
  return { vocabulary, idf, options: model.options, documents: model.documents };
}
