/**
 * Phone numbers, found by libphonenumber-js (Google's libphonenumber metadata) with GB then US
 * as the country for numbers written without a country code. Numbers that are merely
 * *possible* (the right length) count, not only *valid* ones: the ranges reserved for fiction
 * (07700 900xxx, 555-01xx), which synthetic and anonymised data use, are deliberately invalid.
 * Pure.
 */
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { spanOf, type PiiSpan } from './pii-span.js';

const DEFAULT_COUNTRIES: readonly CountryCode[] = ['GB', 'US'];

/**
 * Possible-length matching also accepts plain figures ("1234567 points", "£1,250,000"), so a
 * match must look dialled: at least 7 digits, no thousands comma, and a leading "+", "(" or
 * "0", a separator between digit groups, or 10 digits and more.
 */
function looksLikePhone(written: string): boolean {
  const digits = written.replace(/\D/g, '').length;
  if (digits < 7 || written.includes(',')) return false;
  return /^[+(0]/.test(written) || /\d[\s.-]+\d/.test(written) || digits >= 10;
}

export function findPhones(text: string, countries: readonly CountryCode[] = DEFAULT_COUNTRIES): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const defaultCountry of countries) {
    for (const found of findPhoneNumbersInText(text, { defaultCountry, extended: true })) {
      const written = text.slice(found.startsAt, found.endsAt);
      if (!looksLikePhone(written)) continue;
      if (out.some((s) => s.start < found.endsAt && found.startsAt < s.end)) continue;
      // Compared by the national number's digits, so "+44 7700 900412" matches "07700 900412".
      out.push(spanOf('phone', text, found.startsAt, found.endsAt, String(found.number.nationalNumber)));
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
