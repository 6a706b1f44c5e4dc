/**
 * Finders for PII values with a regular shape: emails, URLs, @handles, money amounts, ages,
 * dates and other numbers. Emails and URLs are found by pattern rather than against the IANA
 * list of top-level domains (as linkify-style libraries do) so that the reserved domains of
 * fictional and anonymised data (".example", ".test", ".invalid") count too. Pure.
 */
import { regexSpans, spanOf, type PiiSpan } from './pii-span.js';

/** The WHATWG form-validation pattern for an email address, requiring a dot in the domain. */
const EMAIL =
  /[A-Za-z0-9!#$%&*+/=?^_`{|}~-][A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/dg;

/** A URL with a scheme or starting "www.", up to white space; closing punctuation is trimmed after. */
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'()[\]{}]+/dgi;
const URL_TRAILING_PUNCTUATION = /[.,;:!?]+$/;

/** An @handle not preceded by a word character (which would make it an email). */
const HANDLE = /(?<![\p{L}\p{N}_.@/])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)/dgu;

/** An amount with a currency sign, or followed by a currency word. */
const AMOUNT = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const MONEY = new RegExp(
  String.raw`[£$€¥]\s?(${AMOUNT}(?:\s?(?:k|m|bn)\b|\s(?:million|billion|grand)\b)?)` +
    String.raw`|\b(${AMOUNT}(?:k|m)?)\s?(?:pounds?|dollars?|euros?|quid|grand|GBP|USD|EUR)\b`,
  'dgi',
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

const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)`;
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
const DATES: RegExp[] = [
  /\b\d{4}-\d{2}-\d{2}\b/dg,
  /\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/dg,
  // Month names are matched with their capital so "may" the verb is left alone.
  new RegExp(String.raw`\b${DAY}(?:\s+of)?\s+${MONTH}(?:,?\s+\d{4})?(?![\p{L}])`, 'dgu'),
  new RegExp(String.raw`\b${MONTH}\s+${DAY}(?:,?\s+\d{4})?\b`, 'dg'),
  new RegExp(String.raw`\b${MONTH}\s+\d{4}\b`, 'dg'),
  /\b(?:19|20)\d{2}\b/dg,
];

/** Numbers of two or more digits that stand alone ("7pm" and "5k" are not numbers here). */
const NUMBER = /(?<![\p{L}\p{N}_])\d+(?:,\d{3})*(?:\.\d+)?(?![\p{L}\p{N}_])/dgu;

export function findEmails(text: string): PiiSpan[] {
  return regexSpans('email', text, EMAIL, 0, (v) => v.toLowerCase());
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

export function findMoney(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(MONEY)) {
    const amount = m.indices?.[1] ?? m.indices?.[2];
    if (!amount || m.index === undefined) continue;
    out.push(
      spanOf('money', text, m.index, m.index + m[0].length, text.slice(amount[0], amount[1]).replace(/\s+/g, ' ')),
    );
  }
  return out;
}

export function findAges(text: string): PiiSpan[] {
  return AGES.flatMap((pattern) => regexSpans('age', text, pattern, 1));
}

export function findDates(text: string): PiiSpan[] {
  return DATES.flatMap((pattern) => regexSpans('date', text, pattern));
}

export function findNumbers(text: string): PiiSpan[] {
  return regexSpans('number', text, NUMBER).filter((s) => s.text.replace(/\D/g, '').length >= 2);
}
