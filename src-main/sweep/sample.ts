/** Seeded sampling without replacement. Pure. */
import { mulberry32 } from '../util/random.js';

/** `k` items chosen uniformly with a seeded partial Fisher–Yates shuffle, in their original order. */
export function seededSample<T>(items: readonly T[], k: number, seed: number): T[] {
  const rand = mulberry32(seed);
  const idx = items.map((_, i) => i);
  const take = Math.min(k, idx.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rand() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, take)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}
