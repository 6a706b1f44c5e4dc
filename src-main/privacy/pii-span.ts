import type { PiiKind } from '../contract/audit-schemas.js';

/** A specific value found in a text. */
export interface PiiSpan {
  kind: PiiKind;
  /** The value as written. */
  text: string;
  /** Character offsets of `text` in the searched text. */
  start: number;
  end: number;
  /**
   * What a variant must contain for the value to count as carried over: the text itself for
   * most kinds; the digits of a phone number, the number of an age or an amount, a handle
   * without its "@", a URL without scheme and "www.".
   */
  key: string;
  /**
   * For kinds compared by meaning (phone, email, date, money) `key` is the canonical form (E.164,
   * mailbox, ISO 8601, amount and currency) and this is what a verbatim search looks for as well:
   * the national digits of a phone, the amount as written, the date as written.
   */
  plain?: string;
}

export function spanOf(kind: PiiKind, source: string, start: number, end: number, key?: string, plain?: string): PiiSpan {
  const text = source.slice(start, end);
  return { kind, text, start, end, key: key ?? text, ...(plain !== undefined ? { plain } : {}) };
}

/** Every match of a global regex as a span, the value being capture group `group` (0: the whole match). */
export function regexSpans(
  kind: PiiKind,
  text: string,
  pattern: RegExp,
  group = 0,
  key?: (value: string) => string,
): PiiSpan[] {
  if (!pattern.global || !pattern.hasIndices) throw new Error(`pattern ${pattern} needs the g and d flags`);
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(pattern)) {
    const where = m.indices?.[group];
    if (!where) continue;
    const value = text.slice(where[0], where[1]);
    out.push(spanOf(kind, text, where[0], where[1], key ? key(value) : value));
  }
  return out;
}
