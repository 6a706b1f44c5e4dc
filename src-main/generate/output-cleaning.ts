/**
 * Turning a model's raw answer into a rewritten post, and deciding whether it is usable.
 * Pure functions: the generation job retries with the next seed when validation fails.
 */

// A whole first line of chatter before the post: "Sure! Here is the rewritten post:", "Okay, here you go."
const PREAMBLE_LINE =
  /^\s*(?:(?:sure|certainly|of course|absolutely|okay|ok|alright|great)\b[^\n]*?[:!.]|here(?:'s| is| are)\b[^\n]*?:)\s*\n(?=\s*\S)/i;
// The same chatter inline, before the post on the same line: "Sure! Here's my version: ..."
const PREAMBLE_INLINE = /^\s*(?:(?:sure|certainly|of course|absolutely)[!,.]\s*)?here(?:'s| is| are)\b[^\n:]*?:\s*(?=\S)/i;
const LABEL_PREFIX =
  /^\s*\**\s*(?:rephrased|rewritten|paraphrased|revised|new|synthetic)?\s*(?:post|version|text|tweet|paraphrase|rewrite)\s*\**\s*:\s*\**\s*/i;
const TRAILING_NOTE =
  /\n\s*(?:\(?\s*note\s*:|\(?\s*notes?\s*:|i (?:have |'ve )?(?:changed|replaced|kept|altered)\b|changes made\s*:|in this (?:version|rewrite)\b|---+|\*{3,})[\s\S]*$/i;
const QUOTE_PAIRS: [string, string][] = [
  ['"', '"'],
  ['\u201c', '\u201d'],
  ["'", "'"],
  ['\u2018', '\u2019'],
  ['`', '`'],
];

/** Strips preambles, label prefixes, wrapping quotes and trailing notes. */
export function cleanModelOutput(raw: string): string {
  let text = raw.replace(/\r\n/g, '\n').trim();
  for (let i = 0; i < 3; i++) {
    const before = text;
    text = text.replace(PREAMBLE_LINE, '').trim();
    text = text.replace(PREAMBLE_INLINE, '').trim();
    text = text.replace(LABEL_PREFIX, '').trim();
    if (text === before) break;
  }
  text = text.replace(TRAILING_NOTE, '').trim();
  for (const [open, close] of QUOTE_PAIRS) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close) && !text.slice(1, -1).includes(close)) {
      text = text.slice(1, -1).trim();
      break;
    }
  }
  return text;
}

export interface ValidationOptions {
  /** Allowed variant/source length ratio, in characters. */
  minLengthRatio: number;
  maxLengthRatio: number;
  /** Word-trigram overlap at or above which a variant counts as a near-verbatim copy. */
  maxOverlap: number;
}

export const DEFAULT_VALIDATION: ValidationOptions = { minLengthRatio: 0.3, maxLengthRatio: 3, maxOverlap: 0.8 };

const REFUSAL =
  /^(?:i(?:'m| am) (?:sorry|unable|not able)|i can(?:'t|not) (?:help|assist|comply|fulfil|fulfill|provide|do|rewrite|create)|as an ai\b|i(?: must)? (?:apologi[sz]e|decline))/i;

function words(text: string): string[] {
  return text.toLowerCase().normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

function trigrams(ws: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 2 < ws.length; i++) out.add(`${ws[i]} ${ws[i + 1]} ${ws[i + 2]}`);
  return out;
}

/** Share of the variant's word trigrams that also occur in the source (0 when too short to tell). */
export function trigramOverlap(source: string, variant: string): number {
  const v = trigrams(words(variant));
  if (v.size === 0) return 0;
  const s = trigrams(words(source));
  let shared = 0;
  for (const t of v) if (s.has(t)) shared++;
  return shared / v.size;
}

/** Why a cleaned variant is unusable, or undefined when it is fine. */
export function validateVariant(source: string, variant: string, o: ValidationOptions = DEFAULT_VALIDATION): string | undefined {
  if (!variant.trim()) return 'empty output';
  if (REFUSAL.test(variant.trim())) return 'refusal';
  const ratio = variant.length / Math.max(1, source.length);
  if (ratio < o.minLengthRatio || ratio > o.maxLengthRatio) {
    return `length ratio ${ratio.toFixed(2)} outside [${o.minLengthRatio}, ${o.maxLengthRatio}]`;
  }
  const sw = words(source).join(' ');
  if (sw.length > 0 && sw === words(variant).join(' ')) return 'verbatim copy of the source';
  const overlap = trigramOverlap(source, variant);
  if (overlap >= o.maxOverlap) return `near-verbatim copy (${Math.round(overlap * 100)}% of word trigrams shared)`;
  return undefined;
}
