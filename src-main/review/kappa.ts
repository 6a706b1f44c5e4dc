/** Inter-annotator agreement. Pure. */

/**
 * Cohen's kappa for two annotators' categorical decisions on the same items:
 * κ = (p_o − p_e) / (1 − p_e), with p_e from each annotator's own category shares.
 * Null when undefined: with no items, and when p_e = 1 — both annotators gave one and the same
 * category to every item, so there is no variation to agree beyond chance on (0/0). Raw
 * agreement p_o is reported beside it for that case (reviews.ts).
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    if (x === y) agree++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [k, ca] of a) pe += (ca / n) * ((b.get(k) ?? 0) / n);
  if (pe === 1) return null;
  return (po - pe) / (1 - pe);
}
