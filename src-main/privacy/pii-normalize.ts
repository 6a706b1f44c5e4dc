/**
 * Canonical forms of personal details, so that a variant that writes the same detail another
 * way is still caught: e-mail mailboxes, dates as ISO 8601, money amounts with an ISO 4217
 * currency. Pure.
 */

/** Which of day and month comes first in an all-numeric date (12/03/2024). */
export type DateOrder = 'dmy' | 'mdy';

export interface PiiOptions {
  /**
   * ISO 3166-1 alpha-2 region of the dataset (FR, DE, GB, US, IN, BR, JP…): the country of phone
   * numbers written without a country code, and the day/month order of numeric dates.
   */
  region?: string;
  /** Overrides the order the region implies. */
  dateOrder?: DateOrder;
}

/** Regions that write the month first (12/03/2024 is 3 December): the US and a few others (CLDR short date patterns). */
const MONTH_FIRST = new Set(['US', 'PH', 'FM', 'MH', 'PW', 'AS', 'GU', 'MP', 'PR', 'UM', 'VI']);

export function dateOrderOf(options: PiiOptions = {}): DateOrder {
  return options.dateOrder ?? (options.region && MONTH_FIRST.has(options.region.toUpperCase()) ? 'mdy' : 'dmy');
}

/** Providers whose mailboxes ignore dots in the local part ("j.doe" and "jdoe" are one mailbox). */
const DOTLESS_DOMAINS: Readonly<Record<string, string>> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The mailbox an address delivers to: lower case throughout, the "+tag" of sub-addressing
 * (RFC 5233) removed, and for Gmail the dots of the local part too (Google documents that they
 * are ignored) with googlemail.com as gmail.com. Other providers' dots are kept: they can matter.
 */
export function canonicalEmail(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS[domain];
  if (dotless) {
    local = local.replace(/\./g, '');
    domain = dotless;
  }
  return `${local}@${domain}`;
}

/**
 * Month names of English (capitalised only, so "may" the verb stays a verb), French, German,
 * Portuguese and Spanish; abbreviations that are common words ("set", "out", "ago", "mar") are left out.
 */
const MONTH_NAMES: readonly (readonly string[])[] = [
  ['January', 'Jan', 'janvier', 'janv', 'Januar', 'Jänner', 'janeiro', 'jan', 'enero', 'ene'],
  ['February', 'Feb', 'février', 'févr', 'fevrier', 'Februar', 'Feber', 'fevereiro', 'fev', 'febrero', 'feb'],
  ['March', 'Mar', 'mars', 'März', 'Maerz', 'março', 'marco', 'marzo'],
  ['April', 'Apr', 'avril', 'avr', 'abril', 'abr'],
  ['May', 'mai', 'Mai', 'maio', 'mayo'],
  ['June', 'Jun', 'juin', 'Juni', 'junho', 'jun', 'junio'],
  ['July', 'Jul', 'juillet', 'juil', 'Juli', 'julho', 'jul', 'julio'],
  ['August', 'Aug', 'août', 'aout', 'agosto'],
  ['September', 'Sept', 'Sep', 'septembre', 'sept', 'setembro', 'septiembre'],
  ['October', 'Oct', 'octobre', 'oct', 'Oktober', 'Okt', 'outubro', 'octubre'],
  ['November', 'Nov', 'novembre', 'nov', 'novembro', 'noviembre'],
  ['December', 'Dec', 'décembre', 'déc', 'decembre', 'Dezember', 'Dez', 'dezembro', 'dez', 'diciembre', 'dic'],
];

const MONTH_OF = new Map<string, number>();
MONTH_NAMES.forEach((names, i) => {
  for (const name of names) {
    MONTH_OF.set(name, i + 1);
    // Non-English names are written lower case mid-sentence and capitalised at its start.
    if (name[0] === name[0]!.toLowerCase()) MONTH_OF.set(name[0]!.toUpperCase() + name.slice(1), i + 1);
  }
});

/** An alternation of every month name, longest first, abbreviations with an optional dot. */
export const MONTH_PATTERN = [...MONTH_OF.keys()]
  .sort((a, b) => b.length - a.length)
  .map((n) => (n.length <= 5 ? `${n}\\.?` : n))
  .join('|');

export function monthNumber(name: string): number | undefined {
  return MONTH_OF.get(name.replace(/\.$/, ''));
}

