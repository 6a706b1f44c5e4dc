/**
 * Whether a source's PII values reappear verbatim in a variant: case-insensitive, on word
 * boundaries ("Ann" is not in "Annual"), any run of white space matching any other, curly
 * and straight apostrophes alike. Phone numbers are compared by digits, whatever the spacing
 * or the country prefix. Pure.
 */
import type { PiiValue } from './pii-extract.js';

function normalize(text: string): string {
  return text.normalize('NFC').replace(/[’‘]/g, "'").toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The key as a pattern bounded by non-word characters (or the ends of the text). */
function keyPattern(key: string): RegExp {
  const body = normalize(key).trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'u');
}

/** A source's values are checked against each of its variants: compile each pattern once. */
const compiled = new WeakMap<object, RegExp>();
function patternOf(value: Pick<PiiValue, 'key'>): RegExp {
  let pattern = compiled.get(value);
  if (!pattern) compiled.set(value, (pattern = keyPattern(value.key)));
  return pattern;
}

/** Digit strings of every phone-shaped run in a text ("+44 (0)7700 900-412" → "4407700900412"). */
export function digitRuns(text: string): string[] {
  return (text.match(/\+?\d[\d\s().-]*\d/g) ?? []).map((run) => run.replace(/\D/g, ''));
}

/** A variant prepared once for checking many values against it. */
export class VariantText {
  private readonly normalized: string;
  private digits?: string[];

  constructor(readonly text: string) {
    this.normalized = normalize(text);
  }

  contains(value: Pick<PiiValue, 'kind' | 'key'>): boolean {
    if (value.kind === 'phone') {
      this.digits ??= digitRuns(this.text);
      return this.digits.some((run) => run.includes(value.key));
    }
    return patternOf(value).test(this.normalized);
  }
}

/** The source's values that reappear in the variant. */
export function carriedOver<T extends Pick<PiiValue, 'kind' | 'key'>>(values: readonly T[], variant: string): T[] {
  const prepared = new VariantText(variant);
  return values.filter((v) => prepared.contains(v));
}
