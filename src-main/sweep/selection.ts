/** How a sweep picks each model's temperature. Pure. */
export interface SweepPoint {
  temperature: number;
  /** Mean similarity of the usable variants; null when there were none. */
  mean: number | null;
  n: number;
  failed: number;
}

export interface SelectionRule {
  /** Ignore temperatures where more than this share of outputs failed (0–1). */
  maxFailureShare?: number;
}

/**
 * The temperature with the lowest mean similarity to the originals (ties go to the lower
 * temperature), among points that have usable variants and meet the failure constraint.
 */
export function chooseTemperature(points: readonly SweepPoint[], rule: SelectionRule = {}): number | undefined {
  let best: SweepPoint | undefined;
  for (const p of points) {
    if (p.mean === null) continue;
    const total = p.n + p.failed;
    if (rule.maxFailureShare !== undefined && total > 0 && p.failed / total > rule.maxFailureShare) continue;
    if (!best || p.mean < best.mean! || (p.mean === best.mean && p.temperature < best.temperature)) best = p;
  }
  return best?.temperature;
}

/** `0.5:1.0:0.1` → [0.5, 0.6, …, 1.0] (rounded to avoid floating-point drift), or a comma list. */
export function parseTemperatureGrid(text: string): number[] {
  const bad = (why: string) => new Error(`--temps "${text}": ${why}`);
  let temps: number[];
  if (text.includes(':')) {
    const [from, to, step] = text.split(':').map(Number);
    if (![from, to, step].every((v) => Number.isFinite(v)) || step! <= 0 || to! < from!) throw bad('use FROM:TO:STEP with FROM ≤ TO and STEP > 0');
    const count = Math.floor((to! - from!) / step! + 1e-9) + 1;
    temps = Array.from({ length: count }, (_, i) => Math.round((from! + i * step!) * 1e6) / 1e6);
  } else {
    temps = text.split(',').map((s) => Number(s.trim()));
  }
  if (!temps.length || temps.some((t) => !Number.isFinite(t) || t < 0 || t > 2)) throw bad('temperatures must be between 0 and 2');
  return [...new Set(temps)].sort((a, b) => a - b);
}
