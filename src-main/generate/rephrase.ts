/**
 * Rephrasing one post: prompt in the family's format with its stop sequences, generate, put the reply
 * through the reply gate, and on a rejection try again with the next seed. Every attempt is kept (raw
 * reply, finish reason, gate outcome) so that the gate can be audited. Shared by generation jobs and
 * temperature sweeps.
 *
 * Budget: the first attempt may write answerTokenBudget() tokens. A reply cut off by that limit (finish
 * reason "length") is never accepted; the next attempt gets twice the budget, up to
 * TRUNCATION_BUDGET_GROWTH_LIMIT times the first. When the attempts run out, the variant is a failed row
 * whose reason says it was truncated.
 *
 * A call that fails (the backend's own retries spent, or a thrown error) ends the post's attempts with
 * outcome 'error': another seed does not cure an HTTP 4xx or a dead endpoint. The job decides what follows.
 */
import type { AttemptOutcome, GenerationParams, ModelFamily } from '../contract/schemas.js';
import type { TextGenerator } from '../llm/backend.js';
import { familyStopSequences } from '../llm/chat-format.js';
import type { ModelRow } from '../store/models-repo.js';
import type { NewAttempt, NewVariant } from '../store/variants-repo.js';
import { gateReply } from './reply-gate.js';
import { rephraseMessages } from './prompt.js';

export type RephraseSettings = Pick<GenerationParams, 'maxAttempts' | 'validation' | 'maxTokens'> & { templateBody: string };

/** A truncated reply's retry doubles the token budget, up to this many times the first attempt's. */
export const TRUNCATION_BUDGET_GROWTH_LIMIT = 4;
/** How much of an error message a failed row quotes. */
export const FAILURE_EXCERPT_CHARS = 300;

export interface RephraseOutcome {
  status: 'ok' | 'failed';
  /** 'accepted', the last attempt's gate outcome, or 'error' when the call failed. */
  outcome: AttemptOutcome;
  /** The accepted rewrite; null for a failure. */
  text: string | null;
  /** Why it failed, for people ("truncated: … after 3 attempts"); null when accepted. */
  failureReason: string | null;
  /** The seed of the last attempt. */
  seed: number;
  attempts: NewAttempt[];
  /** Sums over the attempts that got a reply; null when any of them did not report its tokens. */
  tokensIn: number | null;
  tokensOut: number | null;
  ms: number;
}

/** Max tokens for one answer: enough for the longest allowed rewrite (about 3 characters a token). */
export function answerTokenBudget(source: string, s: Pick<RephraseSettings, 'validation' | 'maxTokens'>): number {
  const byLength = Math.ceil((source.length / 3) * s.validation.maxLengthRatio) + 16;
  return Math.min(s.maxTokens ?? 1024, byLength);
}

/** The budget after a truncated attempt: doubled, bounded by TRUNCATION_BUDGET_GROWTH_LIMIT × the first. */
export function grownBudget(current: number, first: number): number {
  return Math.min(current * 2, first * TRUNCATION_BUDGET_GROWTH_LIMIT);
}

/** One line, at most `max` characters, for failure reasons and gate details. */
export function excerpt(text: string, max = FAILURE_EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function sumKnown(values: (number | null)[]): number | null {
  if (!values.length || values.some((v) => v === null)) return null;
  return values.reduce<number>((a, v) => a + v!, 0);
}

export async function rephrasePost(
  generator: TextGenerator,
  family: ModelFamily,
  source: string,
  temperature: number,
  baseSeed: number,
  s: RephraseSettings,
  signal?: AbortSignal,
): Promise<RephraseOutcome> {
  const messages = rephraseMessages(s.templateBody, source);
  const stop = familyStopSequences(family);
  const firstBudget = answerTokenBudget(source, s);
  let budget = firstBudget;
  const attempts: NewAttempt[] = [];
  let accepted: string | null = null;
  for (let i = 0; i < s.maxAttempts; i++) {
    const seed = baseSeed + i;
    const started = performance.now();
    let reply;
    try {
      reply = await generator.generate({ messages, temperature, seed, maxTokens: budget, stop }, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      const detail = excerpt((err as Error).message || String(err));
      attempts.push({ attempt: i + 1, seed, max_tokens: budget, raw_reply: null, finish_reason: 'error', outcome: 'error', detail, tokens_in: null, tokens_out: null, ms: performance.now() - started });
      break;
    }
    let verdict = gateReply(source, reply.text, reply.finishReason, s.validation);
    // Whatever else the gate saw, a reply cut off by the token limit is never accepted.
    if (reply.finishReason === 'length' && verdict.outcome === 'accepted') {
      verdict = { outcome: 'truncated', text: null, detail: 'cut off by the token limit (finish reason "length")' };
    }
    attempts.push({
      attempt: i + 1,
      seed,
      max_tokens: budget,
      raw_reply: reply.text,
      finish_reason: reply.finishReason,
      outcome: verdict.outcome,
      detail: verdict.detail,
      tokens_in: reply.tokensIn,
      tokens_out: reply.tokensOut,
      ms: reply.ms,
    });
    if (verdict.outcome === 'accepted' && verdict.text !== null) {
      accepted = verdict.text;
      break;
    }
    // A cut-off reply (whatever the gate named it) gets more room next time.
    if (reply.finishReason === 'length') budget = grownBudget(budget, firstBudget);
  }
  const last = attempts[attempts.length - 1]!;
  const replied = attempts.filter((a) => a.outcome !== 'error');
  const n = attempts.length;
  let failureReason: string | null = null;
  if (accepted === null) {
    const cut = attempts.some((a) => a.finish_reason === 'length');
    const tries = n === 1 ? '' : ` (after ${n} attempts${cut ? `, budgets ${attempts.map((a) => a.max_tokens).join(', ')} tokens` : ''})`;
    failureReason =
      last.outcome === 'truncated'
        ? `truncated: every reply was cut off by the token limit${tries}`
        : `${excerpt(last.detail.startsWith(`${last.outcome}:`) ? last.detail : `${last.outcome}: ${last.detail}`, FAILURE_EXCERPT_CHARS - tries.length)}${tries}`;
  }
  return {
    status: accepted === null ? 'failed' : 'ok',
    outcome: accepted === null ? last.outcome : 'accepted',
    text: accepted,
    failureReason,
    seed: last.seed,
    attempts,
    tokensIn: sumKnown(replied.map((a) => a.tokens_in)),
    tokensOut: sumKnown(replied.map((a) => a.tokens_out)),
    ms: attempts.reduce((a, x) => a + (x.ms ?? 0), 0),
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
    // A failure keeps no text: the raw replies are in its attempts.
    text: outcome.text,
    failure_reason: outcome.failureReason,
    attempts: outcome.attempts.length,
    tokens_in: outcome.tokensIn,
    tokens_out: outcome.tokensOut,
    generation_ms: outcome.ms,
    outcome: outcome.outcome,
  };
}
