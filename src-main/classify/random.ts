/** Seeded randomness for splits, initialisation and shuffling: the same seed gives the same run. */

import { mulberry32, type Random } from '../util/random.js';

export type { Random };
export const createRandom = mulberry32;

/** A uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<E>(items: { length: number; [i: number]: E }, random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}
