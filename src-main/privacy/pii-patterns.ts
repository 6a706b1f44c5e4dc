/**
 * Finders for PII values with a regular shape: emails, URLs, @handles, money amounts, ages,
 * dates and other numbers. Emails and URLs are found by pattern rather than against the IANA
 * list of top-level domains (as linkify-style libraries do) so that the reserved domains of
 * fictional and anonymised data (".example", ".test", ".invalid") count too. Pure.
 */
import {
  amountValue,
  canonicalEmail,
  currencyCode,
  dateOrderOf,
  isoDate,
  MONTH_PATTERN,
  monthNumber,
  numericDate,
  type PiiOptions,
} from './pii-normalize.js';
import { regexSpans, spanOf, type PiiSpan } from './pii-span.js';

/** The WHATWG form-validation pattern for an email address, requiring a dot in the domain. */
const EMAIL =
  /[A-Za-z0-9!#$%&*+/=?^_`{|}~-][A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/dg;

/** A URL with a scheme or starting "www.", up to white space; closing punctuation is trimmed after. */
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'()[\]{}]+/dgi;
const URL_TRAILING_PUNCTUATION = /[.,;:!?]+$/;

/** An @handle not preceded by a word character (which would make it an email). */
const HANDLE = /(?<![\p{L}\p{N}_.@/])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)/dgu;

/**
 * An amount as written around the world: "1,200", "1.200", "1 200,50", "1'200", "1,20,000"
 * (Indian lakh grouping), "12.5"; grouping by ",", ".", "'" or a (narrow, no-break) space.
 */