function twoDigitYear(y: string): number {
  const n = Number(y);
  // Two-digit years: up to 69 this century, from 70 the last (POSIX strptime's %y rule).
  return y.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

/**
 * A date as ISO 8601, as much of it as is written: "2024-03-12", "2024-03" (a month),
 * "--03-12" (a day without a year), "2024" (a year). Undefined when the parts are no date
 * (month 13, day 32).
 */
export function isoDate(parts: { year?: string; month?: number; day?: string }): string | undefined {
  const { month } = parts;
  const day = parts.day === undefined ? undefined : Number(parts.day);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  const y = parts.year === undefined ? undefined : twoDigitYear(parts.year);
  const mm = month === undefined ? '' : String(month).padStart(2, '0');
  const dd = day === undefined ? '' : String(day).padStart(2, '0');
  if (y !== undefined && month !== undefined && day !== undefined) return `${y}-${mm}-${dd}`;
  if (y !== undefined && month !== undefined) return `${y}-${mm}`;
  if (month !== undefined && day !== undefined) return `--${mm}-${dd}`;
  if (y !== undefined && month === undefined && day === undefined) return String(y);
  return undefined;
}

/** An all-numeric date's day and month, by which can only be which (13+ is a day) and else by the order. */
export function numericDate(a: string, b: string, year: string, order: DateOrder): string | undefined {
  const [x, y] = [Number(a), Number(b)];
  const dayFirst = x > 12 ? true : y > 12 ? false : order === 'dmy';
  return dayFirst ? isoDate({ year, month: y, day: a }) : isoDate({ year, month: x, day: b });
}

/** Currency symbols and words, to ISO 4217; "$" alone stays "$" (US, Canadian, Australian…). */
const CURRENCY: Readonly<Record<string, string>> = {
  '£': 'GBP', gbp: 'GBP', pound: 'GBP', pounds: 'GBP', quid: 'GBP',
  '€': 'EUR', eur: 'EUR', euro: 'EUR', euros: 'EUR',
  us$: 'USD', usd: 'USD', '$': '$', dollar: '$', dollars: '$', bucks: '$',
  c$: 'CAD', cad: 'CAD', a$: 'AUD', aud: 'AUD',
  r$: 'BRL', brl: 'BRL', real: 'BRL', reais: 'BRL',
  '₹': 'INR', rs: 'INR', 'rs.': 'INR', inr: 'INR', rupee: 'INR', rupees: 'INR',
  '¥': 'JPY', '円': 'JPY', jpy: 'JPY', yen: 'JPY',
  chf: 'CHF', franc: 'CHF', francs: 'CHF',
  '₩': 'KRW', krw: 'KRW', '₽': 'RUB', rub: 'RUB',
};

export function currencyCode(written: string): string {
  return CURRENCY[written.trim().toLowerCase()] ?? '';
}

const MULTIPLIER: Readonly<Record<string, number>> = {
  k: 1e3, grand: 1e3, m: 1e6, million: 1e6, bn: 1e9, billion: 1e9, lakh: 1e5, lakhs: 1e5, crore: 1e7, crores: 1e7,
};

/**
 * The value of an amount as written in any of the world's conventions: "1,200", "1.200",
 * "1 200,50", "1'200.50", "1,20,000" (Indian lakh grouping), "12,5". Grouping is told from the
 * decimal mark by position: with both "." and ",", the last is the decimal mark; with one
 * mark used once and followed by exactly three digits, it groups thousands; otherwise it is
 * the decimal mark. Returns the number as a plain decimal string ("1200.5"), or undefined.
 */
export function amountValue(written: string, multiplier?: string): string | undefined {
  const s = written.replace(/[\s\u00a0\u202f'’]/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return undefined;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimal: string | undefined;
  if (lastDot !== -1 && lastComma !== -1) decimal = lastDot > lastComma ? '.' : ',';
  else if (lastDot !== -1 || lastComma !== -1) {
    const mark = lastDot !== -1 ? '.' : ',';
    const once = s.split(mark).length === 2;
    const after = s.length - s.lastIndexOf(mark) - 1;
    decimal = once && after !== 3 ? mark : undefined;
  }
  const [int, frac = ''] = decimal ? [s.slice(0, s.lastIndexOf(decimal)), s.slice(s.lastIndexOf(decimal) + 1)] : [s, ''];
  const digits = int.replace(/[.,]/g, '');
  if (!digits || /[.,]/.test(frac)) return undefined;
  let value = Number(`${digits}.${frac || '0'}`);
  const times = multiplier ? MULTIPLIER[multiplier.trim().toLowerCase()] : undefined;
  if (times) value *= times;
  // Rounded to cents so "1.1k" and "1100" agree despite binary fractions.
  return String(Math.round(value * 100) / 100);
}

/** Two money keys ("1200 EUR", "40 $", "5 ") name the same amount: equal values, and currencies that agree or are unknown. */
export function sameMoney(a: string, b: string): boolean {
  const [va, ca = ''] = a.split(' ');
  const [vb, cb = ''] = b.split(' ');
  if (va !== vb) return false;
  if (!ca || !cb || ca === cb) return true;
  const dollars = new Set(['$', 'USD', 'CAD', 'AUD']);
  return (ca === '$' && dollars.has(cb)) || (cb === '$' && dollars.has(ca));
}
