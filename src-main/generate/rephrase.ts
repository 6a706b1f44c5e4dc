/**
 * Rephrasing one post: prompt, generate, clean, validate, and on failure try again with the
 * next seed. Shared by generation jobs and temperature sweeps.
 */
import type { GenerationParams } from '../contract/schemas.js';
import type { TextGenerator } from '../llm/backend.js';
import type { ModelRow } from '../store/models-repo.js';
import type { NewVariant } from '../store/variants-repo.js';
import { rephraseMessages } from './prompt.js';
import { gateReply } from './reply-gate.js';

export type RephraseSettings = Pick<GenerationParams, 'maxAttempts' | 'validation' | 'maxTokens'> & { templateBody: string };

export interface RephraseOutcome {
  status: 'ok' | 'failed';
  /** The cleaned text of the last attempt (kept for failures too, to inspect). */
  text: string;
  failureReason: string | null;
  /** The seed of the last attempt. */
  seed: number;
  attempts: number;
  tokensIn: number;
  tokensOut: number;
  ms: number;
}

/** Max tokens for one answer: enough for the longest allowed rewrite (about 3 characters a token). */
export function answerTokenBudget(source: string, s: Pick<RephraseSettings, 'validation' | 'maxTokens'>): number {
  const byLength = Math.ceil((source.length / 3) * s.validation.maxLengthRatio) + 16;
  return Math.min(s.maxTokens ?? 1024, byLength);
}

export async function rephrasePost(
  generator: TextGenerator,
  source: string,
  temperature: number,
  baseSeed: number,
  s: RephraseSettings,
  signal?: AbortSignal,
): Promise<RephraseOutcome> {
  const messages = rephraseMessages(s.templateBody, source);
  const maxTokens = answerTokenBudget(source, s);
  const total = { tokensIn: 0, tokensOut: 0, ms: 0 };
  let text = '';
  let problem: string | undefined;
  let attempt = 0;
  for (; attempt < s.maxAttempts; attempt++) {
    const r = await generator.generate({ messages, temperature, seed: baseSeed + attempt, maxTokens }, signal);
    total.tokensIn += r.tokensIn;
    total.tokensOut += r.tokensOut;
    total.ms += r.ms;
    const verdict = gateReply(source, r.text, undefined, s.validation);
    text = verdict.text ?? r.text;
    problem = verdict.outcome === 'accepted' ? undefined : verdict.detail;
    if (!problem) break;
  }
  const attempts = Math.min(attempt + 1, s.maxAttempts);
  return {
    status: problem ? 'failed' : 'ok',
    text,
    failureReason: problem ?? null,
    seed: baseSeed + attempts - 1,
    attempts,
    ...total,
  };
}

/** The variant row for an outcome, with its provenance. */
export function variantRow(
  outcome: RephraseOutcome,
  where: { postId: number; model: ModelRow; temperature: number; templateId: number; jobId: number | null; sweepId?: number; replicate?: number },
): NewVariant {
  return {
    post_id: where.postId,
    model_id: where.model.id,
    job_id: where.jobId,
    sweep_id: where.sweepId ?? null,
    replicate: where.replicate ?? 0,
    prompt_template_id: where.templateId,
    model_sha256: where.model.file_sha256,
    family: where.model.family,
    temperature: where.temperature,
    seed: outcome.seed,
    status: outcome.status,
    text: outcome.status === 'ok' ? outcome.text : outcome.text || null,
    failure_reason: outcome.failureReason,
    attempts: outcome.attempts,
    tokens_in: outcome.tokensIn,
    tokens_out: outcome.tokensOut,
    generation_ms: outcome.ms,
  };
}
