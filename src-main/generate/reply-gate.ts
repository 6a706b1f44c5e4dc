/**
 * The reply gate: decides whether a model's reply is a usable rephrasing of its post, extracts the
 * rewrite, and names the outcome otherwise. Pure: the generation job stores every verdict.
 *
 * First version: wraps the earlier cleaning and validation; the full gate replaces it.
 */
import type { FinishReason, GateOutcome } from '../contract/schemas.js';
import { cleanModelOutput, DEFAULT_VALIDATION, validateVariant, type ValidationOptions } from './output-cleaning.js';

export type GateOptions = ValidationOptions;
export const DEFAULT_GATE_OPTIONS: GateOptions = DEFAULT_VALIDATION;

export interface GateVerdict {
  outcome: GateOutcome;
  /** The extracted, cleaned rewrite when outcome is 'accepted', else null. */
  text: string | null;
  /** One human-readable sentence saying why. */
  detail: string;
}

export function gateReply(
  source: string,
  reply: string,
  finishReason: FinishReason | undefined,
  options: GateOptions = DEFAULT_GATE_OPTIONS,
): GateVerdict {
  if (finishReason === 'length') return { outcome: 'truncated', text: null, detail: 'cut off by the token limit (finish reason "length")' };
  const text = cleanModelOutput(reply);
  const problem = validateVariant(source, text, options);
  if (!problem) return { outcome: 'accepted', text, detail: 'accepted' };
  const outcome: GateOutcome = problem.startsWith('empty')
    ? 'empty'
    : problem === 'refusal'
      ? 'refusal'
      : problem.startsWith('length')
        ? 'length'
        : 'verbatim';
  return { outcome, text: null, detail: problem };
}
