/**
 * The generated corpus of bench:train (no data can be downloaded here): filler words, plus for
 * each of 12 categories a set of cue words planted in its posts, with noise (labelled posts
 * missing their cue, cue words in posts without the label). Dense features are a random
 * direction per category summed over a post's labels plus Gaussian noise, L2-normalised.
 */
import { denseMatrix, type FeatureMatrix } from '../../src-main/classify/matrices.js';
import { shuffleInPlace, type Random } from '../../src-main/classify/random.js';
import { SAMPLE_CATEGORIES } from './sample-categories.js';

export const CATEGORIES = SAMPLE_CATEGORIES;
export const DENSE_DIM = 768;
/** Norm of the Gaussian noise added to a post's dense features, against 1 per label. */
const NOISE = 11;

function pseudoWord(random: Random): string {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'be', 'so', 'vi', 'da', 'pe', 'gu', 'fo', 'ri', 'za', 'he'];
  const n = 2 + Math.floor(random() * 3);
  return Array.from({ length: n }, () => syllables[Math.floor(random() * syllables.length)]).join('');
}

export interface Corpus {
  texts: string[];
  labels: string[][];
}

export function generateCorpus(n: number, random: Random): Corpus {
  const filler = Array.from({ length: 5000 }, () => pseudoWord(random));
  // Cue words are marked so that no filler word can be one by chance.
  const cues = CATEGORIES.map(() => Array.from({ length: 30 }, () => `${pseudoWord(random)}x`));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const texts: string[] = [];
  const labels: string[][] = [];
  for (let i = 0; i < n; i++) {
    const own = CATEGORIES.filter(() => random() < 0.15);
    const words = Array.from({ length: 15 + Math.floor(random() * 40) }, () => pick(filler));
    own.forEach((c) => {
      // One labelled post in ten carries no cue: only its label says it has that PII.
      if (random() < 0.9)
        for (let k = 1 + Math.floor(random() * 2); k > 0; k--) words.push(pick(cues[CATEGORIES.indexOf(c)]!));
    });
    // Cue words out of context: a label-free mention.
    if (random() < 0.1) words.push(pick(pick(cues)));
    shuffleInPlace(words, random);
    texts.push(words.join(' '));
    labels.push(own);
  }
  return { texts, labels };
}

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function denseFeatures(labels: readonly string[][], random: Random): FeatureMatrix {
  const directions = CATEGORIES.map(() =>
    Float32Array.from({ length: DENSE_DIM }, () => gaussian(random) / Math.sqrt(DENSE_DIM)),
  );
  const rows = labels.map((own) => {
    const v = Float32Array.from({ length: DENSE_DIM }, () => (gaussian(random) * NOISE) / Math.sqrt(DENSE_DIM));
    for (const c of own) {
      const d = directions[CATEGORIES.indexOf(c)]!;
      for (let k = 0; k < DENSE_DIM; k++) v[k]! += d[k]!;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });
  return denseMatrix(rows, DENSE_DIM);
}
