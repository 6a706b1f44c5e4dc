/**
 * How a sweep picks each model's temperature. Pure.
 *
 * Rule: among the temperatures whose accepted share (accepted attempts over attempts that got a reply) is at
 * least `minAcceptedShare` and whose accepted variants have a finite mean similarity, the one with the lowest
 * mean similarity to the originals wins (ties go to the lower temperature). Rejected replies never enter the
 * mean: garbage that the gate turned away cannot look "dissimilar" and win. When no temperature qualifies,
 * none is chosen and the reason says so. When the winner's 95% CI overlaps the runner-up's, the choice is
 * flagged as not significant (overlap is the conservative reading: a difference may still exist).
 */
import type { SweepChoice } from '../contract/schemas.js';

export interface SweepPoint {
  temperature: number;
  /** Mean similarity of the accepted variants; null (or NaN) when there were none. */
  mean: number | null;
  ci95?: [number, number] | null;
  /** Accepted variants. */
  n: number;
  /** Accepted share of the attempts that got a reply (0–1); null when none did. */
  acceptedShare: number | null;
}

export interface SelectionRule {
  /** Least accepted share a temperature needs to be chosen (0–1). */
  minAcceptedShare: number;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

function eligible(p: SweepPoint, rule: SelectionRule): boolean {
  return p.n > 0 && p.mean !== null && Number.isFinite(p.mean) && p.acceptedShare !== null && p.acceptedShare >= rule.minAcceptedShare;
}

/** The chosen temperature (or none), the runner-up and whether the difference between them is significant. */
export function selectTemperature(points: readonly SweepPoint[], rule: SelectionRule): SweepChoice {
  const ranked = points
    .filter((p) => eligible(p, rule))
    .sort((a, b) => a.mean! - b.mean! || a.temperature - b.temperature);
  const [best, second] = ranked;
  if (!best) {
    const measured = points.filter((p) => p.acceptedShare !== null);
    const top = measured.sort((a, b) => b.acceptedShare! - a.acceptedShare! || a.temperature - b.temperature)[0];
    const bestShare = top ? ` (highest: ${percent(top.acceptedShare!)} at ${top.temperature})` : ' (no replies were judged)';
    return {
      chosen: null,
      runnerUp: null,
      significant: null,
      reason: `no temperature qualifies: none had at least ${percent(rule.minAcceptedShare)} of its replies accepted with a measurable similarity${bestShare}`,
    };
  }
  const lead = `lowest mean similarity (${best.mean!.toFixed(3)}) among ${ranked.length} temperature${ranked.length === 1 ? '' : 's'} with at least ${percent(rule.minAcceptedShare)} of replies accepted`;
  if (!second) return { chosen: best.temperature, runnerUp: null, significant: null, reason: `${lead}; no runner-up to compare with` };
  if (!best.ci95 || !second.ci95) {
    return { chosen: best.temperature, runnerUp: second.temperature, significant: null, reason: `${lead}; too few accepted variants for a confidence interval against ${second.temperature}` };
  }
  const significant = best.ci95[1] < second.ci95[0];
  return {
    chosen: best.temperature,
    runnerUp: second.temperature,
    significant,
    reason: significant
      ? `${lead}; its 95% CI lies below that of the runner-up ${second.temperature}`
      : `${lead}; the difference from the runner-up ${second.temperature} is not significant (their 95% CIs overlap)`,
  };
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
