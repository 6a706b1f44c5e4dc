/**
 * The exact one-sided binomial test used to read linkage rates against chance. Pure.
 */

/** ln i! for i = 0..n, summed exactly (accurate to rounding; n is a count of variants, so O(n) is cheap). */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) out[i] = out[i - 1]! + Math.log(i);
  return out;
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p): the p-value of the exact one-sided binomial test that a rate of
 * k successes in n trials is above chance p. Summed in log space from k upward, so it stays accurate
 * for tiny tails and large n.
 *
 * @param k successes (an integer, 0 ≤ k ≤ n)
 * @param n trials (a non-negative integer)
 * @param p success probability under the null hypothesis, in [0, 1]
 * @throws RangeError when an argument is outside those ranges
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial test: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n)
    throw new RangeError(`binomial test: k must be an integer in 0..${n}, got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial test: p must be in [0, 1], got ${p}`);
  if (k === 0) return 1;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const lf = logFactorials(n);
  // ln P(X = i) = ln C(n, i) + i ln p + (n − i) ln(1 − p)
  const logs: number[] = [];
  for (let i = k; i <= n; i++) logs.push(lf[n]! - lf[i]! - lf[n - i]! + i * Math.log(p) + (n - i) * Math.log1p(-p));
  const top = logs.reduce((a, b) => Math.max(a, b), -Infinity);
  const sum = logs.reduce((s, l) => s + Math.exp(l - top), 0);
  return Math.min(1, Math.exp(top) * sum);
}

/**
 * The one-sided p-value of a linkage rate against chance: the rate is a share of `variants` (its
 * expected count with ties broken at random, rounded to whole variants).
 */
export function linkagePValue(rate: number, variants: number, chance: number): number {
  return binomialUpperTail(Math.min(variants, Math.max(0, Math.round(rate * variants))), variants, chance);
}