const AMOUNT = String.raw`\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:(?:[,.'’]|[ \u00a0\u202f])\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
/** After a sign, grouping by spaces is left out: "$50 100 times" is $50. */
const AMOUNT_AFTER_SIGN = String.raw`\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:[,.'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const CURRENCY_BEFORE = String.raw`US\$|R\$|C\$|A\$|Rs\.?|[£$€¥₹₩₽]|(?:GBP|USD|EUR|BRL|INR|JPY|CHF|CAD|AUD)(?=\s?\d)`;
const CURRENCY_AFTER = String.raw`[£$€¥₹₩₽円]|(?:pounds?|dollars?|bucks|euros?|quid|reais|real|rupees?|yen|francs?|GBP|USD|EUR|BRL|INR|JPY|CHF|CAD|AUD)(?![\p{L}])`;
const MULTIPLIER = String.raw`\s?(?:k|m|bn)(?![\p{L}])|\s(?:million|billion|grand|lakhs?|crores?)(?![\p{L}])`;
const MONEY = new RegExp(
  String.raw`(?<![\p{L}])(?<cur1>${CURRENCY_BEFORE})\s?(?<amt1>${AMOUNT_AFTER_SIGN})(?<mul1>${MULTIPLIER})?` +
    // Not from inside a number or a Latin word; after a CJK character is fine (家賃は120,000円).
    String.raw`|(?<![\p{N}.,A-Za-z])(?<amt2>${AMOUNT})(?<mul2>k|m)?\s?(?<cur2>${CURRENCY_AFTER})` +
    String.raw`|(?<![\p{N}.,A-Za-z])(?<amt3>${AMOUNT})\s(?<mul3>grand)(?![\p{L}])`,
  'dgiu',
);

const UNITS = String.raw`one|two|three|four|five|six|seven|eight|nine`;
const TEENS = String.raw`ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen`;
const TENS = String.raw`twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety`;
const DECADES = String.raw`twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties`;
/** An age in digits or words: "34", "forty", "forty-two", "twenty one". */
const AGE_NUMBER = String.raw`(?:\d{1,3}|(?:${TENS})(?:[-\s](?:${UNITS}))?|${TEENS}|${UNITS})`;
/** After an age number, these mean it is not an age ("I'm 5'4", "I'm 30 minutes away"). */
const NOT_AN_AGE = String.raw`(?![\d'’"%:.,]\d|['’"%]|\s*(?:of|am|pm|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|times?|kg|lbs?|st|stone|miles?|km|cm|mm|ft|feet|inches|percent|quid|pounds?|k)\b)`;
const FAMILY_WORDS = String.raw`me|i|dad|mum|mom|father|mother|son|daughter|brother|sister|wife|husband|partner|boyfriend|girlfriend|grandad|grandpa|grandma|nan|gran|granny|grandmother|grandfather|kid|child|baby|boy|girl|friend|neighbour|neighbor|aunt|uncle|cousin|niece|nephew`;
const AGES: RegExp[] = [
  new RegExp(String.raw`\b(?:i'?m|i’m|i am|aged?|turn(?:ed|ing|s)?)\s+(${AGE_NUMBER})\b${NOT_AN_AGE}`, 'dgi'),
  new RegExp(String.raw`\b(${AGE_NUMBER})[\s-]?(?:years?|yrs?)[\s-]?old\b`, 'dgi'),
  new RegExp(String.raw`\b(\d{1,3})\s?(?:yo|y/o|y\.o\.)(?![\p{L}\p{N}])`, 'dgiu'),
  // "29F", "34M": a common self-description on forums (upper case only, so "10m" stays a distance).
  /\b(\d{2})[FM]\b/dg,
  new RegExp(String.raw`\b(?:${FAMILY_WORDS})\s*\((\d{1,3})\)`, 'dgi'),
  /\bborn in ((?:19|20)\d{2})\b/dgi,
  new RegExp(String.raw`\bin (?:my|his|her|their) (?:early |mid[- ]|late )?(\d0'?s|${DECADES})\b`, 'dgi'),
];

const MONTHS = `(?:${MONTH_PATTERN})`;
const ORDINAL = String.raw`(?:st|nd|rd|th|er|e|º|\.)?`;
/** Not part of a longer run of digit groups ("06.12.34.56.78" is a phone number, not a date). */
const ALONE_BEFORE = String.raw`(?<![\p{N}][./-]?)(?<![\p{N}])`;
const ALONE_AFTER = String.raw`(?![./-]?\p{N})`;
/** Each pattern's named groups: y (year), m (month number), mon (month name), d (day), a/b (day or month). */
const DATES: RegExp[] = [
  new RegExp(String.raw`${ALONE_BEFORE}(?<y>\d{4})(?<s>[-/.])(?<m>\d{1,2})\k<s>(?<d>\d{1,2})${ALONE_AFTER}`, 'dgu'),
  new RegExp(String.raw`${ALONE_BEFORE}(?<a>\d{1,2})(?<s>[/.-])(?<b>\d{1,2})\k<s>(?<y>\d{4}|\d{2})${ALONE_AFTER}`, 'dgu'),
  // Japanese and Chinese: 2024年3月12日.
  /(?<y>\d{4})年(?<m>\d{1,2})月(?:(?<d>\d{1,2})日)?/dgu,
  // "3 March 2024", "3rd of March", "3. März 2024", "3 de março de 2024", "1er mai".
  new RegExp(String.raw`(?<![\p{L}\p{N}])(?<d>\d{1,2})${ORDINAL}(?:\s+of|\s+de)?\s+(?<mon>${MONTHS})(?:,?\s+(?:de\s+)?(?<y>\d{4}))?(?![\p{L}])`, 'dgu'),
  // "March 3rd, 2024", "March 3".
  new RegExp(String.raw`(?<![\p{L}])(?<mon>${MONTHS})\s+(?<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?<y>\d{4}))?(?![\p{L}\p{N}])`, 'dgu'),
  // "March 2024", "mars 2024", "março de 2024".
  new RegExp(String.raw`(?<![\p{L}])(?<mon>${MONTHS})\s+(?:de\s+)?(?<y>\d{4})(?![\p{N}])`, 'dgu'),
  /\b(?<y>(?:19|20)\d{2})\b/dg,
];

/** Numbers of two or more digits that stand alone ("7pm" and "5k" are not numbers here). */
const NUMBER = /(?<![\p{L}\p{N}_])\d+(?:,\d{3})*(?:\.\d+)?(?![\p{L}\p{N}_])/dgu;

/** E-mail addresses, keyed by mailbox (see canonicalEmail: case, "+tag", Gmail's dots). */
export function findEmails(text: string): PiiSpan[] {
  return regexSpans('email', text, EMAIL, 0, canonicalEmail);
}

export function findUrls(text: string): PiiSpan[] {
  return regexSpans('url', text, URL).flatMap((s) => {
    const trimmed = s.text.replace(URL_TRAILING_PUNCTUATION, '');
    // The key drops what people vary when they write the same address.
    const key = trimmed
      .replace(/^https?:\/\//i, '')
      .replace(/^www\./i, '')
      .replace(/\/$/, '');
    return key.includes('.') ? [spanOf('url', text, s.start, s.start + trimmed.length, key)] : [];
  });
}

export function findHandles(text: string): PiiSpan[] {
  // The whole "@name" is the value; the name alone is what a variant must not repeat.
  return regexSpans('handle', text, HANDLE, 0, (v) => v.slice(1));
}

/**
 * Money amounts with a currency sign, code or word before or after them, keyed as
 * "VALUE CODE" ("1200.5 EUR"; "$" for a dollar of unknown country, "" for no currency),
 * with the amount as written as the plain form.
 */
export function findMoney(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(MONEY)) {
    const g = m.groups ?? {};
    const amountAt = m.indices?.groups?.amt1 ?? m.indices?.groups?.amt2 ?? m.indices?.groups?.amt3;
    if (!amountAt || m.index === undefined) continue;
    const written = text.slice(amountAt[0], amountAt[1]);
    const value = amountValue(written, g.mul1 ?? g.mul2 ?? g.mul3);
    if (value === undefined) continue;
    const currency = currencyCode(g.cur1 ?? g.cur2 ?? '');
    out.push(spanOf('money', text, m.index, m.index + m[0].length, `${value} ${currency}`, written.replace(/\s+/g, ' ')));
  }
  return out;
}

export function findAges(text: string): PiiSpan[] {
  return AGES.flatMap((pattern) => regexSpans('age', text, pattern, 1));
}

/**
 * Dates in ISO, numeric (day and month ordered by the region: 12/03/2024 is 12 March in FR,
 * 3 December in the US; a part over 12 can only be a day), Japanese and written-month forms
 * in English, French, German, Portuguese and Spanish; keyed as ISO 8601 (see isoDate), the
 * text as written being the plain form.
 */
export function findDates(text: string, options: PiiOptions = {}): PiiSpan[] {
  const order = dateOrderOf(options);
  const out: PiiSpan[] = [];
  for (const pattern of DATES) {
    for (const m of text.matchAll(pattern)) {
      const g = m.groups ?? {};
      let key: string | undefined;
      if (g.a !== undefined && g.b !== undefined) key = numericDate(g.a, g.b, g.y!, order);
      else {
        const month = g.m !== undefined ? Number(g.m) : g.mon !== undefined ? monthNumber(g.mon) : undefined;
        key = isoDate({ ...(g.y !== undefined ? { year: g.y } : {}), ...(month !== undefined ? { month } : {}), ...(g.d !== undefined ? { day: g.d } : {}) });
      }
      if (key === undefined || m.index === undefined) continue;
      out.push(spanOf('date', text, m.index, m.index + m[0].length, key, m[0]));
    }
  }
  return out;
}

export function findNumbers(text: string): PiiSpan[] {
  return regexSpans('number', text, NUMBER).filter((s) => s.text.replace(/\D/g, '').length >= 2);
}
