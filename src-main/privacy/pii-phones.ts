/**
 * Phone numbers, found and parsed by libphonenumber-js (Google's libphonenumber metadata) in
 * national and international forms with any separators (spaces, dots, dashes, parentheses).
 * A number with its country code ("+33 6 12 34 56 78") says its country; one without it is read
 * as a number of the dataset's region when one is given, then of GB and US. Each is keyed by
 * its E.164 form ("+33612345678"), so two spellings of one number compare equal. Numbers that
 * are merely *possible* (the right length) count, not only *valid* ones: the ranges reserved
 * for fiction (07700 900xxx, 555-01xx), which synthetic and anonymised data use, are
 * deliberately invalid. Pure.
 */
import { findPhoneNumbersInText, isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import type { PiiOptions } from './pii-normalize.js';
import { spanOf, type PiiSpan } from './pii-span.js';

const DEFAULT_COUNTRIES: readonly CountryCode[] = ['GB', 'US'];

/** A written date ("12.03.2024", "2024-03-12") is never a phone number, though German numbers can be as short. */
const DATE_SHAPED = /^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2})$/;

/**
 * Possible-length matching also accepts plain figures ("1234567 points", "£1,250,000"), so a
 * match must look dialled: at least 7 digits, no thousands comma, not a date, and a leading
 * "+", "(" or "0", a separator between digit groups, or 10 digits and more.
 */
function looksLikePhone(written: string): boolean {
  const digits = written.replace(/\D/g, '').length;
  if (digits < 7 || written.includes(',') || DATE_SHAPED.test(written.trim())) return false;
  return /^[+(0]/.test(written) || /\d[\s.-]+\d/.test(written) || digits >= 10;
}

/** The countries tried for numbers without a country code: the region first when libphonenumber knows it. */
export function phoneCountries(options: PiiOptions = {}): readonly CountryCode[] {
  const region = options.region?.toUpperCase();
  if (!region || !isSupportedCountry(region)) return DEFAULT_COUNTRIES;
  return [region as CountryCode, ...DEFAULT_COUNTRIES.filter((c) => c !== region)];
}

/**
 * Phone numbers in the text, keyed by E.164; a number that is not valid where it was read has
 * its national digits as the plain form. A number
 * written without a country code is read in each candidate country (phoneCountries); the first
 * country where it is valid wins, else the first where it is possible.
 */
export function findPhones(text: string, options: PiiOptions = {}): PiiSpan[] {
  const candidates: { span: PiiSpan; valid: boolean; rank: number }[] = [];
  phoneCountries(options).forEach((defaultCountry, rank) => {
    for (const found of findPhoneNumbersInText(text, { defaultCountry, extended: true })) {
      const written = text.slice(found.startsAt, found.endsAt);
      if (!looksLikePhone(written)) continue;
      const valid = found.number.isValid();
      // A valid number's country is certain: compared as E.164 only. A merely possible one (no
      // region given, or a range reserved for fiction) is matched by its national digits too,
      // less any leading 0 (a trunk prefix where the number was misread).
      const span = spanOf('phone', text, found.startsAt, found.endsAt, found.number.number, valid ? undefined : String(found.number.nationalNumber).replace(/^0+/, ''));
      candidates.push({ span, valid, rank });
    }
  });
  // Valid before merely possible, then by the countries' order; overlapping readings lose.
  candidates.sort((a, b) => Number(b.valid) - Number(a.valid) || a.rank - b.rank || a.span.start - b.span.start);
  const out: PiiSpan[] = [];
  for (const { span } of candidates) {
    if (out.some((s) => s.start < span.end && span.start < s.end)) continue;
    out.push(span);
  }
  return out.sort((a, b) => a.start - b.start);
}
