import { createHash } from 'node:crypto';
import type { Embedder } from './embedder.js';
import { fitTfidf, tfidfVector, type TfidfModel, type TfidfOptions } from './tfidf.js';
import type { Vector } from './vectors.js';

/** TF-IDF fitted on a corpus (normally the dataset's originals); cheap, so never cached. */
export class TfidfEmbedder implements Embedder {
  readonly id: string;
  readonly description: string;
  readonly model: TfidfModel;

  constructor(corpus: readonly string[], options: Partial<TfidfOptions> = {}) {
    this.model = fitTfidf(corpus, options);
    const h = createHash('sha256');
    for (const t of corpus) h.update(t).update('\u0000');
    const n = this.model.options.maxNgram;
    this.id = `tfidf:1-${n}gram:${h.digest('hex').slice(0, 12)}`;
    this.description = `TF-IDF, word 1–${n}-grams, sublinear tf, ${this.model.vocabulary.size} terms from ${corpus.length} posts`;
  }

  async embed(texts: readonly string[]): Promise<Vector[]> {
    return texts.map((t) => tfidfVector(this.model, t));
  }

  async dispose(): Promise<void> {}
}
