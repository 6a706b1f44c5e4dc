/**
 * Scoring the reply gate on the labelled corpus (test/fixtures/gate/replies.jsonl): shared by the corpus
 * test and `npm run gate:report`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FinishReasonSchema, GateOutcomeSchema, type GateOutcome } from '../../src-main/contract/schemas.js';
import { gateReply, type GateVerdict } from '../../src-main/generate/reply-gate.js';

export const CorpusRowSchema = z.object({
  id: z.string(),
  family: z.enum(['llama2-chat', 'llama3-instruct', 'zephyr', 'tiny-random', 'stories']),
  template: z.string(),
  held_out: z.boolean(),
  source: z.string(),
  reply: z.string(),
  finish_reason: FinishReasonSchema,
  expected: GateOutcomeSchema,
  text: z.string().optional(),
  note: z.string().optional(),
});
export type CorpusRow = z.infer<typeof CorpusRowSchema>;

/** Reads and validates the corpus; throws naming the line of the first bad row. */
export function readCorpus(file: string): CorpusRow[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim())
    .map(({ line, n }) => {
      const parsed = CorpusRowSchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(
          `${path.basename(file)} line ${n}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      return parsed.data;
    });
}

export interface RowResult {
  row: CorpusRow;
  verdict: GateVerdict;
  /** Outcome matches and, for an accept, the text matches exactly. */
  agrees: boolean;
}

export function scoreRows(rows: readonly CorpusRow[]): RowResult[] {
  return rows.map((row) => {
    const verdict = gateReply(row.source, row.reply, row.finish_reason);
    const agrees = verdict.outcome === row.expected && (row.expected !== 'accepted' || verdict.text === row.text);
    return { row, verdict, agrees };
  });
}

export interface OutcomeFigures {
  outcome: GateOutcome;
  /** Rows expected to have this outcome. */
  support: number;
  /** Rows the gate gave this outcome. */
  predicted: number;
  /** Rows with this outcome both expected and given (accepts also need the exact text). */
  correct: number;
  /** correct / predicted and correct / support; NaN where the denominator is 0. */
  precision: number;
  recall: number;
}

export interface CorpusFigures {
  rows: number;
  agreement: number;
  perOutcome: OutcomeFigures[];
}

export function figures(results: readonly RowResult[]): CorpusFigures {
  const perOutcome = GateOutcomeSchema.options.map((outcome) => {
    const support = results.filter((r) => r.row.expected === outcome).length;
    const predicted = results.filter((r) => r.verdict.outcome === outcome).length;
    const correct = results.filter((r) => r.row.expected === outcome && r.agrees).length;
    return { outcome, support, predicted, correct, precision: correct / predicted, recall: correct / support };
  });
  return { rows: results.length, agreement: results.filter((r) => r.agrees).length / results.length, perOutcome };
}

function fmt(x: number): string {
  return Number.isNaN(x) ? '–' : x.toFixed(2);
}

/** The per-outcome table and the agreement, as Markdown. */
export function markdownTable(whole: CorpusFigures, heldOut: CorpusFigures): string {
  const lines = [
    '| outcome | support | precision | recall | held-out support | held-out precision | held-out recall |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  whole.perOutcome.forEach((o, i) => {
    const h = heldOut.perOutcome[i]!;
    lines.push(
      `| ${o.outcome} | ${o.support} | ${fmt(o.precision)} | ${fmt(o.recall)} | ${h.support} | ${fmt(h.precision)} | ${fmt(h.recall)} |`,
    );
  });
  lines.push('');
  lines.push(
    `Overall agreement: ${fmt(whole.agreement)} on ${whole.rows} replies; ${fmt(heldOut.agreement)} on the ${heldOut.rows} held-out replies.`,
  );
  return lines.join('\n');
}
