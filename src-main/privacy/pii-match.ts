/**
 * Whether a source's PII values reappear in a variant, by meaning rather than spelling:
 * - phone numbers compare as E.164 numbers after parsing both texts (any separators, national
 *   or international form); for a number whose country is uncertain (not valid where it was
 *   read), a run of its national digits in the variant counts as well;
 * - e-mail addresses compare by mailbox (case, "+tag" and Gmail's dots ignored);
 * - dates compare as ISO 8601 ("3 March 2024" = "2024-03-03" = "03/03/2024"), money as value
 *   and currency ("$1,200" = "1200 dollars"); the value as written counts as well;
 * - everything else verbatim: case-insensitive, on word boundaries ("Ann" is not in "Annual"),
 *   any run of white space matching any other, curly and straight apostrophes alike.
 * Pure.
 */
import type { PiiValue } from './pii-extract.js';
import { sameMoney, type PiiOptions } from './pii-normalize.js';
import { findDates, findEmails, findMoney } from './pii-patterns.js';
import { findPhones } from './pii-phones.js';

type Comparable = Pick<PiiValue, 'kind' | 'key' | 'plain'>;

function normalize(text: string): string {
  return text.normalize('NFC').replace(/[’‘]/g, "'").toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text as a pattern bounded by non-word characters (or the ends of the text). */
function wordPattern(text: string): RegExp {
  const body = normalize(text).trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'u');
}

/** A source's values are checked against each of its variants: compile each pattern once. */
const compiled = new Map<string, RegExp>();
function patternOf(text: string): RegExp {
  let pattern = compiled.get(text);
  if (!pattern) {
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(text, (pattern = wordPattern(text)));
  }
  return pattern;
}

/** Digit strings of every phone-shaped run in a text ("+44 (0)7700 900-412" → "4407700900412"). */
export function digitRuns(text: string): string[] {
  return (text.match(/\+?\d[\d\s().-]*\d/g) ?? []).map((run) => run.replace(/\D/g, ''));
}

/** A variant prepared once for checking many values against it; each kind is parsed on first need. */
export class VariantText {
  private readonly normalized: string;
  private digits?: string[];
  private phones?: Set<string>;
  private emails?: Set<string>;
  private dates?: Set<string>;
  private money?: string[];

  constructor(
    readonly text: string,
    private readonly options: PiiOptions = {},
  ) {
    this.normalized = normalize(text);
  }

  private verbatim(value: string | undefined): boolean {
    return value !== undefined && value.trim() !== '' && patternOf(value).test(this.normalized);
  }

  contains(value: Comparable): boolean {
    switch (value.kind) {
      case 'phone': {
        this.phones ??= new Set(findPhones(this.text, this.options).map((p) => p.key));
        if (this.phones.has(value.key)) return true;
        if (value.plain === undefined) return false;
        this.digits ??= digitRuns(this.text);
        return this.digits.some((run) => run.includes(value.plain!));
      }
      case 'email':
        this.emails ??= new Set(findEmails(this.text).map((e) => e.key));
        return this.emails.has(value.key);
      case 'date':
        this.dates ??= new Set(findDates(this.text, this.options).map((d) => d.key));
        return this.dates.has(value.key) || this.verbatim(value.plain);
      case 'money':
        this.money ??= findMoney(this.text).map((m) => m.key);
        return this.money.some((k) => sameMoney(k, value.key)) || this.verbatim(value.plain);
      default:
        return this.verbatim(value.key);
    }
  }
}

/** The source's values that reappear in the variant. */
export function carriedOver<T extends Comparable>(values: readonly T[], variant: string, options: PiiOptions = {}): T[] {
  const prepared = new VariantText(variant, options);
  return values.filter((v) => prepared.contains(v));
}
