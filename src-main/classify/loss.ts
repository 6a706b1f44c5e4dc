/**
 * Binary cross-entropy on logits with an optional weight on positives, as PyTorch's
 * BCEWithLogitsLoss(pos_weight=w): loss = -[w·y·ln σ(z) + (1 − y)·ln(1 − σ(z))]. Written with
 * softplus so that no logit, however large, overflows or takes the log of zero. Pure.
 */

/** ln(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** σ(z) = 1 / (1 + e^−z) without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Loss of one logit: (1 − y)·z + (1 + (w − 1)·y)·softplus(−z), since −ln σ(z) = softplus(−z). */
export function bceWithLogits(z: number, y: number, positiveWeight = 1): number {
  return (1 - y) * z + (1 + (positiveWeight - 1) * y) * softplus(-z);
}

/** d loss / d z = (1 − y) − (1 + (w − 1)·y)·σ(−z); with w = 1 it is σ(z) − y. */
export function bceWithLogitsGradient(z: number, y: number, positiveWeight = 1): number {
  return 1 - y - (1 + (positiveWeight - 1) * y) * sigmoid(-z);
}
